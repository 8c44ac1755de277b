"""Case bodies converted with the gated inline patterns come out exactly as Python-Markdown's own."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from markdown.inlinepatterns import InlineProcessor

from generator.mkdocs_plugin import fast_markdown

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = ["toc", "attr_list", "admonition", "tables"]  # as mkdocs.yml has them
CONFIGS = {"toc": {"permalink": True}}

MARKUP = """# Facts {#facts}

Plain prose, then `code`, ``a `tick` inside``, \\*not emphasis\\*, a \\` and \\\\ escapes.
*em*, **strong**, ***both***, _em_, __strong__, snake_case_word, 2 * 3 * 4, a_b * c_d.
A [link](https://example.org/a "title"), a [reference][r], a [short one][], [r] alone, [not a link.
An ![image](x.png), an ![image ref][r], ![r], and a lone ! and [ and ].
<https://example.org/auto>, <someone@example.org>, <span>inline HTML</span>, a < b > c,
&amp; &#169; &#xA9; & alone, AT&T; line break here{BREAK}next line, and trailing spaces without a break  .

[r]: https://example.org/ref
[short one]: https://example.org/short

!!! note "An admonition"
    With *emphasis* and a [link](https://example.org/n).

| Court | Year |
|---|---|
| *High* Court | `2020` |

- item with __strong__ and <em>html</em>
- item with [link][r]

> quoted `code` and &copy;
""".replace("{BREAK}", "  \n")


def _converters() -> tuple[markdown.Markdown, markdown.Markdown]:
    plain = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    fast = fast_markdown.install(markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS))
    return plain, fast


def _bodies() -> list[tuple[str, str]]:
    files = sorted([*(ROOT / "cases").rglob("*.md"), *(ROOT / "docs").rglob("*.md")])
    assert len(files) > 50
    return [(str(p.relative_to(ROOT)), p.read_text(encoding="utf-8")) for p in files] + [("markup", MARKUP)]


def test_every_shipped_case_and_page_and_all_inline_markup_convert_the_same() -> None:
    plain, fast = _converters()
    for name, text in _bodies():
        assert fast.reset().convert(text) == plain.reset().convert(text), name
    # The markup sample does reach every gated pattern: each of them matched something in it.
    html = plain.reset().convert(MARKUP)
    for expected in ("<code>", "<strong>", "<em>", 'href="https://example.org/ref"', "<img", "<br />",
                     'href="https://example.org/auto"', "&#109;&#97;&#105;&#108;&#116;&#111;&#58;", "<span>", "&amp;", "&#169;"):
        assert expected in html, expected


class _Counting:
    """A compiled pattern that counts the scans asked of it."""

    def __init__(self, compiled) -> None:  # type: ignore[no-untyped-def]
        self.compiled, self.scans = compiled, 0

    def finditer(self, *args):  # type: ignore[no-untyped-def]
        self.scans += 1
        return self.compiled.finditer(*args)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self.compiled, name)


def _counted(md: markdown.Markdown) -> dict[str, _Counting]:
    counters = {}
    for name in fast_markdown._NEEDS:
        gated = md.inlinePatterns[name].compiled_re if name in md.inlinePatterns else None
        if hasattr(gated, "compiled"):
            counters[name] = gated.compiled = _Counting(gated.compiled)
    return counters


def test_plain_prose_is_not_scanned_and_markup_is() -> None:
    _, fast = _converters()
    counters = _counted(fast)
    assert set(counters) >= {"backtick", "escape", "link", "image_link", "autolink", "html", "entity", "em_strong"}
    fast.reset().convert("The court found that the accused recruited eleven workers, 2019-2021.\n\nA second paragraph.")
    assert {name: c.scans for name, c in counters.items() if c.scans} == {}
    fast.reset().convert("A [link](https://example.org) and *emphasis*.")
    assert counters["link"].scans and counters["em_strong"].scans and not counters["backtick"].scans


def test_a_pattern_an_extension_replaced_is_tried_as_before() -> None:
    class Shout(InlineProcessor):
        def handleMatch(self, m, data):  # type: ignore[no-untyped-def]
            return m.group(0).upper(), m.start(0), m.end(0)

    md = markdown.Markdown()
    md.inlinePatterns.register(Shout(r"\bcourt\b"), "link", 160)  # no "[" needed
    fast_markdown.install(md)
    assert "COURT" in md.convert("the court held")


def test_installing_twice_wraps_once() -> None:
    _, fast = _converters()
    gated = fast.inlinePatterns["link"].compiled_re
    fast_markdown.install(fast)
    assert fast.inlinePatterns["link"].compiled_re is gated
    assert gated.compiled.pattern == markdown.Markdown().inlinePatterns["link"].compiled_re.pattern


@pytest.mark.parametrize("text", ["a\\", "[", "![", "<", "&", "  \n", "*", "_", "`"])
def test_a_lone_trigger_character_converts_the_same(text: str) -> None:
    plain, fast = _converters()
    assert fast.reset().convert(f"x {text} y") == plain.reset().convert(f"x {text} y")
