"""The built site, end to end: pages, indexes, links, open data, feeds, meta tags, URLs."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from collections import Counter
from itertools import pairwise
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.languages import LANGUAGES, prefix
from generator.links import Links, term_slug
from generator.pages import pager_numbers
from generator.vocabularies import load_vocabularies
from tests.conftest import SYNTHETIC_CASE
from tests.site_helpers import caselaw, copy_project, page_file, parse

SITE_URL = "http://127.0.0.1:8000/"
ATOM = "{http://www.w3.org/2005/Atom}"


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_one_page_per_case_with_its_key_facts(site, corpus):
    links = Links()
    for case in corpus:
        page = page_file(site, links.case(case))
        assert page.exists(), case.id
        text = page.read_text()
        parsed = parse(page)
        body = " ".join(parsed.text)
        assert case["title"] in body or case["title"].replace("'", "&#39;") in text
        assert case["court"] in body
        assert links.date(case["decision_date"]) in body
        assert case["citation"].split(",")[0] in body
        assert links.country_name(case["country"]) in body
        assert "Facts" in parsed.ids or "facts" in parsed.ids
        assert any(v.endswith(f"data/cases/{case.id}.json") for _, _, v in parsed.links)
        for source in case["sources"]:
            assert ("a", "href", source["url"]) in parsed.links


def test_country_index_counts_match_the_corpus(site, corpus):
    counts = Counter(c["country"] for c in corpus)
    overview = parse(site / "countries" / "index.html")
    links = Links()
    for code, count in counts.items():
        assert ("a", "href", f"{code.lower()}/") in overview.links
        page = parse(page_file(site, links.country(code)))
        listed = [v for t, a, v in page.links if "/cases/" in v]
        assert len(listed) == count, code
        assert f"{count} case" in " ".join(page.text)


def test_every_term_page_lists_exactly_its_cases(site, corpus):
    vocabs = load_vocabularies()
    fields = {"crime_types": "crime_types", "themes": "themes", "purposes": "purposes", "acts": "acts", "means": "means",
              "sectors": "sectors", "court_level": "court_levels", "outcome": "outcomes"}
    links = Links()
    for name, vocab in fields.items():
        assert (site / links.field_index(name) / "index.html").exists()
        for key in vocabs[vocab]:
            expected = {c.id for c in corpus if key in (c.get(name) if isinstance(c.get(name), list) else [c.get(name)])}
            page = parse(page_file(site, links.term(name, key)))
            listed = {v.rstrip("/").split("/")[-1] for t, a, v in page.links if "/cases/" in v and t == "a"}
            assert listed == expected, (name, key)


def test_year_and_landmark_pages(site, corpus):
    years = Counter(c["decision_date"][:4] for c in corpus)
    for year, count in years.items():
        page = parse(site / "years" / year / "index.html")
        assert len([v for t, a, v in page.links if "/cases/" in v]) == count
    landmark = parse(site / "landmarks" / "index.html")
    listed = {v.rstrip("/").split("/")[-1] for t, a, v in landmark.links if "/cases/" in v}
    assert listed == {c.id for c in corpus if c["landmark"]}
    text = " ".join(landmark.text)
    for case in corpus:
        if case["landmark"]:
            assert case["landmark_reason"].split()[0] in text


def test_home_page_counts(site, corpus):
    home = " ".join(parse(site / "index.html").text)
    assert f"{len(corpus)} decisions" in " ".join(home.split())
    assert f"{len({c['country'] for c in corpus})} countries and courts" in " ".join(home.split())
    assert "not how common" in home


def _resolve(page: Path, site: Path, href: str) -> tuple[Path, str] | None:
    if href.startswith(SITE_URL):
        href = "/" + href[len(SITE_URL):]
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:", "data:")):
        return None
    if not parts.path:
        return page, parts.fragment
    base = "/" if parts.path.startswith("/") else "/" + str(page.parent.relative_to(site)) + "/"
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
    path = site / target.lstrip("/")
    if path.is_dir() or parts.path.endswith("/"):
        path = path / "index.html"
    return path, parts.fragment


def test_every_internal_link_and_anchor_resolves(site):
    pages = html_pages(site)
    assert len(pages) > 100
    cache = {}
    broken = []
    for page in pages:
        parsed = cache.setdefault(page, parse(page))
        for _tag, _attr, href in parsed.links:
            resolved = _resolve(page, site, href)
            if resolved is None:
                continue
            target, fragment = resolved
            if not target.exists():
                broken.append((str(page.relative_to(site)), href))
                continue
            if fragment and target.suffix == ".html":
                ids = cache.setdefault(target, parse(target)).ids
                if unquote(fragment) not in ids:
                    broken.append((str(page.relative_to(site)), href))
    assert broken == []


def test_open_data_holds_every_case(site, corpus):
    data = json.loads((site / "data" / "cases.json").read_text())
    assert {d["id"] for d in data} == {c.id for c in corpus}
    rows = list(csv.DictReader(io.StringIO((site / "data" / "cases.csv").read_text())))
    assert {r["id"] for r in rows} == {c.id for c in corpus}
    schema = json.loads((site / "data" / "schema.json").read_text())
    assert "enum" in schema["properties"]["court_level"]
    for case in corpus:
        one = json.loads((site / "data" / "cases" / f"{case.id}.json").read_text())
        assert one["title"] == case["title"] and one["url"] == f"cases/{case.id}/"


def test_feeds_parse_and_hold_the_newest_cases(site, corpus):
    feed = ET.parse(site / "feed.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == min(len(corpus), 50)
    assert entries[0].find(f"{ATOM}title").text == corpus.cases[0]["title"]
    assert entries[0].find(f"{ATOM}link").get("href") == SITE_URL + f"cases/{corpus.cases[0].id}/"
    for code in {c["country"] for c in corpus}:
        country = ET.parse(site / "countries" / code.lower() / "feed.xml").getroot()
        assert len(country.findall(f"{ATOM}entry")) == sum(c["country"] == code for c in corpus)
    for theme in {t for c in corpus for t in c.get("themes", [])}:
        root = ET.parse(site / "themes" / term_slug(theme) / "feed.xml").getroot()
        assert len(root.findall(f"{ATOM}entry")) == sum(theme in c.get("themes", []) for c in corpus)


def test_sitemap_lists_every_case(site, corpus):
    sitemap = (site / "sitemap.xml").read_text()
    for case in corpus:
        assert f"{SITE_URL}cases/{case.id}/" in sitemap


def test_case_page_meta_tags(site, corpus):
    case = next(c for c in corpus if c.id == "ecthr-2010-rantsev")
    page = parse(site / "cases" / case.id / "index.html")
    meta = page.meta
    assert meta["citation_title"] == [case["title"]]
    assert meta["citation_publication_date"] == ["2010/01/07"]
    assert meta["citation_publisher"] == [case["court"]]
    assert meta["og:title"] == [case["title"]] and meta["og:description"] == [case["summary"]]
    assert meta["description"] == [case["summary"]]
    assert meta["og:url"] == [f"{SITE_URL}cases/{case.id}/"]
    assert ("link", "href", f"{SITE_URL}cases/{case.id}/") in page.links
    ld = json.loads("".join(page.json_ld))
    assert ld["@context"] == "https://schema.org" and ld["name"] == case["title"]
    assert ld["datePublished"] == "2010-01-07"
    assert ld["isBasedOn"] == [s["url"] for s in case["sources"] if s["official"]]


def test_no_third_party_assets_and_search_only_on_its_page(site):
    for page in html_pages(site):
        for tag, attr, value in parse(page).links:
            if tag in ("script", "img", "iframe", "source") or (tag == "link" and attr == "href" and value.endswith((".css", ".woff2", ".js"))):
                host = urlsplit(value).netloc
                assert not host, (page, value)
        text = page.read_text()
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
    # Material's search (which downloads an index of every page on every page) is off;
    # only the search page loads the case search.
    assert not (site / "search" / "search_index.json").exists()
    loaders = sorted(p for p in html_pages(site) if re.search(r"search\.[0-9a-f]{10}\.js", p.read_text()))
    assert loaders == sorted(site / prefix(code) / "search" / "index.html" for code in LANGUAGES)  # one search page a language


def test_case_pages_stay_out_of_the_navigation(site):
    # The About page links no case in its text, so any case link on it would come from the navigation.
    nav_links = [v for t, a, v in parse(site / "about" / "index.html").links if "cases/" in v]
    assert nav_links == []
    assert (site / "about" / "index.html").stat().st_size < 60_000


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


def test_broken_case_fails_the_build_and_keeps_the_last_site(tmp_path):
    project = copy_project(tmp_path / "p")
    assert caselaw("build", "-d", "out", cwd=project).returncode == 0
    before = _digest(project / "out")
    victim = project / "cases" / "ecthr" / "ecthr-2010-rantsev.md"
    victim.write_text(victim.read_text().replace("court_level: regional_human_rights", "court_level: regional_court"))
    result = caselaw("build", "-d", "out", cwd=project)
    assert result.returncode == 1
    assert "cases/ecthr/ecthr-2010-rantsev.md:" in result.stderr and "'regional_court' is not a term" in result.stderr
    assert "Traceback" not in result.stderr
    assert _digest(project / "out") == before
    assert [p.name for p in project.iterdir() if p.name.startswith(".out")] == []


def test_plain_mkdocs_build_fails_with_the_validators_message(tmp_path):
    import subprocess
    import sys

    project = copy_project(tmp_path / "p")
    victim = project / "cases" / "gbr" / "gbr-2014-hounga.md"
    victim.write_text(victim.read_text().replace("decision_date: 2014-07-30", "decision_date: 2014-07-32"))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", "out"], cwd=project, capture_output=True, text=True,
                            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    assert result.returncode != 0
    assert "gbr-2014-hounga.md" in result.stderr and "not a real calendar date" in result.stderr
    assert not (project / "out" / "index.html").exists()


def test_renamed_case_keeps_its_url_and_alias_redirects(tmp_path):
    project = copy_project(tmp_path / "p")
    source = project / "cases" / "ecthr" / "ecthr-2010-rantsev.md"
    moved = project / "cases" / "ecthr" / "renamed" / "rantsev-judgment.md"
    moved.parent.mkdir()
    title = "title: Rantsev v. Cyprus and Russia\n"
    text = source.read_text().replace(title, title + "aliases: [/cases/rantsev/, /old/path/rantsev/]\n")
    moved.write_text(text)
    source.unlink()
    for translation in source.parent.glob("ecthr-2010-rantsev.*.md"):  # translations move with their case
        translation.rename(moved.parent / translation.name.replace("ecthr-2010-rantsev", "rantsev-judgment"))
    result = caselaw("build", "-d", "out", cwd=project)
    assert result.returncode == 0, result.stderr
    site = project / "out"
    assert "Rantsev v. Cyprus and Russia" in (site / "cases" / "ecthr-2010-rantsev" / "index.html").read_text()
    for alias, up in (("cases/rantsev", "../../"), ("old/path/rantsev", "../../../")):
        redirect = parse(site / alias / "index.html")
        assert redirect.meta["refresh"] == [f"0; url={up}cases/ecthr-2010-rantsev/"]
        assert ("link", "href", f"{SITE_URL}cases/ecthr-2010-rantsev/") in redirect.links


def test_alias_that_hides_a_page_is_refused(tmp_path):
    project = copy_project(tmp_path / "p")
    case = project / "cases" / "ecthr" / "ecthr-2010-rantsev.md"
    title = "title: Rantsev v. Cyprus and Russia\n"
    case.write_text(case.read_text().replace(title, title + "aliases: [/cases/gbr-2014-hounga/]\n"))
    result = caselaw("build", "-d", "out", cwd=project)
    assert result.returncode == 1
    assert "an alias must not be the address of another page" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_long_list_links_the_pages_near_the_current_one_and_its_ends():
    assert pager_numbers(1, 1) == [1]
    assert pager_numbers(5, 9) == list(range(1, 10))
    assert pager_numbers(1, 400) == [1, 2, 3, None, 399, 400]
    assert pager_numbers(200, 400) == [1, 2, None, 198, 199, 200, 201, 202, None, 399, 400]
    assert pager_numbers(5, 12) == [1, 2, 3, 4, 5, 6, 7, None, 11, 12]
    assert pager_numbers(6, 10) == list(range(1, 11))  # 3 is shown rather than a "…" for it alone
    for count in range(1, 60):
        for current in range(1, count + 1):
            shown = pager_numbers(current, count)
            numbers = [n for n in shown if n is not None]
            assert numbers == sorted(set(numbers)) and len(shown) <= 11
            # From any page, the next and the previous are one click away, so every page can be reached.
            assert {1, count, current} | {n for n in (current - 1, current + 1) if 1 <= n <= count} <= set(numbers)
            assert all(a is not None or b is not None for a, b in pairwise(shown))  # no two gaps in a row
            hidden = [after - before - 1 for before, gap, after in zip(shown, shown[1:], shown[2:], strict=False) if gap is None]
            assert all(n >= 2 for n in hidden)  # a single page left out would be shown instead of the "…"


def test_long_lists_paginate(tmp_path):
    project = copy_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("cases_dir: cases", "cases_dir: cases\n      per_page: 4"))
    extra = project / "cases" / "gbr"
    for n in range(7):
        extra.joinpath(f"tst-{n}.md").write_text(
            SYNTHETIC_CASE.replace("tst-2020-synthetic-one", f"tst-2020-synthetic-{n}").replace('"TEST-1"', f'"TEST-{n}"')
            .replace("Synthetic Test Case v. Nobody", f"Synthetic {n} v. Nobody"))
    result = caselaw("build", "-d", "out", cwd=project)
    assert result.returncode == 0, result.stderr
    site = project / "out"
    total = len(list((project / "cases" / "gbr").glob("*.md")))
    pages = [site / "countries" / "gbr" / "index.html", *sorted((site / "countries" / "gbr" / "page").glob("*/index.html"))]
    assert len(pages) == -(-total // 4)
    seen = []
    for page in pages:
        listed = [v for t, a, v in parse(page).links if "/cases/" in v and t == "a"]
        assert len(listed) <= 4
        seen += listed
    assert len(seen) == total
    assert 'aria-current="page"' in pages[1].read_text()
