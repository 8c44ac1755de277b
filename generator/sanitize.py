"""Hostile input kept out of the site: an HTML allow-list and a URL check.

Anyone can open a pull request with a case file, so everything in it is untrusted.
Two lines of defence:

* the validator rejects every unsafe URL it can find (``find_unsafe_urls`` over the
  Markdown body, ``is_safe_url`` for URL fields), so a contributor hears about it with a
  file, a line and a fix;
* whatever HTML the Markdown body turns into goes through ``clean_html`` before it is
  published, so a payload the validator did not recognise still cannot run.

Safe URLs are http, https, mailto and relative ones (``/cases/x/``, ``../``, ``#facts``).
Everything else is refused, however it is disguised: ``JaVaScRiPt:``, ``java&#x09;script:``,
``&#106;avascript:``, control characters or white space inside the scheme, and so on.
"""

from __future__ import annotations

import contextlib
import html
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

import nh3

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Schemes that run code or carry a document of their own: refused wherever they appear.
SCRIPT_SCHEMES = ("javascript", "vbscript", "livescript", "mocha")

_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp", "Co", "Cn"}

# --- clean_html ---------------------------------------------------------------------------------

TAGS = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "div", "span", "blockquote",
    "ul", "ol", "li", "dl", "dt", "dd",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
    "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "code", "pre", "kbd", "abbr", "cite", "q", "a",
})
# Dropped together with everything inside them, not just unwrapped.
_DROP_WITH_CONTENT = frozenset({
    "script", "style", "template", "noscript", "iframe", "frame", "frameset", "object", "embed",
    "applet", "svg", "math", "textarea", "select", "option", "title", "xmp", "noembed", "noframes",
    "plaintext", "head", "canvas", "audio", "video", "picture", "map",
})
ATTRIBUTES = {
    "*": {"title", "lang"},
    "a": {"href", "id", "name"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "th": {"colspan", "rowspan", "scope"}, "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed"}, "li": {"value"},
    "abbr": set(), "q": {"cite"}, "blockquote": {"cite"},
    "div": set(), "p": set(), "span": set(),
}
# Python-Markdown's admonitions and the table of contents' permalinks; nothing else has a class.
CLASSES = {
    "div": {"admonition", "note", "info", "tip", "hint", "important", "warning", "caution", "attention",
            "danger", "error", "abstract", "summary", "success", "question", "failure", "bug", "example", "quote"},
    "p": {"admonition-title"},
    "a": {"headerlink"},
}
# Heading ids come from the table of contents (slugs of the heading text). An id must not
# shadow the ids the site's own scripts look up (Material's "__drawer", "__search", ...,
# the case search's "cl-...") nor a name such scripts read from ``window``.
_ID = re.compile(r"^(?!__|md-|cl-)[A-Za-z0-9_][A-Za-z0-9_.:-]{0,127}$")
_URL_ATTRIBUTES = {"href", "cite"}


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("id", "name"):
        return value if _ID.match(value) else None
    if attribute in _URL_ATTRIBUTES:
        return value if is_safe_url(value) else None
    if attribute in ("colspan", "rowspan", "start", "value"):
        return value if value.isdigit() and len(value) <= 4 else None
    return value


def clean_html(fragment: str) -> str:
    """The HTML of a case summary with only what a summary needs: no script can survive.

    Kept: headings, paragraphs, lists, tables, emphasis, code, quotes and links whose
    address is http, https, mailto or relative (each link gets rel="noopener nofollow").
    Removed: scripts, styles, images, media, frames, forms, event handlers, ``style``
    attributes, unknown classes and ids that could shadow the page's own.
    """
    with _errors_raised() as errors:
        cleaned = nh3.clean(
            fragment,
            tags=set(TAGS),
            clean_content_tags=set(_DROP_WITH_CONTENT),
            attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
            allowed_classes={tag: set(names) for tag, names in CLASSES.items()},
            attribute_filter=_attribute_filter,
            url_schemes=set(SAFE_SCHEMES),
            link_rel="noopener nofollow",
            strip_comments=True,
        )
    if errors:
        raise errors[0]
    return cleaned


@contextlib.contextmanager
def _errors_raised() -> Iterator[list[BaseException]]:
    """Collect what ``_attribute_filter`` raised inside nh3, which only prints it and drops the attribute.

    A Ctrl+C landing in the filter would otherwise be swallowed and the build go on with an id
    or a link missing from one page: the site swapped in would be neither the old nor the new one.
    """
    errors: list[BaseException] = []
    previous = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: errors.append(unraisable.exc_value or RuntimeError(unraisable.err_msg))
    try:
        yield errors
    finally:
        sys.unraisablehook = previous


# --- URLs ---------------------------------------------------------------------------------------

def normalise_url(url: str) -> str:
    """What a browser makes of a URL's scheme: entities decoded, invisible characters gone, lower case."""
    text = url
    for _ in range(4):  # "&amp;#106;" -> "&#106;" -> "j": decode until nothing changes
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    # Browsers strip leading control characters and spaces and drop tabs and line breaks
    # anywhere; invisible characters (zero-width spaces, ...) go too, to be safe.
    text = "".join(ch for ch in text.lstrip("".join(map(chr, range(33))) + "\u00a0\u3000")
                   if unicodedata.category(ch) not in _INVISIBLE)
    return text.lower()


