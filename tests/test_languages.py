"""The site in the six UN languages: every language builds, under its own prefix, with the same pages.

Read back from the starter site built once (the ``site`` fixture): prefixes, lang and dir,
the language switcher, translated case texts and the notice on untranslated ones.
"""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.languages import LANGUAGES, prefix
from tests.conftest import CASES

OTHERS = [code for code in LANGUAGES if code != "en"]
SHARED = ("embed", "go", *OTHERS)  # folders of pages only the root has: embed cards, short links, the other languages


def _pages(site: Path, code: str) -> set[str]:
    """Every page of one language, as paths relative to its prefix (redirects, made once at the root, left out)."""
    root = site / prefix(code) if prefix(code) else site
    found = set()
    for page in root.rglob("index.html"):
        rel = page.relative_to(root).as_posix()
        if (code == "en" and rel.split("/")[0] in SHARED) or 'http-equiv="refresh"' in page.read_text(encoding="utf-8"):
            continue
        found.add(rel)
    return found


def _tag(html: str, name: str) -> str:
    match = re.search(rf"<{name}\b[^>]*>", html)
    assert match, f"no <{name}>"
    return match.group(0)


def test_every_language_has_every_page(site):
    english = _pages(site, "en")
    assert len(english) > 100 and "cases/ecthr-2010-rantsev/index.html" in english
    for code in OTHERS:
        assert _pages(site, code) == english, f"{code} pages differ from the English ones"


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_pages_say_their_language_and_direction(site, code):
    direction = "rtl" if code == "ar" else "ltr"
    for rel in ("index.html", "cases/ecthr-2010-rantsev/index.html", "countries/gbr/index.html", "search/index.html",
                "statistics/index.html", "data/index.html"):
        html = (site / prefix(code) / rel).read_text(encoding="utf-8")
        assert f'lang="{code}"' in _tag(html, "html"), (code, rel)
        assert f'dir="{direction}"' in _tag(html, "body"), (code, rel)


class _Switcher(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and "md-select__link" in a.get("class", ""):
            self.links[a["hreflang"]] = a["href"]


@pytest.mark.parametrize("rel", ["cases/ecthr-2010-rantsev/index.html", "themes/index.html", "index.html", "about/index.html",
                                 "landmarks/index.html", "countries/aus/index.html"])
def test_the_switcher_leads_to_the_same_page_in_every_language(site, rel):
    for code in LANGUAGES:
        page = site / prefix(code) / rel
        switcher = _Switcher()
        switcher.feed(page.read_text(encoding="utf-8"))
        assert sorted(switcher.links) == sorted(LANGUAGES), (code, rel)
        for other, href in switcher.links.items():
            target = (page.parent / href).resolve()
            target = target / "index.html" if href.endswith("/") or href in (".", "..") else target
            assert target == (site / prefix(other) / rel).resolve(), (code, other, href)


def test_the_sitemap_names_every_translation_of_a_page(site):
    import xml.etree.ElementTree as ET

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(site / "sitemap.xml").getroot()
    entries = {u.find("s:loc", ns).text: {a.get("hreflang"): a.get("href") for a in u.findall("x:link", ns)}
               for u in root.findall("s:url", ns)}
    french = next(loc for loc in entries if loc.endswith("/fr/cases/ecthr-2010-rantsev/"))
    alternates = entries[french]
    assert sorted(alternates) == sorted([*LANGUAGES, "x-default"])
    assert alternates["es"].endswith("/es/cases/ecthr-2010-rantsev/")
    assert alternates["x-default"] == alternates["en"] and alternates["en"].endswith("/cases/ecthr-2010-rantsev/")
    assert all(href in entries for href in alternates.values())  # every alternate is itself a page of the sitemap
    embed = next(loc for loc in entries if "/embed/" in loc) if any("/embed/" in loc for loc in entries) else None
    assert embed is None or entries[embed] == {}


def test_pages_link_no_alternate_in_their_head(site):
    """Material's script fetches a sitemap for every <link rel=alternate>: translations are named in the sitemap."""
    html = (site / "fr/cases/ecthr-2010-rantsev/index.html").read_text(encoding="utf-8")
    assert not re.search(r'<link[^>]+rel="alternate"[^>]+hreflang', html)


def _translated(code: str) -> list[str]:
    return sorted(p.name.removesuffix(f".{code}.md") for p in CASES.rglob(f"*.{code}.md"))


@pytest.mark.parametrize("code", ["fr", "es"])
def test_translated_cases_show_their_translation(site, code):
    import yaml

    ids = _translated(code)
    assert len(ids) >= 5
    for case_id in ids:
        source = next(CASES.rglob(f"{case_id}.{code}.md")).read_text(encoding="utf-8")
        summary = " ".join(yaml.safe_load(source.split("---")[1])["summary"].split())
        html = (site / code / "cases" / case_id / "index.html").read_text(encoding="utf-8")
        text = " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").replace("&quot;", '"').split())
        assert summary[:120] in text, case_id
        assert 'class="cl-notice' not in html, f"{case_id}: a translated case carries the untranslated notice"


