"""The six languages in a real headless Chromium, on the starter site served on loopback:
French search finds French summaries, the switcher keeps the reader on the same case,
Arabic reads right to left."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import yaml

from tests.conftest import CASES

READY = "#cl-search[aria-busy=false][data-rendered-query]"


def _summary(case_id: str, code: str) -> str:
    source = next(CASES.rglob(f"{case_id}.{code}.md")).read_text(encoding="utf-8")
    return " ".join(yaml.safe_load(source.split("---")[1])["summary"].split())


@pytest.mark.parametrize("code, case_id, query", [
    ("fr", "ecthr-2010-rantsev", "traite êtres humains article 4"),
    ("fr", "ecthr-2005-siliadin", "servitude"),
    ("es", "aus-2008-tang", "esclavitud"),
])
def test_a_search_in_a_language_finds_the_summary_in_that_language(page, base, code, case_id, query):
    summary = _summary(case_id, code)
    words = [w for w in query.split() if len(w) > 3]
    assert all(w.lower() in summary.lower() for w in words[:1]), "the query must come from the translated summary"
    page.goto(f"{base}{code}/search/?q={query.replace(' ', '+')}")
    page.wait_for_selector(READY, timeout=20_000)
    hrefs = page.eval_on_selector_all("#cl-results a", "els => els.map(e => e.getAttribute('href'))")
    ids = [h.rstrip("/").split("/")[-1] for h in hrefs]
    assert case_id in ids, (query, ids)
    item = page.locator("#cl-results li", has=page.locator(f"a[href$='{case_id}/']")).first
    text = " ".join(item.inner_text().split())
    assert summary[:60] in text or any(w in text for w in words), text  # the card shows the translated summary
    assert urlsplit(hrefs[ids.index(case_id)]).path.endswith(f"cases/{case_id}/")
    status = page.inner_text("#cl-status")
    assert not re.search(r"\b(cases?|results?) (found|for)\b", status), status  # the status line is not in English


def _found(page, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_selector(READY, timeout=20_000)
    return [h.rstrip("/").split("/")[-1] for h in page.eval_on_selector_all("#cl-results a", "els => els.map(e => e.getAttribute('href'))")]


def test_an_inflected_french_word_finds_the_french_summaries(page, base):
    """'exploitées' shares its stem with 'exploitation' only through the French stemmer: the English
    search finds nothing for it, the French one finds the cases translated into French."""
    translated = {p.name.removesuffix(".fr.md") for p in CASES.rglob("*.fr.md")}
    french = _found(page, f"{base}fr/search/?q=exploit%C3%A9es")
    assert translated & set(french), french
    assert _found(page, f"{base}search/?q=exploit%C3%A9es") == []


def test_the_switcher_keeps_the_reader_on_the_same_case(page, base):
    page.goto(f"{base}fr/cases/ecthr-2010-rantsev/")
    title = page.inner_text("h1")
    assert page.get_attribute("html", "lang") == "fr"
    page.click(".md-header__option .md-select button")  # the switcher opens on focus, without script
    page.click("a.md-select__link[hreflang=es]")
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/es/cases/ecthr-2010-rantsev/"
    assert page.get_attribute("html", "lang") == "es" and page.inner_text("h1") == title
    assert _summary("ecthr-2010-rantsev", "es")[:60] in " ".join(page.inner_text(".cl-summary").split())
    page.click(".md-header__option .md-select button")
    page.click("a.md-select__link[hreflang=ar]")
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/ar/cases/ecthr-2010-rantsev/"
    assert page.get_attribute("body", "dir") == "rtl"
    # Right to left for real: the title starts at the right edge, the English summary (no Arabic translation) at the left.
    box = page.locator("h1").bounding_box()
    assert box and page.evaluate("getComputedStyle(document.querySelector('h1')).direction") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('.cl-summary')).direction") == "ltr"
    assert page.get_attribute(".cl-summary", "lang") == "en"


def test_an_arabic_search_works(page, base):
    page.goto(f"{base}ar/search/?q=Rantsev")
    page.wait_for_selector(READY, timeout=20_000)
    hrefs = page.eval_on_selector_all("#cl-results a", "els => els.map(e => e.getAttribute('href'))")
    assert any(h.rstrip("/").endswith("ecthr-2010-rantsev") for h in hrefs)
    assert page.get_attribute("body", "dir") == "rtl"
