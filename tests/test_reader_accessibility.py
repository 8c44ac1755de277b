"""Accessibility in a real Chromium, on a desktop and a phone: axe-core finds no WCAG 2.1 A/AA
violation on any kind of page; the keyboard reaches everything, in reading order, with a
visible focus; headings, landmarks and link text make sense to a screen reader.

Every page is also photographed, at both sizes, into tests/artifacts/screenshots/ for review.
"""

from __future__ import annotations

import itertools

import pytest

from tests.readers import PAGES, SCREENSHOTS, VIEWPORTS, describe, open_page, run_axe


@pytest.fixture(scope="module", params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport_page(request, browser):
    context = browser.new_context(**VIEWPORTS[request.param])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    yield request.param, page
    context.close()
    assert errors == []


@pytest.mark.parametrize(("kind", "url"), PAGES, ids=[k for k, _ in PAGES])
def test_no_wcag_violation_and_a_screenshot(viewport_page, server, kind, url):
    viewport, page = viewport_page
    open_page(page, server.base, url)
    violations = run_axe(page)  # before the full-page screenshot, whose resizing sets Material's tabs moving
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{kind}-{viewport}.png"), full_page=True)
    assert violations == [], f"{kind} ({viewport}):\n" + describe(violations)


# Elements the keyboard must reach: everything a reader can act on and can see, by their
# position among all elements. Material's "Back to top" button shows only while the page
# scrolls up, so it comes and goes as Tab scrolls: it is left out of the count.
FOCUSABLE = """() => {
  const all = [...document.querySelectorAll('*')];
  return [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]')]
    .filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden'
                 && !e.closest('[hidden], [inert], [data-md-component=top], details:not([open]) > :not(summary)'))
    .map(e => all.indexOf(e));
}"""

ACTIVE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const style = getComputedStyle(e);
  return {index: [...document.querySelectorAll('*')].indexOf(e), top: !!e.closest('[data-md-component=top]'),
          text: (e.innerText || e.value || e.getAttribute('aria-label') || '').trim().slice(0, 40),
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0};
}"""


@pytest.mark.parametrize("url", ["cases/ecthr-2010-rantsev/", "", "search/?q=forced+labour", "countries/gbr/"])
def test_keyboard_reaches_everything_in_reading_order_with_a_visible_focus(browser, server, url):
    context = browser.new_context(**VIEWPORTS["desktop"])
    page = context.new_page()
    open_page(page, server.base, url)
    expected = page.evaluate(FOCUSABLE)
    seen: list[dict] = []
    for _ in range(len(expected) + 10):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if active is None:  # Material hid the back-to-top button while it had the focus; Tab goes on from there
            continue
        if seen and active["index"] == seen[0]["index"]:
            break
        seen.append(active)
    context.close()
    assert seen and seen[0]["text"] == "Skip to content", seen[:1]
    assert not [s for s in seen if not s["outline"]], "every focused element shows a focus outline"
    assert [s["index"] for s in seen if not s["top"]] == expected, "Tab reaches every element, in the order of the page"


def test_skip_link_moves_past_the_header_and_navigation(browser, server):
    context = browser.new_context(**VIEWPORTS["desktop"])
    page = context.new_page()
    open_page(page, server.base, "cases/ecthr-2010-rantsev/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    skipped_to = page.evaluate("document.activeElement.id")
    page.keyboard.press("Tab")
    next_stop = page.evaluate("[document.activeElement.closest('article') !== null, document.activeElement.innerText]")
    context.close()
    assert skipped_to == "cl-content"
    assert next_stop == [True, "Countries"], "the next Tab is the case's breadcrumb, past the header, tabs and sidebars"


STRUCTURE = """() => {
  const headings = [...document.querySelectorAll('article h1, article h2, article h3, article h4, article h5, article h6')]
    .filter(h => h.getClientRects().length).map(h => +h.tagName[1]);
  const links = [...document.querySelectorAll('a[href]')].filter(a => a.getClientRects().length)
    .map(a => (a.getAttribute('aria-label') || a.innerText || a.textContent || a.title || (a.querySelector('img') || {}).alt || '').trim());
  return {
    h1: document.querySelectorAll('h1').length,
    headings,
    banner: document.querySelectorAll('header').length,
    main: document.querySelectorAll('main').length,
    nav: [...document.querySelectorAll('nav')].filter(n => n.getClientRects().length).map(n => (n.getAttribute('aria-label')
      || (document.getElementById(n.getAttribute('aria-labelledby')) || {}).textContent || '').trim()),
    contentinfo: document.querySelectorAll('footer').length,
    links,
    lang: document.documentElement.lang,
    title: document.title,
  };
}"""
VAGUE = {"here", "click here", "more", "read more", "link", "this", "details"}


@pytest.mark.parametrize(("kind", "url"), PAGES, ids=[k for k, _ in PAGES])
def test_headings_landmarks_and_link_text_make_sense(browser, server, kind, url):
    context = browser.new_context(**VIEWPORTS["desktop"])
    page = context.new_page()
    open_page(page, server.base, url)
    found = page.evaluate(STRUCTURE)
    context.close()
    assert found["h1"] == 1, "one h1 per page, its title"
    levels = found["headings"]
    assert levels and levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), f"a heading level is skipped: {levels}"
    assert found["banner"] >= 1 and found["main"] == 1 and found["contentinfo"] >= 1
    assert all(found["nav"]), "every navigation landmark has a name"
    assert len(set(found["nav"])) == len(found["nav"]), f"navigation landmarks are told apart by name: {found['nav']}"
    assert "" not in found["links"], "every link has text"
    assert not VAGUE & {t.lower() for t in found["links"]}, "link text says where it goes"
    assert found["lang"] == "en" and found["title"]