def test_untranslated_cases_show_the_original_marked_as_english(site):
    translated = set(_translated("fr"))
    html = (site / "fr/cases/aus-2012-alomalu/index.html").read_text(encoding="utf-8")
    assert "aus-2012-alomalu" not in translated
    assert 'class="cl-notice' in html
    summary = re.search(r'<p class="cl-summary"[^>]*>', html)
    assert summary and 'lang="en"' in summary.group(0)
    body = re.search(r'<div class="cl-body"[^>]*>', html)
    assert body and 'lang="en"' in body.group(0)


def test_english_only_pages_carry_a_notice_in_other_languages(site):
    html = (site / "fr/about/index.html").read_text(encoding="utf-8")
    assert 'class="cl-notice' in html and '<div lang="en" dir="ltr">' in html
    assert 'class="cl-notice' not in (site / "about/index.html").read_text(encoding="utf-8")


def test_the_sitemap_lists_every_language(site):
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    for code in LANGUAGES:
        assert f"/{prefix(code)}cases/ecthr-2010-rantsev/</loc>" in text, code


def test_vocabulary_labels_and_dates_come_in_the_page_language(site):
    html = (site / "fr/cases/ecthr-2010-rantsev/index.html").read_text(encoding="utf-8")
    assert "Traite des personnes" in html or "Traite des êtres humains" in html
    assert "7 janvier 2010" in html
    assert "Chypre" in html
    zh = (site / "zh/cases/ecthr-2010-rantsev/index.html").read_text(encoding="utf-8")
    assert "2010年1月7日" in zh and "塞浦路斯" in zh


