"""Search in a real headless Chromium: queries, stemming, diacritics, facets, shared URLs, escaping."""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from lunr.index import Index
from lunr.query import QueryPresence

from generator.links import Links
from generator.pages import pager_numbers
from site_search.documents import FIELDS, search_document
from site_search.lunr_index import build, term_of, tokens
from site_search.text import fold
from tests.browser import serve
from tests.conftest import SYNTHETIC_CASE
from tests.site_helpers import caselaw, copy_project

READY = "#cl-search[aria-busy=false][data-rendered-query]"


def expected(corpus, query: str) -> list[str]:
    """Case ids lunr.py finds for a query, every word required: what the browser must show."""
    links = Links()
    index = Index.load(build([search_document(c, i, links) for i, c in enumerate(corpus)], "ref", FIELDS))
    q = index.create_query()
    for term in filter(None, (term_of(t) for t in tokens(fold(query)))):
        q.term(term, use_pipeline=False, presence=QueryPresence.REQUIRED)
    return [corpus.cases[int(r["ref"], 36)].id for r in index.query(q)]


def open_search(page, base: str, query: str = "") -> None:
    page.goto(base + "search/" + query)
    page.wait_for_selector(READY, timeout=20_000)


def shown(page) -> list[str]:
    return [href.rstrip("/").split("/")[-1] for href in page.eval_on_selector_all("#cl-results a", "els => els.map(e => e.getAttribute('href'))")]


def total(page) -> int:
    text = page.inner_text("#cl-status")
    match = re.match(r"(\d+) cases?", text)
    return int(match.group(1)) if match else 0


