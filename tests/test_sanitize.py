"""The HTML allow-list, the URL check and the validator's unsafe-address rules."""

from __future__ import annotations

import sys

import pytest

from generator import sanitize
from generator.reader import parse_case
from generator.sanitize import clean_html, find_unsafe_urls, is_safe_url, url_scheme
from generator.validate import validate_record
from tests.conftest import SYNTHETIC_CASE, TODAY

SAFE = ["https://example.org/x", "http://example.org", "HTTPS://EXAMPLE.ORG", "mailto:registry@example.org",
        "/cases/x/", "../x/", "x.html", "#facts", "?q=1", "//example.org/x", "", "https://example.org/a b"]
UNSAFE = [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "\x01javascript:alert(1)",
    "java\tscript:alert(1)", "java\nscript:alert(1)", "java\rscript:alert(1)", "java\u200bscript:alert(1)",
    "&#106;avascript:alert(1)", "&#x6A;avascript:alert(1)", "&#0000106avascript:alert(1)", "javascript&colon;alert(1)",
    "jav&#x09;ascript:alert(1)", "&amp;#106;avascript:alert(1)", "%6Aavascript:alert(1)", "javascript%3Aalert(1)",
    "\u00a0javascript:alert(1)", "vbscript:msgbox(1)", "data:text/html,<script>alert(1)</script>",
    "data:image/svg+xml;base64,PHN2Zz4=", "file:///etc/passwd", "ftp://example.org", "tel:+100", "blob:https://x/1",
    "<javascript:alert(1)>",
]


@pytest.mark.parametrize("url", SAFE)
def test_safe_urls(url):
    assert is_safe_url(url)


@pytest.mark.parametrize("url", UNSAFE)
def test_unsafe_urls_however_disguised(url):
    assert not is_safe_url(url)


def test_non_text_is_not_a_safe_url():
    assert not is_safe_url(None)  # type: ignore[arg-type]
    assert url_scheme("/cases/") is None and url_scheme("JavaScript:x") == "javascript"


def test_clean_html_keeps_what_a_summary_needs():
    fragment = ('<h2 id="facts">Facts<a class="headerlink" href="#facts" title="Permanent link">¶</a></h2>'
                "<p><em>a</em> <strong>b</strong> <code>c</code> <a href=\"https://example.org/j\">judgment</a></p>"
                "<ul><li>one</li></ul><ol start=\"2\"><li>two</li></ol>"
                '<table><thead><tr><th colspan="2">h</th></tr></thead><tbody><tr><td>d</td></tr></tbody></table>'
                '<div class="admonition note"><p class="admonition-title">Note</p><p>x</p></div><blockquote>q</blockquote>')
    cleaned = clean_html(fragment)
    for kept in ('<h2 id="facts">', 'class="headerlink"', 'href="#facts"', "<em>a</em>", "<strong>b</strong>", "<code>c</code>",
                 'href="https://example.org/j"', 'rel="noopener nofollow"', "<li>one</li>", 'start="2"', 'colspan="2"',
                 '<div class="admonition note">', '<p class="admonition-title">', "<blockquote>q</blockquote>"):
        assert kept in cleaned, kept


@pytest.mark.parametrize("fragment, gone", [
    ("<script>window.__xss=1</script>", "__xss"),
    ('<img src="x" onerror="window.__xss=1">', "<img"),
    ('<p onclick="window.__xss=1">x</p>', "onclick"),
    ('<p style="position:fixed">x</p>', "style"),
    ('<a href="javascript:window.__xss=1">x</a>', "javascript"),
    ('<a href="&#106;avascript:window.__xss=1">x</a>', "avascript"),
    ('<a href="jav&#x09;ascript:window.__xss=1">x</a>', "ascript"),
    ('<a href="data:text/html,<script>1</script>">x</a>', "data:"),
    ('<svg onload="window.__xss=1"><circle/></svg>', "svg"),
    ('<iframe src="https://example.org"></iframe>', "iframe"),
    ('<form action="https://example.org"><input name="a"><button>go</button></form>', "form"),
    ("<style>body{display:none}</style>", "display"),
    ('<object data="x.swf"></object><embed src="x.swf">', "swf"),
    ('<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=1">', "onerror"),
    ('<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">', "onerror"),
    ('<a href="https://x" target="_blank" rel="opener">x</a>', 'rel="opener"'),
    ('<a href="https://x" target="_blank">x</a>', "target"),
    ('<h2 id="__drawer">x</h2>', "__drawer"),
    ('<h2 id="cl-search">x</h2>', "cl-search"),
    ('<div class="md-header">x</div>', "md-header"),
    ("<!-- <script>x</script> -->", "<!--"),
    ('<base href="https://evil.example/">', "base"),
    ('<meta http-equiv="refresh" content="0;url=javascript:1">', "refresh"),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', "stylesheet"),
    ('<details open ontoggle="window.__xss=1">x</details>', "ontoggle"),
    ('<video><source onerror="window.__xss=1"></video>', "onerror"),
])
def test_clean_html_removes_what_could_run_or_restyle(fragment, gone):
    assert gone not in clean_html(fragment)


