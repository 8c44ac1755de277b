"""What readers do, in a real Chromium, on a desktop and on a phone: from the home page to a
country, a case, one of its themes, a search narrowed with a filter, and the open data.

Each step is photographed into tests/artifacts/screenshots/walk-<viewport>-<step>.png, and
the whole walk is watched: no request leaves the site, no cookie, no script error, no
Content-Security-Policy violation.
"""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from tests.readers import SCREENSHOTS, SEARCH_READY, VIEWPORTS, Recorder, csp_violations


def _total(page) -> int:
    match = re.match(r"(\d+) cases?", page.inner_text("#cl-status"))
    return int(match.group(1)) if match else 0


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_reader_walks_the_site(browser, server, corpus, viewport):
    context = browser.new_context(accept_downloads=True, **VIEWPORTS[viewport])
    recorder = Recorder.attach(context)
    page = context.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    steps: list[str] = []

    def shot(step: str) -> None:
        steps.append(step)
        page.screenshot(path=str(SCREENSHOTS / f"walk-{viewport}-{len(steps)}-{step}.png"))

    # Home: what the database holds.
    page.goto(server.base)
    assert page.inner_text("h1").startswith("Case law")
    shot("home")

    # A country, from the numbers on the home page.
    page.click(".cl-stats a:has-text('countries and courts')")
    page.wait_for_url("**/countries/")
    shot("countries")
    page.click("table.cl-terms a:text-is('United Kingdom')")
    page.wait_for_url("**/countries/gbr/")
    gbr = [c for c in corpus if c["country"] == "GBR"]
    assert page.locator(".cl-item__title").count() == len(gbr)
    shot("country")

    # A case from the list.
    first = page.locator(".cl-item__title").first
    title = first.inner_text()
    first.click()
    page.wait_for_url("**/cases/**")
    assert page.inner_text("h1") == title
    case = next(c for c in gbr if c["title"] == title)
    assert case["citation"] in page.inner_text("#citation")
    shot("case")

    # One of its themes, from the at-a-glance panel: the case is listed there.
    theme = page.locator(".cl-glance dd a[href*='themes/']").first
    theme_name = theme.inner_text()
    theme.click()
    page.wait_for_url("**/themes/**")
    assert page.inner_text("h1") == theme_name
    assert title in page.inner_text(".cl-list")
    shot("theme")

    # Search from the box on every page, then narrow with a filter.
    page.fill("#cl-header-q", "forced labour")
    page.press("#cl-header-q", "Enter")
    page.wait_for_selector(SEARCH_READY, timeout=20_000)
    before = _total(page)
    assert before > 1 and page.locator("#cl-results li").count() == min(20, before)
    facet = page.locator("#cl-facets input[type=checkbox]").first
    facet.check()
    page.wait_for_function("() => location.search.includes('&')")
    page.wait_for_selector(SEARCH_READY)
    after = _total(page)
    assert 0 < after < before
    shot("search")

    # The open data: through the navigation (the drawer on a phone).
    if viewport == "phone":
        page.click("label.md-header__button[for=__drawer]")
        page.wait_for_timeout(300)
        shot("drawer")
        page.click(".md-sidebar--primary a.md-nav__link:visible:has-text('Open data')")
    else:
        page.click(".md-tabs__link:text-is('Open data')")
    page.wait_for_url("**/data/")
    shot("data")
    with page.expect_response(lambda r: r.url.endswith("data/cases.json")) as response:
        page.click("a[href$='cases.json']")
    records = json.loads(response.value.body())
    assert {r["id"] for r in records} == {c.id for c in corpus}
    page.go_back()
    page.wait_for_url("**/data/")
    with page.expect_download() as download:
        page.click("a[href$='cases.csv']")
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert len(rows) == len(corpus)

    violations = csp_violations(page, recorder)
    cookies = context.cookies()
    context.close()
    assert [u for u in recorder.requests if not u.startswith(server.base)] == []
    assert cookies == []
    assert recorder.errors == [] and violations == []
    assert len(steps) >= 7