def test_no_search_download_before_a_search(page, base):
    page.goto(base + "cases/ecthr-2010-rantsev/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in page.requests if "/search/" in u]
    page.fill("#cl-header-q", "Rantsev")
    page.press("#cl-header-q", "Enter")
    page.wait_for_selector(READY)
    assert urlsplit(page.url).path == "/search/" and parse_qs(urlsplit(page.url).query) == {"q": ["Rantsev"]}
    assert shown(page)[0] == "ecthr-2010-rantsev"
    assert any("/search/lunr-2.3.9." in u for u in page.requests)


@pytest.mark.parametrize("query", ["forced labour", "Rantsev", "debt bondage", "smuggling boat"])
def test_query_finds_the_right_cases(page, base, corpus, query):
    open_search(page, base, "?q=" + query.replace(" ", "+"))
    want = expected(corpus, query)
    assert want, query
    assert total(page) == len(want)
    assert shown(page)[0] == want[0]
    assert set(shown(page)) <= set(want)
    assert len(shown(page)) == min(20, len(want))


def test_only_the_needed_shards_are_downloaded(page, base):
    open_search(page, base, "?q=Rantsev")
    shards = [u for u in page.requests if "/search/index-" in u]
    assert 1 <= len(shards) <= 3


def test_stemming_finds_other_forms(page, base, corpus):
    open_search(page, base, "?q=trafficked")
    assert total(page) == len(expected(corpus, "trafficking")) > 10


def test_diacritics_are_optional(page, base, corpus):
    case = next(c for c in corpus if "União dos Palmares" in c.body)
    for query in ("Uniao dos Palmares", "União dos Palmares"):
        open_search(page, base, "?q=" + query)
        assert case.id in shown(page)
    marks = page.eval_on_selector_all("#cl-results mark", "els => els.map(e => e.textContent)")
    assert any("Palmares" in m for m in marks)


def test_typing_searches_prefixes_as_you_type(page, base, corpus):
    open_search(page, base)
    page.click("#cl-q")
    page.keyboard.type("Ranst", delay=20)
    page.wait_for_selector('#cl-search[data-rendered-query="Ranst"]')
    page.fill("#cl-q", "")
    page.keyboard.type("Rants", delay=20)
    page.wait_for_selector('#cl-search[data-rendered-query="Rants"]')
    assert shown(page)[0] == "ecthr-2010-rantsev"


def test_facets_narrow_and_count_correctly(page, base, corpus):
    open_search(page, base, "?country=ECTHR")
    ecthr = [c for c in corpus if c["country"] == "ECTHR"]
    assert total(page) == len(ecthr)
    counts = Counter(p for c in ecthr for p in c.get("purposes", []))
    for key, count in counts.items():
        label = page.inner_text(f"label[for='f-purpose-{key}'] .cl-facet__count")
        assert label == f"({count})"
    page.check("#f-purpose-sexual_exploitation")
    page.wait_for_function("() => location.search.includes('purpose=sexual_exploitation')")
    page.wait_for_selector(READY)
    want = {c.id for c in ecthr if "sexual_exploitation" in c.get("purposes", [])}
    assert total(page) == len(want) and set(shown(page)) == want
    # The country facet counts as if it were unset: every case with that purpose, per country.
    by_country = Counter(c["country"] for c in corpus if "sexual_exploitation" in c.get("purposes", []))
    page.click(".cl-more[data-param=country]")
    page.wait_for_selector("#cl-facets [data-param=country] .cl-more", state="detached")
    for code, count in by_country.items():
        assert page.inner_text(f"label[for='f-country-{code}'] .cl-facet__count") == f"({count})"


def test_year_range_and_browsing_without_text(page, base, corpus):
    open_search(page, base, "?from=2015&to=2020&sort=newest")
    want = [c.id for c in corpus if "2015" <= c["decision_date"][:4] <= "2020"]
    assert total(page) == len(want)
    assert shown(page) == want[:20]


def test_shared_url_restores_the_same_results(page, browser, base):
    open_search(page, base)
    page.fill("#cl-q", "exploitation")
    page.press("#cl-q", "Enter")
    page.wait_for_selector('#cl-search[data-rendered-query="exploitation"]')
    page.check("#cl-landmark")
    page.wait_for_function("() => location.search.includes('landmark=1')")
    page.wait_for_selector(READY)
    results, url = shown(page), page.url
    other = browser.new_page()
    other.goto(url)
    other.wait_for_selector(READY)
    assert shown(other) == results and other.input_value("#cl-q") == "exploitation"
    assert other.is_checked("#cl-landmark")
    other.close()


def test_paging(page, base, corpus):
    open_search(page, base, "?sort=newest&page=2")
    assert shown(page) == [c.id for c in corpus][20:40]
    assert page.inner_text("#cl-pager [aria-current=page]") == "2"
    page.click("#cl-pager button[data-page='1']")
    page.wait_for_function("() => !location.search.includes('page=')")
    page.wait_for_selector(READY)
    assert shown(page) == [c.id for c in corpus][:20]


def test_the_pager_shows_the_numbers_the_list_pages_show(page, base):
    open_search(page, base)
    shown = page.evaluate("() => { const all = {}; for (let n = 1; n <= 40; n++) for (let c = 1; c <= n; c++) "
                          "all[n + ':' + c] = window.caselawSearch.pagerNumbers(c, n); return all; }")
    assert shown == {f"{n}:{c}": pager_numbers(c, n) for n in range(1, 41) for c in range(1, n + 1)}
    assert shown["30:15"] == [1, 2, None, 13, 14, 15, 16, 17, None, 29, 30]


def test_keyboard_only(page, base):
    open_search(page, base)
    page.focus("#cl-q")
    page.keyboard.type("court")
    page.keyboard.press("Enter")
    page.wait_for_selector('#cl-search[data-rendered-query="court"]')
    before = total(page)
    page.focus("#cl-sort")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "checkbox" and page.evaluate("document.activeElement.id").startswith("f-"):
            break
    page.keyboard.press("Space")
    page.wait_for_function("() => location.search.includes('&')")
    page.wait_for_selector(READY)
    assert total(page) <= before and page.evaluate("document.activeElement.checked")
    assert page.get_attribute("#cl-status", "aria-live") == "polite"


def test_results_are_text_never_html(tmp_path, browser):
    project = copy_project(tmp_path / "p")
    payload = '<img src=x onerror="window.__xss=1">'
    hostile = (SYNTHETIC_CASE.replace("title: Synthetic Test Case v. Nobody", f"title: 'Synthetic {payload} v. Nobody'")
               .replace("A synthetic record used", f"A synthetic record {payload} used"))
    (project / "cases" / "gbr" / "tst.md").write_text(hostile)
    assert caselaw("build", "-d", "out", cwd=project).returncode == 0
    with serve(project / "out") as url:
        page = browser.new_page()
        page.goto(url + "search/?q=synthetic")
        page.wait_for_selector(READY)
        assert payload in page.inner_text("#cl-results")
        assert page.evaluate("window.__xss") is None
        assert page.eval_on_selector_all("#cl-results img", "els => els.length") == 0
        page.close()


def test_search_works_from_disk(site, browser):
    page = browser.new_page()
    page.goto((site / "search" / "index.html").as_uri() + "?q=Rantsev")
    page.wait_for_selector(READY)
    assert shown(page)[0] == "ecthr-2010-rantsev"
    page.close()
