"""Offline copies (caselaw offline): the site from file:// in Chromium, navigation and search
included; the ZIP; the ZIM read back with libzim; and the published downloads page."""

from __future__ import annotations

import contextlib
import posixpath
import shutil
import socket
import subprocess
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.readers import SEARCH_READY, Recorder, csp_violations
from tests.site_helpers import caselaw, copy_project, parse

CASE_ID = "ecthr-2010-rantsev"


@pytest.fixture(scope="module")
def made(tmp_path_factory, site):
    """`caselaw offline -d off --publish published` on the starter corpus; `published` is a copy of the built site."""
    project = copy_project(tmp_path_factory.mktemp("offline"))
    published = project / "published"
    shutil.copytree(site, published)
    result = caselaw("offline", "-d", "off", "--publish", "published", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "off", published, result.stdout


def test_it_writes_a_folder_a_zip_and_a_zim(made):
    off, _, stdout = made
    assert (off / "caselaw-offline" / "index.html").is_file()
    for name in ("caselaw-offline.zip", "caselaw-offline.zim"):
        assert str(off / name) in stdout
        assert (off / name).stat().st_size > 100_000


def test_every_link_names_a_file_so_it_works_from_disk(made, corpus):
    folder = made[0] / "caselaw-offline"
    assert (folder / "cases" / f"{CASE_ID}.html").is_file()
    pages = sorted(folder.rglob("*.html"))
    assert len(pages) > len(corpus)
    broken = []
    for page in pages:
        if page.name == "404.html":  # a host serves it for any missing address, so its links start at the site root
            continue
        for _, _, value in parse(page).links:
            parts = urlsplit(value)
            if parts.scheme or value.startswith(("//", "#", "mailto:")) or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():  # a folder would show a listing from file://, not its index.html
                broken.append((str(page.relative_to(folder)), value))
    assert broken == []


def test_from_disk_home_country_case_and_search(made, browser, corpus):
    folder = made[0] / "caselaw-offline"
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    recorder = Recorder.attach(context)
    page = context.new_page()
    page.goto((folder / "index.html").as_uri())
    page.click(".cl-stats a >> nth=1")  # countries and courts
    assert page.url.endswith("/countries/index.html")
    page.click("table.cl-terms a:text-is('United Kingdom')")
    assert page.url.endswith("/countries/gbr/index.html")
    first = page.locator(".cl-item__title").first
    title = first.inner_text()
    first.click()
    assert page.url.endswith(".html") and "/cases/" in page.url
    assert page.inner_text("h1") == title
    page.fill("#cl-header-q", "Rantsev")
    page.press("#cl-header-q", "Enter")
    page.wait_for_selector(SEARCH_READY, timeout=20_000)
    assert page.url.split("?")[0].endswith("/search/index.html")
    page.check("#cl-facets input[type=checkbox] >> nth=0")
    page.wait_for_selector(SEARCH_READY)
    page.click(f"#cl-results a[href$='{CASE_ID}.html']")
    assert page.url.endswith(f"/cases/{CASE_ID}.html")
    assert page.inner_text("h1") == corpus.by_id[CASE_ID]["title"]
    violations = csp_violations(page, recorder)
    context.close()
    assert [u for u in recorder.requests if not u.startswith("file://")] == []
    assert recorder.errors == [] and violations == []


def test_the_copy_names_the_published_addresses(made):
    """A page printed or cited from an offline copy gives the case's address on the published site."""
    page = (made[0] / "caselaw-offline" / "cases" / f"{CASE_ID}.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="http://127.0.0.1:8000/cases/{CASE_ID}/">' in page
    assert f"Online: http://127.0.0.1:8000/cases/{CASE_ID}/" in page
    assert f"http://127.0.0.1:8000/cases/{CASE_ID}.html" not in page


def test_the_zip_holds_the_site_under_one_folder(made, corpus):
    off = made[0]
    with zipfile.ZipFile(off / "caselaw-offline.zip") as archive:
        names = archive.namelist()
        assert archive.testzip() is None
        home = archive.read("caselaw-offline/index.html").decode()
    assert all(n.startswith("caselaw-offline/") for n in names)
    assert "caselaw-offline/README.txt" in names
    assert {f"caselaw-offline/cases/{c.id}.html" for c in corpus} <= set(names)
    assert any(n.startswith("caselaw-offline/search/lunr-") for n in names)
    assert "caselaw-offline/data/cases.json" in names
    assert not [n for n in names if n.endswith(".map") or "/javascripts/lunr/" in n or "/javascripts/workers/" in n]
    assert "Content-Security-Policy" in home


def test_the_zim_reads_back_with_libzim(made, corpus):
    from libzim.reader import Archive
    from libzim.search import Query, Searcher
    from libzim.suggestion import SuggestionSearcher

    zim = Archive(made[0] / "caselaw-offline.zim")
    assert zim.check()
    assert zim.has_main_entry and zim.main_entry.get_item().path == "index.html"
    html_pages = [p for p in (made[0] / "caselaw-offline").rglob("*.html")]
    assert zim.entry_count >= len(html_pages) > len(corpus)
    assert zim.article_count >= len(corpus)
    case = corpus.by_id[CASE_ID]
    entry = zim.get_entry_by_path(f"cases/{CASE_ID}.html")
    assert entry.title == case["title"]
    item = entry.get_item()
    assert item.mimetype == "text/html"
    content = bytes(item.content).decode("utf-8")
    assert case["citation"].split(",")[0] in content
    assert "Content-Security-Policy" not in content, "Kiwix's toolbar needs inline handlers: the ZIM's pages carry no policy"
    assert zim.get_metadata("Language") == b"eng" and zim.get_metadata("Title")
    assert len(zim.get_metadata("Title").decode()) <= 30
    assert zim.has_illustration(48) and bytes(zim.get_illustration_item(48).content).startswith(b"\x89PNG")
    assert zim.has_fulltext_index and zim.has_title_index
    found = Searcher(zim).search(Query().set_query("Rantsev"))
    assert f"cases/{CASE_ID}.html" in list(found.getResults(0, 10))
    suggested = SuggestionSearcher(zim).suggest("Rantsev")
    assert f"cases/{CASE_ID}.html" in list(suggested.getResults(0, 10))


def test_the_published_site_links_its_offline_copies(made):
    _, published, _ = made
    downloads = published / "downloads"
    page = downloads / "index.html"
    links = {v for tag, attr, v in parse(page).links if tag == "a"}
    for name in ("caselaw-offline.zip", "caselaw-offline.zim"):
        assert name in links and (downloads / name).is_file()
    text = page.read_text(encoding="utf-8")
    assert "built without its offline copies" not in text


def test_a_normal_build_has_the_downloads_page_and_links_it(site):
    """The site always has the page the offline page links; without the copies it says how to make them."""
    page = site / "downloads" / "index.html"
    assert "caselaw offline" in page.read_text(encoding="utf-8")
    offline = parse(site / "offline" / "index.html")
    targets = {posixpath.normpath(posixpath.join("offline", v)) for tag, attr, v in offline.links if tag == "a"}
    assert "downloads" in targets
    data = parse(site / "data" / "index.html")
    assert any(v.rstrip("/").endswith("offline") for tag, attr, v in data.links if tag == "a")


@contextlib.contextmanager
def kiwix_serve(zim: Path) -> Iterator[str]:
    """Kiwix's own server (Debian's kiwix-tools) on a free loopback port, for the duration of the block."""
    kiwix = shutil.which("kiwix-serve")
    assert kiwix, "kiwix-serve is missing: sh scripts/install-kiwix.sh (make test runs it)"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([kiwix, "--address=127.0.0.1", f"--port={port}", str(zim)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(base, timeout=1).close()
                break
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_kiwix_opens_the_zim_navigation_and_both_searches_work(made, browser, corpus):
    with kiwix_serve(made[0] / "caselaw-offline.zim") as base:
        book = base + "caselaw-offline/"
        context = browser.new_context()
        recorder = Recorder.attach(context)
        page = context.new_page()
        assert page.goto(book + "index.html").status == 200
        page.click(".cl-stats a >> nth=1")
        page.click("table.cl-terms a:text-is('United Kingdom')")
        page.locator(".cl-item__title").first.click()
        assert "/cases/" in page.url and page.inner_text("h1")
        page.fill("#cl-header-q", "Rantsev")
        page.press("#cl-header-q", "Enter")
        page.wait_for_selector(SEARCH_READY, timeout=20_000)
        assert page.locator(f"#cl-results a[href$='{CASE_ID}.html']").count() == 1
        violations = csp_violations(page, recorder)
        page.goto(base + "search?content=caselaw-offline&pattern=Rantsev")  # Kiwix's full-text search
        found = page.inner_text("body")
        context.close()
    assert corpus.by_id[CASE_ID]["title"] in found
    assert recorder.errors == [] and violations == []
    assert [u for u in recorder.requests if not u.startswith(base)] == []
