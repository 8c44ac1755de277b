"""Sharing: share images and their meta tags, campaign short links, the embeddable card, citation export."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image

from generator import short_links
from generator.citations import bibtex, bibtex_escape, csl, ris
from generator.corpus import Case
from generator.links import Links
from tests.browser import serve
from tests.conftest import ROOT
from tests.site_helpers import caselaw, copy_project, parse

SITE_URL = "http://127.0.0.1:8000/"
RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - (.*)$")
CSL_TYPES = {"legal_case", "article", "book", "report", "webpage"}  # the type this exporter may write is the first


# --- share images (Open Graph) --------------------------------------------------------


def test_landmark_cases_have_share_images_under_100_kb(site, corpus):
    landmarks = [c for c in corpus if c["landmark"]]
    assert landmarks
    sizes = []
    for case in landmarks:
        path = site / "og" / f"{case.id}.png"
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert len(data) < 100_000, (case.id, len(data))
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "PNG" and image.size == (1200, 630)
        sizes.append(len(data))
    assert not [p for p in (site / "og").iterdir() if p.stem not in {c.id for c in landmarks}]


def test_share_image_meta_tags(site, corpus):
    for case in corpus:
        meta = parse(site / "cases" / case.id / "index.html").meta
        if case["landmark"]:
            assert meta["og:image"] == [f"{SITE_URL}og/{case.id}.png"]
            assert meta["og:image:width"] == ["1200"] and meta["og:image:height"] == ["630"]
            assert meta["og:image:type"] == ["image/png"]
            assert meta["twitter:card"] == ["summary_large_image"]
            assert meta["twitter:image"] == [f"{SITE_URL}og/{case.id}.png"]
        else:
            assert "og:image" not in meta and meta["twitter:card"] == ["summary"]


def test_share_image_draws_accents_and_leaves_out_what_it_cannot(corpus):
    from generator.og_images import drawable, share_image

    assert drawable("Neuchâtel São Paulo Łódź Ελλάδα Москва") == "Neuchâtel São Paulo Łódź Ελλάδα Москва"
    assert drawable("东京 Tokyo") == "Tokyo"
    case = corpus.by_id["ecthr-2010-rantsev"]
    odd = Case({**case.data, "title": "最高人民法院 " * 20, "landmark_reason": "Ω" * 900}, case.body, case.path)
    with Image.open(io.BytesIO(share_image(odd, Links(), "Site"))) as image:
        assert image.size == (1200, 630)


# --- the "Share and cite" panel -------------------------------------------------------


def test_case_page_links_its_citations_embed_and_short_links(site, corpus):
    for case in corpus:
        page = site / "cases" / case.id / "index.html"
        parsed = parse(page)
        hrefs = {v for t, a, v in parsed.links if t == "a"}
        for ext in ("bib", "ris", "csl.json"):
            assert f"../../data/cases/{case.id}.{ext}" in hrefs
            assert (site / "data" / "cases" / f"{case.id}.{ext}").is_file()
        assert f"../../embed/{case.id}/" in hrefs
        for name in case.get("short_links") or []:
            assert f"{SITE_URL}go/{name}/" in hrefs
        text = "".join(parsed.text)
        snippet = text[text.index("<iframe"):text.index("</iframe>") + 9]
        assert f'src="{SITE_URL}embed/{case.id}/"' in snippet
        assert "<script" not in snippet
        html = page.read_text()
        assert 'data-copy="embed-code"' in html and 'id="embed-code"' in html
        assert "&lt;iframe" in html  # shown as text, not as a frame on the case page
        if case["landmark"]:
            assert f"../../og/{case.id}.png" in hrefs


# --- campaign short links -------------------------------------------------------------


def test_short_links_redirect_to_their_case(site, corpus):
    with_links = [c for c in corpus if c.get("short_links")]
    assert with_links
    manifest = (ROOT / "published-urls.txt").read_text()
    for case in with_links:
        for name in case["short_links"]:
            redirect = parse(site / "go" / name / "index.html")
            assert redirect.meta["refresh"] == [f"0; url=../../cases/{case.id}/"]
            assert ("link", "href", f"{SITE_URL}cases/{case.id}/") in redirect.links
            assert redirect.meta["robots"] == ["noindex"]
            assert f"go/{name}/\n" in manifest  # guarded by caselaw check-urls


def _claim(project: Path, case_file: str, title: str, names: str) -> None:
    path = project / "cases" / case_file
    text = path.read_text()
    text = re.sub(r"^short_links: .*\n", "", text, flags=re.M)
    path.write_text(text.replace(f"title: {title}\n", f"title: {title}\nshort_links: {names}\n", 1))


def test_a_short_link_claimed_twice_fails_the_build_naming_both_files(tmp_path):
    project = copy_project(tmp_path / "p")
    _claim(project, "gbr/gbr-2014-hounga.md", "Hounga v Allen and another", "[hounga, rantsev]")
    result = caselaw("build", "-d", "out", cwd=project)
    assert result.returncode == 1
    assert "/go/rantsev/ is claimed by two cases" in result.stderr
    assert "cases/ecthr/ecthr-2010-rantsev.md" in result.stderr and "cases/gbr/gbr-2014-hounga.md" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "out").exists()


def test_short_links_must_not_hide_an_alias():
    one = Case({"id": "a-1", "short_links": ["x"]}, "", "cases/a.md")
    two = Case({"id": "b-2", "aliases": ["/go/x/"]}, "", "cases/b.md")
    owners = short_links.claimed([one, two])
    assert owners == {"x": one}
    with pytest.raises(short_links.ShortLinkClash, match=r"alias /go/x/ of cases/b.md .* short link /go/x/ of cases/a.md"):
        short_links.check_aliases(owners, [one, two])
    with pytest.raises(short_links.ShortLinkClash, match=r"cases/a.md .* and cases/c.md"):
        short_links.claimed([one, Case({"id": "c-3", "short_links": ["x"]}, "", "cases/c.md")])


def test_check_urls_guards_short_links(tmp_path):
    project = copy_project(tmp_path / "p")
    shutil.copy(ROOT / "published-urls.txt", project / "published-urls.txt")
    assert caselaw("check-urls", cwd=project).returncode == 0
    _claim(project, "ecthr/ecthr-2010-rantsev.md", "Rantsev v. Cyprus and Russia", "[]")
    result = caselaw("check-urls", cwd=project)
    assert result.returncode == 1
    out = result.stdout + result.stderr
    assert "go/rantsev/ was published as a short link" in out
    assert "short_links: [rantsev]" in out
    _claim(project, "ecthr/ecthr-2010-rantsev.md", "Rantsev v. Cyprus and Russia", "[rantsev, trafficking-is-slavery]")
    result = caselaw("check-urls", "--update", cwd=project)
    assert result.returncode == 0
    assert "go/trafficking-is-slavery/\n" in (project / "published-urls.txt").read_text()


def test_short_link_names_are_validated(tmp_path):
    project = copy_project(tmp_path / "p")
    _claim(project, "ecthr/ecthr-2010-rantsev.md", "Rantsev v. Cyprus and Russia", "[Rantsev_2010]")
    result = caselaw("validate", "cases/ecthr/ecthr-2010-rantsev.md", cwd=project)
    assert result.returncode == 1
    assert "short_links" in result.stdout + result.stderr


# --- citation export ------------------------------------------------------------------


def _bibtex_balanced(text: str) -> bool:
    depth = 0
    plain = re.sub(r"\\[{}]", "", text)
    for char in plain:
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _bibtex_fields(entry: str) -> dict[str, str]:
    return dict(re.findall(r"^  (\w+) = \{(.*)\},?$", entry, flags=re.M))


def _unescape(value: str) -> str:
    return re.sub(r"\\textbackslash\{\}", "\\\\", re.sub(r"\\([{}%&$#_])", r"\1", value))


def test_bibtex_files_parse_and_hold_the_case(site, corpus):
    for case in corpus:
        text = (site / "data" / "cases" / f"{case.id}.bib").read_text(encoding="utf-8")
        assert text.startswith(f"@jurisdiction{{{case.id},\n") and text.endswith("}\n")
        assert _bibtex_balanced(text), case.id
        fields = _bibtex_fields(text)
        assert {"title", "author", "date", "year", "note", "url"} <= set(fields)
        assert _unescape(fields["title"]) == " ".join(case["title"].split())
        assert fields["author"] == "{" + bibtex_escape(case["court"]) + "}"
        assert fields["date"] == case["decision_date"] and fields["year"] == case["decision_date"][:4]
        assert fields["url"] == f"{SITE_URL}cases/{case.id}/"
        if case.get("case_number"):
            assert _unescape(fields["number"]) == case["case_number"]


def test_ris_files_parse_and_hold_the_case(site, corpus):
    for case in corpus:
        text = (site / "data" / "cases" / f"{case.id}.ris").read_text(encoding="utf-8")
        lines = text.splitlines()
        assert all(RIS_LINE.match(line) for line in lines), case.id
        tags: dict[str, list[str]] = {}
        for line in lines:
            tags.setdefault(line[:2], []).append(RIS_LINE.match(line).group(1))
        assert lines[0] == "TY  - CASE" and lines[-1] == "ER  - "
        assert tags["TI"] == [" ".join(case["title"].split())]
        assert tags["PB"] == [case["court"]]
        assert tags["DA"] == [case["decision_date"].replace("-", "/")]
        assert tags["UR"] == [f"{SITE_URL}cases/{case.id}/"]
        assert tags.get("KW", []) == list(case.get("keywords") or [])
        assert f"Citation: {' '.join(case['citation'].split())}" in tags["N1"]


def test_csl_json_files_parse_and_hold_the_case(site, corpus):
    for case in corpus:
        items = json.loads((site / "data" / "cases" / f"{case.id}.csl.json").read_text(encoding="utf-8"))
        assert isinstance(items, list) and len(items) == 1
        item = items[0]
        assert isinstance(item["id"], str) and item["type"] in CSL_TYPES and item["type"] == "legal_case"
        parts = item["issued"]["date-parts"]
        assert all(isinstance(n, int) for n in parts[0]) and "-".join(f"{n:02d}" for n in parts[0]) == case["decision_date"]
        assert item["title"] == case["title"] and item["authority"] == case["court"]
        assert item["URL"] == f"{SITE_URL}cases/{case.id}/"
        assert item.get("number") == case.get("case_number")


def test_exports_escape_what_would_break_them(corpus):
    case = corpus.by_id["gbr-2014-hounga"]
    nasty = 'A & B {unbalanced 100% #1 $x_y ~ ^ \\ "q" </script>\nnext line'
    odd = Case({**case.data, "title": nasty, "court": "Court {of} Appeal", "case_number": "A}{B"}, case.body, case.path)
    text = bibtex(odd, Links(), SITE_URL)
    assert _bibtex_balanced(text)
    fields = _bibtex_fields(text)
    assert _unescape(fields["title"]).replace(r"\textasciitilde{}", "~").replace(r"\textasciicircum{}", "^") == " ".join(nasty.split())
    assert "\n" not in fields["title"]
    lines = ris(odd, Links(), SITE_URL).splitlines()
    assert all(RIS_LINE.match(line) for line in lines)  # the newline in the title did not start a bogus line
    assert json.loads(json.dumps(csl(odd, Links(), SITE_URL)))["title"] == nasty


# --- the embeddable card --------------------------------------------------------------


def test_embed_card_is_minimal_and_self_contained(site, corpus):
    for case in corpus:
        path = site / "embed" / case.id / "index.html"
        html = path.read_text(encoding="utf-8")
        assert len(html.encode()) < 6_000, (case.id, len(html))
        parsed = parse(path)
        assert "<script" not in html and "md-header" not in html and "<nav" not in html and "<header" not in html
        assert not [v for t, a, v in parsed.links if t in ("link", "script", "img", "iframe") and a in ("href", "src")
                    and not v.startswith(SITE_URL + "cases/")]
        assert parsed.meta["robots"] == ["noindex"]
        assert ("link", "href", f"{SITE_URL}cases/{case.id}/") in parsed.links
        text = " ".join(" ".join(parsed.text).split())
        for value in (case["title"], case["citation"], case["court"], Links().date(case["decision_date"])):
            assert " ".join(value.split()) in text
        assert " ".join(case["summary"].split()) in text
    sitemap = (site / "sitemap.xml").read_text()
    assert "/embed/" not in sitemap and "/cases/" in sitemap


def test_embed_renders_in_an_iframe_without_the_site_chrome_or_other_hosts(browser, base, tmp_path):
    (tmp_path / "host.html").write_text(f'<!doctype html><title>A campaign page</title><iframe id="f" '
                                        f'src="{base}embed/ecthr-2010-rantsev/" width="600" height="360"></iframe>', encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    with serve(tmp_path) as other_site:  # another origin, as a campaign's own site would be
        page.goto(other_site + "host.html")
        page.wait_for_load_state("networkidle")
        frame = page.frame_locator("#f")
        assert frame.locator("h1").inner_text() == "Rantsev v. Cyprus and Russia"
        assert frame.locator("header, nav, .md-header, .md-tabs, form, input, script").count() == 0
        card = frame.locator(".card")
        assert card.evaluate("e => getComputedStyle(e).borderLeftWidth") == "6px"  # the inline style ran: its hash is allowed
        assert card.evaluate("e => e.getBoundingClientRect().height") < 360
        assert requests == [other_site + "host.html", base + "embed/ecthr-2010-rantsev/"]
    assert not [e for e in errors if "Content Security Policy" in e or "Content-Security-Policy" in e]
    context.close()


def test_search_results_download_as_citations(browser, base, corpus):
    ecthr = [c for c in corpus if c["country"] == "ECTHR"]
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(base + "search/?country=ECTHR&sort=newest")
    page.wait_for_selector("#cl-search[aria-busy=false][data-rendered-query]", timeout=20_000)
    assert page.is_visible("#cl-cite-download")
    texts = {}
    for fmt in ("ris", "bib", "csl"):
        page.select_option("#cl-cite-format", fmt)
        with page.expect_download() as info:
            page.click("#cl-cite-download")
        texts[fmt] = Path(info.value.path()).read_text(encoding="utf-8")
        assert info.value.suggested_filename == "case-law-citations." + ("json" if fmt == "csl" else fmt)
    assert texts["ris"].count("TY  - CASE") == len(ecthr) == texts["ris"].count("ER  - ")
    assert texts["ris"] == "\n".join(site_text(base, c.id, "ris") for c in ecthr)  # the per-case files, in order
    assert _bibtex_balanced(texts["bib"]) and texts["bib"].count("@jurisdiction{") == len(ecthr)
    items = json.loads(texts["csl"])
    assert [i["id"] for i in items] == [c.id for c in ecthr]  # newest first, as the results are shown
    assert "citations downloaded" in page.inner_text("#cl-cite-status")
    context.close()


def site_text(base: str, case_id: str, ext: str) -> str:
    from urllib.request import urlopen

    with urlopen(f"{base}data/cases/{case_id}.{ext}") as response:
        return response.read().decode("utf-8")


def test_embed_card_and_share_panel_have_no_wcag_violation(browser, site):
    from tests.readers import VIEWPORTS, caching_server, describe, open_page, run_axe

    with caching_server(site) as server:
        context = browser.new_context(**VIEWPORTS["phone"])
        page = context.new_page()
        for url in ("embed/gbr-2014-hounga/", "cases/gbr-2014-hounga/"):
            open_page(page, server.base, url)
            violations = run_axe(page)
            assert violations == [], url + "\n" + describe(violations)
        context.close()


def test_landmarks_say_why_they_matter_in_at_most_two_sentences(site, corpus):
    listing = " ".join(" ".join(parse(site / "landmarks" / "index.html").text).split())
    for case in corpus:
        if not case["landmark"]:
            continue
        reason = " ".join(case["landmark_reason"].split())
        sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", reason) if s]
        assert 1 <= len(sentences) <= 2, (case.id, sentences)
        assert f"Why it matters: {reason}" in listing, case.id