def url_scheme(url: str) -> str | None:
    """The scheme a browser would see (``"javascript"``), or None for a relative URL."""
    text = normalise_url(url).lstrip("<")
    match = _SCHEME.match(text)
    return match.group(1) if match else None


def is_safe_url(url: str) -> bool:
    """True for http, https, mailto and relative URLs; False for anything else, disguised or not."""
    if not isinstance(url, str):
        return False
    if ":" not in url and "&" not in url and "%" not in url:
        return True  # no scheme, however disguised, without a colon: a relative address
    for candidate in (url, unquote(url)):
        scheme = url_scheme(candidate)
        if scheme is not None and scheme not in SAFE_SCHEMES:
            return False
    return True


# --- finding URLs in Markdown -------------------------------------------------------------------

@dataclass(frozen=True)
class UnsafeUrl:
    """An unsafe URL in a text: where it starts (offset, line within the text), what it is, how it is used."""

    offset: int
    line_offset: int
    url: str
    context: str

    @property
    def shown(self) -> str:
        text = " ".join(self.url.split())
        return text if len(text) <= 60 else text[:57] + "..."


# At most 4,096 characters of an address are looked at: the scheme is always at its start.
_URL_PLACES: tuple[tuple[re.Pattern[str], str], ...] = (
    # [text](url "title") and ![alt](url)
    (re.compile(r"\]\(\s*(?P<url>[^)]{0,4096})"), "a Markdown link or image"),
    # [label]: url
    (re.compile(r"^[ ]{0,3}\[[^\]\n]{1,999}\]:[ \t]*\n?[ \t]*(?P<url>\S{1,4096})", re.M), "a Markdown link definition"),
    # <scheme:...>
    (re.compile(r"<(?P<url>[A-Za-z][A-Za-z0-9+.\-]{0,31}:[^\s<>]{0,4096})>"), "an autolink"),
    # href=..., src=..., and every other HTML attribute that holds an address
    (re.compile(
        r"(?i)(?<![\w-])(?:href|src|srcset|action|formaction|xlink:href|poster|background|data|cite|longdesc|lowsrc|"
        r"dynsrc|ping|manifest|codebase|archive|usemap|icon|profile|classid)\s*=\s*"
        r"(?P<url>\"[^\"]{0,4096}|'[^']{0,4096}|[^\s>\"'`]{1,4096})"), "an HTML attribute"),
)
# Script schemes anywhere in the text, letters possibly split by white space or entities.
_SCRIPT_ANYWHERE = re.compile(
    r"(?i)(?<![a-z])(?:" + "|".join(r"\s*".join(name) for name in SCRIPT_SCHEMES) + r")\s*:"
    r"|(?<![a-z])d\s*a\s*t\s*a\s*:[\t\n\r]*(?:(?:text|image|application|audio|video|font|multipart|message|model)/[\w.+-]+|,|;base64)"
)


def _decoded_lines(text: str) -> str:
    """The text with entities decoded line by line, keeping the number of lines."""
    if "&" not in text:
        return text
    out = []
    for line in text.split("\n"):
        if "&" in line:
            line = normalise_entities(line)
        out.append(line)
    return "\n".join(out)


def normalise_entities(line: str) -> str:
    for _ in range(4):
        decoded = html.unescape(line)
        if decoded == line:
            break
        line = decoded
    return line.replace("\n", " ").replace("\r", " ")


def find_unsafe_urls(text: str) -> list[UnsafeUrl]:
    """Every unsafe address in a Markdown text (links, images, definitions, autolinks, HTML
    attributes), and every script or data address anywhere in it, in order of position."""
    if ":" not in text and "&" not in text and "%" not in text:
        return []  # as in is_safe_url: no scheme, however disguised, without a colon (most short fields)
    found: dict[int, UnsafeUrl] = {}

    def line_of(offset: int) -> int:
        return text.count("\n", 0, offset)

    for pattern, context in _URL_PLACES:
        for match in pattern.finditer(text):
            raw = match.group("url").strip()
            if raw[:1] in "\"'":
                raw = raw[1:]
            if not is_safe_url(raw):
                start = match.start("url")
                found.setdefault(start, UnsafeUrl(start, line_of(start), raw, context))
                if len(found) >= 50:
                    break
    decoded = _decoded_lines(text)
    lines = {hit.line_offset for hit in found.values()}
    line, counted = 0, 0
    for match in _SCRIPT_ANYWHERE.finditer(decoded):
        if len(found) >= 50:
            break
        line += decoded.count("\n", counted, match.start())
        counted = match.start()
        if line in lines:
            continue
        lines.add(line)
        shown = re.split(r"[\s\"'<>]", decoded[match.end():match.end() + 80], maxsplit=1)[0]
        found[-1 - match.start()] = UnsafeUrl(match.start(), line, match.group(0) + shown, "the text")
    return sorted(found.values(), key=lambda hit: (hit.line_offset, hit.offset))


def iter_script_schemes(text: str) -> Iterator[str]:
    """Script or data addresses anywhere in a plain-text field (titles, summaries, ...)."""
    for match in _SCRIPT_ANYWHERE.finditer(_decoded_lines(text)):
        yield match.group(0)