def test_clean_html_is_idempotent_on_its_output():
    once = clean_html('<p>a <a href="https://x.org">b</a> <img src=x onerror=1></p>')
    assert clean_html(once) == once


@pytest.mark.parametrize("error", [KeyboardInterrupt, RuntimeError])
def test_an_error_inside_the_attribute_filter_is_raised_not_swallowed(monkeypatch, error):
    # nh3 only prints what its Python callback raises and drops the attribute: a Ctrl+C landing there
    # let a build go on and publish a page without a heading's id (seen in tests/test_atomic_build.py).
    def interrupted(pattern_value: str) -> None:
        raise error("interrupted")

    monkeypatch.setattr(sanitize, "_ID", type("Pattern", (), {"match": staticmethod(interrupted)})())
    hook = sys.unraisablehook
    with pytest.raises(error):
        clean_html('<h2 id="facts">Facts</h2>')
    assert sys.unraisablehook is hook
    monkeypatch.undo()
    assert clean_html('<h2 id="facts">Facts</h2>') == '<h2 id="facts">Facts</h2>'


def test_find_unsafe_urls_in_every_markdown_form():
    body = "\n".join([
        "## Facts",                                        # 0
        "[click](javascript:alert(1))",                   # 1
        "![i](data:image/png;base64,AAAA)",               # 2
        '<a href="jav&#x09;ascript:alert(1)">x</a>',      # 3
        "<a",                                             # 4
        "href='java",                                     # 5
        "script:alert(2)'>y</a>",                         # 6
        "[r]: vbscript:msgbox",                           # 7
        "<javascript:alert(3)>",                          # 8
        '<meta http-equiv=refresh content="0;url=javascript:alert(4)">',  # 9
        "[fine](https://example.org) <https://example.org> [rel](/cases/x/) [m](mailto:a@b.org)",  # 10
        "personal data: 3/4 of the workers; Re: appeal",  # 11
    ])
    hits = find_unsafe_urls(body)
    assert [h.line_offset for h in hits] == [1, 2, 3, 5, 7, 8, 9]
    assert {h.context for h in hits} >= {"a Markdown link or image", "an HTML attribute", "a Markdown link definition",
                                          "an autolink", "the text"}


def _problems(text: str):
    return validate_record(parse_case(text, "gbr/x.md"), TODAY)


def test_validator_rejects_an_unsafe_link_in_the_body_with_file_line_field_and_fix():
    text = SYNTHETIC_CASE.replace("A.B. gave\nevidence", "A.B. gave [the judgment](JaVaScRiPt:alert(1))\nevidence")
    [problem] = [p for p in _problems(text) if p.code == "unsafe-url"]
    assert problem.path == "gbr/x.md" and problem.field == "body"
    assert problem.line == text.split("\n").index(next(x for x in text.split("\n") if "JaVaScRiPt" in x)) + 1
    assert "javascript:" in problem.message and "https" in problem.hint


@pytest.mark.parametrize("url", ["javascript:alert(1)", "' javascript:alert(1)'", "data:text/html,x", '"java\\tscript:x"'])
def test_validator_rejects_unsafe_source_urls(url):
    text = SYNTHETIC_CASE.replace("url: https://example.org/synthetic-judgment", f"url: {url}")
    problems = [p for p in _problems(text) if p.code == "unsafe-url"]
    assert problems and problems[0].field == "sources[0].url" and problems[0].hint


@pytest.mark.parametrize("field, old", [("title", "title: Synthetic Test Case v. Nobody"), ("court", "court: Synthetic Test Court"),
                                        ("keywords[0]", "keywords: [synthetic]")])
def test_validator_rejects_script_addresses_in_free_text(field, old):
    new = {"title": "title: '<a href=\"javascript:alert(1)\">x</a> v. Nobody'", "court": "court: 'vbscript:msgbox'",
           "keywords[0]": "keywords: ['data:text/html,<b>x</b>']"}[field]
    problems = [p for p in _problems(SYNTHETIC_CASE.replace(old, new, 1)) if p.code == "unsafe-url"]
    assert [p.field for p in problems] == [field]


@pytest.mark.parametrize("alias", ["/a/../../../tmp/x/", "/./cases/", "/cases//x/"])
def test_validator_rejects_aliases_that_climb_out_of_the_site(alias):
    text = SYNTHETIC_CASE.replace("landmark: false", f"landmark: false\naliases: ['{alias}']")
    assert [p.field for p in _problems(text) if p.code == "alias-path"] == ["aliases[0]"]


def test_ordinary_text_is_not_mistaken_for_an_address():
    prose = "A.B. gave (personal data: 3/4 of wages; Re: appeal; see [the judgment](https://example.org/j)) evidence"
    text = SYNTHETIC_CASE.replace("A.B. gave\nevidence", prose)
    assert _problems(text) == []
