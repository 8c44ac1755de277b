"""Privacy and the Content-Security-Policy, in a real Chromium.

Every request of every kind of page (search included) goes to the site's own origin; no
cookie is set, none is readable; nothing is written to or read from localStorage or
sessionStorage (Material keeps its UI state there; theme/assets/caselaw.js keeps it in
memory instead); and no page breaks its Content-Security-Policy.
"""

from __future__ import annotations

import html
import re

import pytest

from tests.readers import PAGES, VIEWPORTS, Recorder, csp_violations, open_page
from tests.site_helpers import parse

POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
          "object-src 'none'; base-uri 'self'; form-action 'self'")
# Counts every use of the Web Storage API, before any of the page's own scripts run.
STORAGE_SPY = """
window.__storage = [];
for (const name of ["getItem", "setItem", "removeItem", "clear", "key"]) {
  const original = Storage.prototype[name];
  Storage.prototype[name] = function (...args) {
    window.__storage.push((this === window.localStorage ? "local" : "session") + "." + name + "(" + args.join(",") + ")");
    return original.apply(this, args);
  };
}
"""


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def watched(request, browser):
    context = browser.new_context(**VIEWPORTS[request.param])
    context.add_init_script(STORAGE_SPY)
    recorder = Recorder.attach(context)
    page = context.new_page()
    yield context, page, recorder
    context.close()


@pytest.mark.parametrize(("kind", "url"), PAGES, ids=[k for k, _ in PAGES])
def test_nothing_leaves_the_site_no_cookie_no_storage_no_csp_violation(watched, server, kind, url):
    context, page, recorder = watched
    open_page(page, server.base, url)
    page.mouse.wheel(0, 2000)  # Material reacts to scrolling (header, back-to-top button)
    page.wait_for_timeout(200)
    if kind == "search":
        page.check("#cl-facets input[type=checkbox] >> nth=1")
        page.wait_for_function("() => location.search.split('&').length > 2")
        page.wait_for_selector("#cl-search[aria-busy=false][data-rendered-query]")
    assert recorder.requests, "the recorder saw the page load"
    assert [u for u in recorder.requests if not u.startswith(server.base)] == []
    assert context.cookies() == []
    assert page.evaluate("document.cookie") == ""
    assert page.evaluate("window.__storage") == []
    assert page.evaluate("[localStorage.length, sessionStorage.length]") == [0, 0]
    assert csp_violations(page, recorder) == []
    assert recorder.errors == []


def test_a_csp_violation_would_be_caught(browser, server):
    """The check above can fail: an inline script and a third-party image are blocked and reported."""
    context = browser.new_context()
    recorder = Recorder.attach(context)
    page = context.new_page()
    open_page(page, server.base, "cases/ecthr-2010-rantsev/")
    page.evaluate("""() => {
        const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.appendChild(s);
        const i = document.createElement('img'); i.src = 'https://example.org/pixel.png'; document.body.appendChild(i);
    }""")
    page.wait_for_timeout(300)
    found = csp_violations(page, recorder)
    ran = page.evaluate("window.__ran")
    context.close()
    assert ran is None
    assert any("script-src" in v for v in found) and any("img-src" in v for v in found), found


def test_every_page_carries_the_policy(site):
    """Every HTML page has a policy, first in its head, that allows no inline script; the pages of
    the theme (those that load Material) have the site's policy; redirects carry no script at all."""
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        text = path.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            assert "<script" not in text, path
            continue
        head = text[: text.index("</head>")]
        match = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', head)
        assert match, f"{path}: no Content-Security-Policy"
        policy = html.unescape(match.group(1))
        assert head.index(match.group(0)) < min(head.find(t) if head.find(t) >= 0 else len(head) for t in ("<link", "<script", "<style"))
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, path
        assert "<script>" not in text, f"{path}: an inline script would break the policy"
        assert "localStorage" not in text and "sessionStorage" not in text, path
        if "assets/javascripts/bundle." in text:
            assert policy == POLICY, path
            assert " style=" not in text, f"{path}: an inline style would break the policy"


def test_no_third_party_address_is_loaded_by_any_page(site):
    """Static check of every page: scripts, styles, images and icons come from the site itself."""
    for path in sorted(site.rglob("*.html")):
        for tag, attr, value in parse(path).links:
            if tag in ("script", "img", "link", "iframe", "source") and attr in ("src", "href"):
                if tag == "link" and "canonical" in path.read_text(encoding="utf-8") and value.startswith("http://127.0.0.1:8000/"):
                    continue  # canonical and alternate links name the site's own address
                assert not value.startswith(("http:", "https:", "//")), (path, tag, value)