class _Text(HTMLParser):
    """The text a reader of the page's language meets: element text and the attributes read aloud or shown
    (aria-label, title, placeholder, alt), leaving out scripts and anything marked as another language."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language
        self.stack: list[bool] = []  # per open element: is it out of scope (another language, a script)?
        self.parts: list[str] = []

    def _skipping(self) -> bool:
        return any(self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            return
        skip = tag in ("script", "style", "svg") or ("lang" in a and a["lang"] != self.language)
        if not self._skipping() and not skip:
            self.parts += [a[k] for k in ("aria-label", "title", "placeholder", "alt") if a.get(k)]
        if tag not in self.VOID:
            self.stack.append(skip)

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and tag != "html" and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping():
            self.parts.append(data)


PAGES = ["index.html", "cases/ecthr-2010-rantsev/index.html", "cases/aus-2012-alomalu/index.html", "countries/index.html",
         "countries/gbr/index.html", "themes/index.html", "landmarks/index.html", "years/index.html", "search/index.html",
         "statistics/index.html", "about/index.html", "crime-types/trafficking-in-persons/index.html"]


@pytest.mark.parametrize("code", OTHERS)
def test_no_english_interface_text_on_pages_of_other_languages(site, code):
    """Every interface string whose translation differs from the English must not appear in English on the
    page, except inside elements marked lang="en" (records and texts not yet translated)."""
    from generator.catalogues import translations

    t = translations(code)
    pot = (Path(__file__).resolve().parent.parent / "generator" / "i18n" / "messages.pot").read_text(encoding="utf-8")
    msgids = {m.replace('\\"', '"') for m in re.findall(r'(?m)^msgid "(.+)"$', pot)}
    english = sorted(m for m in msgids if "%(" not in m and "<" not in m and len(m) >= 6 and t.gettext(m) != m)
    assert len(english) > 100
    left: dict[str, list[str]] = {}
    for rel in PAGES:
        reader = _Text(code)
        reader.feed((site / code / rel).read_text(encoding="utf-8"))
        text = " ".join(" ".join(reader.parts).split())
        found = [m for m in english if re.search(rf"(?<!\w){re.escape(m)}(?!\w)", text)]
        if found:
            left[rel] = found
    assert left == {}, f"untranslated interface strings on {code} pages: {left}"


@pytest.mark.parametrize("setting, message", [
    ("[en, de]", "languages: de not available; choose from en, fr, es, ar, ru, zh"),
    ("[fr, en]", "languages: the first language must be 'en', the language of the case records"),
])
def test_a_wrong_language_setting_is_a_clear_error(tmp_path, setting, message):
    from tests.site_helpers import caselaw, copy_project

    project = copy_project(tmp_path / "p")
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^(\s+languages: )\[.*\]$", rf"\g<1>{setting}", config.read_text(encoding="utf-8")), encoding="utf-8")
    result = caselaw("build", "-d", "out", cwd=project)
    assert result.returncode == 1
    assert message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and not (project / "out").exists()


def test_a_site_in_english_only_has_no_language_switcher(tmp_path):
    from tests.site_helpers import caselaw, copy_project

    project = copy_project(tmp_path / "p")  # English only
    result = caselaw("build", "-d", "out", cwd=project)
    assert result.returncode == 0, result.stderr
    html = (project / "out" / "cases" / "ecthr-2010-rantsev" / "index.html").read_text(encoding="utf-8")
    assert "md-select__link" not in html and not (project / "out" / "fr").exists()


def test_lists_are_separated_as_each_language_writes_them(site):
    """The at-a-glance panel lists several themes: commas in English, '،' in Arabic, '、' in Chinese."""
    def themes(code: str) -> str:
        html = (site / prefix(code) / "cases/ecthr-2010-rantsev/index.html").read_text(encoding="utf-8")
        row = re.search(r'<dt>[^<]*</dt><dd>((?:<a href="[^"]*themes/[^"]*">[^<]*</a>[^<]*)+)</dd>', html)
        assert row, code
        return re.sub(r"<[^>]+>", "|", row.group(1))

    assert "|, |" in themes("en") and "|، |" in themes("ar") and "|、|" in themes("zh")


def test_a_big_sitemap_is_split_under_a_sitemap_index(tmp_path, monkeypatch):
    """Search engines read at most 50,000 URLs from a sitemap: past SITEMAP_URLS, sitemap.xml names the parts."""
    from generator.mkdocs_plugin import stamp

    monkeypatch.setattr(stamp, "SITEMAP_URLS", 3)
    urls = [f"cases/c{n}/" for n in range(4)] + [f"fr/cases/c{n}/" for n in range(4)] + ["about/"]
    stamp.write_sitemap(tmp_path, "https://example.org/", urls, "2026-11-30", ("en", "fr"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    index = ET.parse(tmp_path / "sitemap.xml").getroot()
    assert index.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    parts = [loc.text for loc in index.findall("s:sitemap/s:loc", ns)]
    assert parts == [f"https://example.org/sitemap-{n}.xml" for n in (1, 2, 3)]
    found, alternates = [], {}
    for n in (1, 2, 3):
        entries = ET.parse(tmp_path / f"sitemap-{n}.xml").getroot().findall("s:url", ns)
        assert 1 <= len(entries) <= 3
        for entry in entries:
            loc = entry.find("s:loc", ns).text
            found.append(loc)
            alternates[loc] = {link.get("hreflang"): link.get("href") for link in entry.findall("x:link", ns)}
    assert sorted(found) == sorted("https://example.org/" + url for url in urls)
    assert alternates["https://example.org/fr/cases/c3/"] == {"en": "https://example.org/cases/c3/", "fr": "https://example.org/fr/cases/c3/",
                                                            "x-default": "https://example.org/cases/c3/"}
    assert alternates["https://example.org/about/"] == {}
    assert gzip.decompress((tmp_path / "sitemap.xml.gz").read_bytes()) == (tmp_path / "sitemap.xml").read_bytes()
