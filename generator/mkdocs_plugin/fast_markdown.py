"""The same Markdown, converted with less work per case body: thousands of bodies go through it.

Python-Markdown tries each of its inline patterns (code, escapes, links, images, autolinks,
line breaks, raw HTML, entities, emphasis) on every piece of text, each a regular expression
scanning the whole paragraph: most of a body's conversion, though most paragraphs of a case
summary have no markup at all. Each built-in pattern can only match where a certain character
is (a backtick, a backslash, ``[``, ``![``, ``<``, ``&``, two spaces before a line break, ``*``
or ``_``), so a pattern is now tried only on text that holds its character: 0.72 -> 0.49 ms
a body on the cases of ``cases/``, the same HTML (a test compares the two on every shipped case
and on text full of markup). Patterns of other extensions, built-in names that an extension has
replaced with a class of its own, and the emphasis classes of older versions are tried as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from markdown import Markdown, inlinepatterns

# Built-in pattern name -> (the name of its class, the strings of which a text must hold one for it to match).
# Emphasis is one DelimiterProcessor in recent Python-Markdown: its own tokens, "*" and "_", are what it needs.
_NEEDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "backtick": ("BacktickInlineProcessor", ("`",)),
    "escape": ("EscapeInlineProcessor", ("\\",)),
    "reference": ("ReferenceInlineProcessor", ("[",)),
    "link": ("LinkInlineProcessor", ("[",)),
    "image_link": ("ImageInlineProcessor", ("![",)),
    "image_reference": ("ImageReferenceInlineProcessor", ("![",)),
    "short_reference": ("ShortReferenceInlineProcessor", ("[",)),
    "short_image_ref": ("ShortImageReferenceInlineProcessor", ("![",)),
    "autolink": ("AutolinkInlineProcessor", ("<",)),
    "automail": ("AutomailInlineProcessor", ("<",)),
    "linebreak": ("SubstituteTagInlineProcessor", ("  \n",)),
    "html": ("HtmlInlineProcessor", ("<",)),
    "entity": ("HtmlInlineProcessor", ("&",)),
    "em_strong": ("DelimiterProcessor", ()),
}


class _Gated:
    """A compiled pattern that does not scan text lacking every one of ``needs``."""

    __slots__ = ("compiled", "needs")

    def __init__(self, compiled: Any, needs: tuple[str, ...]) -> None:
        self.compiled, self.needs = compiled, needs

    def finditer(self, data: str, *args: Any) -> Iterator[Any]:
        for needed in self.needs:
            if needed in data:
                return self.compiled.finditer(data, *args)
        return iter(())

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled, name)


def install(md: Markdown) -> Markdown:
    """Gate ``md``'s built-in inline patterns (see above); return ``md``. Installing twice changes nothing more."""
    for name, (kind, needs) in _NEEDS.items():
        if name not in md.inlinePatterns:
            continue
        pattern = md.inlinePatterns[name]
        if kind == "DelimiterProcessor":
            needs = tuple(getattr(pattern, "tokens", ()))
        if (type(pattern) is getattr(inlinepatterns, kind, None) and needs
                and not isinstance(pattern.compiled_re, _Gated)):
            pattern.compiled_re = _Gated(pattern.compiled_re, needs)
    return md
