"""Weight: a case page's first visit transfers at most 70 KB gzip in all (HTML, CSS, JS,
fonts, icon; search excluded), and a repeat visit only its HTML.

Measured in Chromium against a server that behaves like a careful host (tests/readers.py):
content-hashed assets are cacheable for a year, pages must be revalidated. Bytes are what
a gzip-serving host sends (level 6), as in bench/search.py. bench/weight.py prints the
same figures.
"""

from __future__ import annotations

import pytest

from tests.readers import HASHED, PHONE, measure_weight, open_page

BUDGET = 70_000
CASE, OTHER_CASE = "cases/ecthr-2010-rantsev/", "cases/gbr-2021-bani/"


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_first_visit_of_a_case_page_is_at_most_70_kb_and_a_repeat_visit_only_its_html(browser, server, viewport):
    weight = measure_weight(browser, server, CASE, OTHER_CASE, viewport)
    report = "\n".join(f"{size:>7} {path}" for path, size in weight.first.items())
    assert weight.first_total <= BUDGET, f"{weight.first_total} bytes gzip:\n{report}"
    assert not [p for p in weight.first if "/search/" in p], "nothing of search before a search"
    assert {p.rsplit(".", 1)[-1] for p in weight.first} >= {"css", "js", "svg"}
    assets = [p for p in weight.first if not p.endswith("/")]
    assert [p for p in assets if not HASHED.search(p)] == [], "every asset has a content-hashed name, so it can be cached for good"
    assert list(weight.repeat) == ["/" + OTHER_CASE], weight.repeat_log


def test_the_same_page_again_is_revalidated_not_downloaded(browser, server):
    context = browser.new_context()
    page = context.new_page()
    open_page(page, server.base, CASE)
    page.wait_for_load_state("networkidle")
    server.log.clear()
    page.goto(server.base + "index.html")  # away and back, as a reader following links
    page.goto(server.base + CASE)
    page.wait_for_load_state("networkidle")
    log = list(server.log)
    context.close()
    assert [e for e in log if "/cases/" in e or "/assets/" in e] == ["304 /" + CASE], log


def test_hashed_asset_names_change_with_their_content(tmp_path):
    from generator.fingerprint import fingerprint, hashed_name

    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "caselaw.css").write_text("a{}")
    first = fingerprint(tmp_path)["assets/caselaw.css"][0]
    (tmp_path / "assets" / "caselaw.css").write_text("b{}")
    second = fingerprint(tmp_path)["assets/caselaw.css"][0]
    assert first != second and HASHED.search(first) and HASHED.search(second)
    assert hashed_name("assets/x.js", b"") == "assets/x.e3b0c44298.js"
