"""Print: a case page printed to PDF by Chromium holds the case, its full citation and its
address online, and none of the site's header, navigation, search box or footer."""

from __future__ import annotations

import io
import re

import pytest

from generator.links import Links
from tests.browser import chromium
from tests.readers import SCREENSHOTS, caching_server, open_page

CASE_ID = "ecthr-2010-rantsev"
# Text that only the site's frame shows: header, tabs, navigation, search box, footer, buttons.
FRAME = ["Skip to content", "Countries and courts", "Offline copies", "Case record reference", "Made with",
         "Copy citation", "Search cases", "Case summaries CC BY 4.0 · Code MIT"]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def printed(site, corpus):
    from pypdf import PdfReader

    with caching_server(site) as server, chromium() as browser:
        page = browser.new_page()
        open_page(page, server.base, Links().case(CASE_ID))
        pdf = page.pdf(format="A4", margin={"top": "15mm", "bottom": "15mm", "left": "15mm", "right": "15mm"})
        page.close()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "case-print.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    return corpus.by_id[CASE_ID], _flat(" ".join(p.extract_text() or "" for p in reader.pages)), len(reader.pages)


def test_the_print_holds_the_case_its_citation_and_its_address(printed):
    case, text, pages = printed
    assert _flat(case["title"]) in text
    assert _flat(case["citation"]) in text
    # The address may be broken across lines in the PDF's text: compare without spaces.
    assert f"http://127.0.0.1:8000/cases/{CASE_ID}/" in text.replace(" ", "")
    assert "At a glance" in text and "Sources" in text
    for source in case["sources"]:
        assert source["url"] in text.replace(" ", ""), "the addresses of the judgments are printed beside their links"
    assert pages <= 6


@pytest.mark.parametrize("frame_text", FRAME)
def test_the_print_has_no_header_navigation_search_or_footer(printed, frame_text):
    _, text, _ = printed
    assert frame_text not in text
