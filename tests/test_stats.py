"""The statistics page: every chart and table holds exactly the counts of the records, and links the matching search.

The expected figures are computed here straight from the case records, not with
generator.stats, and compared with the numbers read back from the built page: the
chart bars (data-value), the tables and the searches their links open.
"""

from __future__ import annotations

import gettext
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.charts import Bar, bar_chart, column_chart
from generator.indexes import build_indexes
from generator.links import Links
from generator.stats import INTERNATIONAL, build_statistics
from generator.vocabularies import load_vocabularies
from site_search.documents import FACETS

M49 = Path(__file__).resolve().parent.parent / "generator" / "data" / "m49.json"


class StatsPage(HTMLParser):
    """Charts (id -> [(key, value)]), their title/desc ids, tables (id -> [(key, label, count, search href)])."""

    def __init__(self) -> None:
        super().__init__()
        self.charts: dict[str, list[tuple[str, int]]] = {}
        self.chart_attrs: dict[str, dict[str, str]] = {}
        self.ids: set[str] = set()
        self.tables: dict[str, list[dict[str, str]]] = {}
        self.text: list[str] = []
        self._chart = self._table = None
        self._row: dict[str, str] | None = None
        self._cells: list[str] = []
        self._in_cell = False

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "svg" and "cl-chart" in a.get("class", ""):
            self._chart = a["id"]
            self.charts[self._chart] = []
            self.chart_attrs[self._chart] = a
        if tag == "g" and self._chart and "cl-chart__bar" in a.get("class", ""):
            self.charts[self._chart].append((a["data-key"], int(a["data-value"])))
        if tag == "table":
            self._table = a.get("id", "")
            self.tables[self._table] = []
        if tag == "tr" and self._table is not None and "data-key" in a:
            self._row = {"key": a["data-key"], "search": ""}
            self._cells = []
        if tag in ("td", "th") and self._row is not None:
            self._cells.append("")
            self._in_cell = True
        if tag == "a" and self._row is not None and "search/" in a.get("href", ""):
            self._row["search"] = a["href"]

    def handle_endtag(self, tag):
        if tag == "svg":
            self._chart = None
        if tag in ("td", "th"):
            self._in_cell = False
        if tag == "tr" and self._row is not None:
            self._row["label"], self._row["count"] = self._cells[0].strip(), self._cells[1].strip()
            self.tables[self._table].append(self._row)
            self._row = None
        if tag == "table":
            self._table = None

    def handle_data(self, data):
        self.text.append(data)
        if self._in_cell and self._cells:
            self._cells[-1] += data


@pytest.fixture(scope="module")
def page(site) -> StatsPage:
    parser = StatsPage()
    parser.feed((site / "statistics" / "index.html").read_text(encoding="utf-8"))
    return parser


def _terms(case, name):
    value = case.get(name)
    return [] if value is None else value if isinstance(value, list) else [value]


def _table_counts(page: StatsPage, table: str) -> dict[str, int]:
    return {row["key"]: int(row["count"]) for row in page.tables[table]}


def _matches(case, params: dict[str, list[str]]) -> bool:
    """Whether the search page would list a case for these URL parameters (the rules of search.js)."""
    field_of = {param: name for param, name, _ in FACETS}
    year = int(case["decision_date"][:4])
    for key, values in params.items():
        if (key == "from" and year < int(values[0])) or (key == "to" and year > int(values[0])):
            return False
        if key in field_of and not set(values) & set(_terms(case, field_of[key])):
            return False
    return True


def _check_searches(page: StatsPage, table: str, corpus) -> int:
    checked = 0
    for row in page.tables[table]:
        if not row["search"]:
            continue
        query = parse_qs(urlsplit(row["search"]).query)
        assert set(query) <= {p for p, _, _ in FACETS} | {"from", "to"}, row
        assert urlsplit(row["search"]).path.endswith("search/")
        assert sum(_matches(c, query) for c in corpus) == int(row["count"]), (table, row)
        checked += 1
    return checked


def test_every_chart_is_an_accessible_image_with_its_table(page):
    assert len(page.charts) == 8
    for chart_id, attrs in page.chart_attrs.items():
        assert attrs["role"] == "img"
        labelled = attrs["aria-labelledby"].split()
        assert labelled == [f"{chart_id}-title", f"{chart_id}-desc"] and set(labelled) <= page.ids
        section = chart_id.removeprefix("chart-")
        assert f"table-{section}" in page.tables, section
        assert page.charts[chart_id], chart_id


def test_years_chart_and_table_equal_the_records(page, corpus):
    counts = Counter(c["decision_date"][:4] for c in corpus)
    bars = dict(page.charts["chart-years"])
    first, last = min(counts), max(counts)
    assert list(bars) == [str(y) for y in range(int(first), int(last) + 1)]  # every year of the span, empty ones too
    assert {k: v for k, v in bars.items() if v} == dict(counts)
    assert _table_counts(page, "table-years") == dict(counts)
    assert _check_searches(page, "table-years", corpus) == len(counts)


@pytest.mark.parametrize(("section", "field", "param"), [
    ("countries", "country", "country"),
    ("crime-types", "crime_types", "crime"),
    ("purposes", "purposes", "purpose"),
    ("outcomes", "outcome", "outcome"),
])
def test_term_charts_equal_the_records_and_link_the_matching_search(page, corpus, section, field, param):
    counts = Counter(key for c in corpus for key in _terms(c, field))
    assert dict(page.charts[f"chart-{section}"]) == dict(counts)
    assert _table_counts(page, f"table-{section}") == dict(counts)
    assert _check_searches(page, f"table-{section}", corpus) == len(counts)
    for row in page.tables[f"table-{section}"]:
        assert parse_qs(urlsplit(row["search"]).query) == {param: [row["key"]]}
    bars = page.charts[f"chart-{section}"]
    assert [v for _, v in bars] == sorted((v for _, v in bars), reverse=True)  # largest first


def test_regions_follow_un_m49_and_courts_above_the_state_stand_apart(page, corpus):
    m49 = json.loads(M49.read_text())
    bodies = load_vocabularies()["international_bodies"]
    counts: Counter[str] = Counter()
    for case in corpus:
        code = case["country"]
        counts["International and regional courts" if code in bodies else m49["regions"][m49["countries"][code][0]]] += 1
    assert dict(page.charts["chart-regions"]) == dict(counts)
    assert _table_counts(page, "table-regions") == dict(counts)
    assert _check_searches(page, "table-regions", corpus) == len(counts)
    assert sum(counts.values()) == len(corpus)


def test_victims_are_the_sums_of_the_aggregates_and_say_what_is_missing(page, corpus):
    measures = ("total", "female", "male", "children")
    sums = {m: sum(c["victims"][m] for c in corpus if isinstance(c.get("victims"), dict) and m in c["victims"]) for m in measures}
    assert dict(page.charts["chart-victims"]) == sums
    assert _table_counts(page, "table-victims") == sums
    lacking = sum(1 for c in corpus if not any(m in (c.get("victims") or {}) for m in measures))
    text = " ".join(" ".join(page.text).split())
    assert f"{lacking} cases of {len(corpus)} record no victim count at all" in text
    for m in measures:
        reported = sum(1 for c in corpus if m in (c.get("victims") or {}))
        row = next(r for r in page.tables["table-victims"] if r["key"] == m)
        assert row["count"] == str(sums[m])
        assert f"reported in {reported} case" in text


def test_verdicts_count_cases_with_each_verdict(page, corpus):
    per_case = Counter(v for c in corpus for v in {ch["verdict"] for ch in c.get("charges") or []})
    assert dict(page.charts["chart-verdicts"]) == dict(per_case)
    assert _table_counts(page, "table-verdicts") == dict(per_case)


def test_the_caveat_and_the_links_to_the_data(page, site):
    text = " ".join(" ".join(page.text).split())
    assert "Counts reflect the decisions collected in this database, not how common" in text
    html = (site / "statistics" / "index.html").read_text()
    assert 'href="../data/cases.csv"' in html
    nav = (site / "about" / "index.html").read_text()
    assert 'href="../statistics/"' in nav  # in the site's navigation


def test_chart_text_is_escaped():
    svg = bar_chart("c", "Title <b>&", [Bar('A "quoted" <script>', 2, 'k"<')])
    assert "<script>" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg and 'data-key="k&quot;&lt;"' in svg
    columns = column_chart("y", "Years", [Bar("2001", 0, "2001"), Bar("2002", 3, "2002")])
    assert columns.count('class="cl-chart__bar"') == 2 and "2002: 3 cases" in columns


def test_chart_description_states_every_value():
    svg = bar_chart("c", "T", [Bar("One", 1, "a"), Bar("Two", 2, "b")])
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", svg).group(1)
    assert desc == "One: 1 case; Two: 2 cases."


class Marked(gettext.NullTranslations):
    """A catalogue that wraps every message in «...», placeholders left intact: text without the marks escaped it."""

    def gettext(self, message):
        return f"«{message}»"

    def ngettext(self, msgid1, msgid2, n):
        return f"«{msgid1 if n == 1 else msgid2}»"


def _untranslated(text: str) -> str:
    """What is left of a text once every «...» is taken out, innermost first: no letter should be."""
    while True:
        shorter = re.sub(r"«[^«»]*»", "", text)
        if shorter == text:
            return "" if not re.search(r"[^\W\d_]", text) else text
        text = shorter


def _svg_texts(svg: str) -> list[str]:
    """The interface text of a chart or the map: its title, its description, and the tooltips of its links."""
    texts = re.findall(r"<title id=[^>]*>(.*?)</title>", svg) + re.findall(r"<desc[^>]*>(.*?)</desc>", svg)
    return texts + re.findall(r' aria-label="([^"]*)"', svg)


def test_every_interface_text_goes_through_the_catalogue(corpus):
    stats = build_statistics(corpus, build_indexes(corpus), Links.localized("en"), t=Marked())
    texts = {"caveat": stats.caveat}
    for section in stats.sections:
        texts |= {f"{section.id} title": section.title, f"{section.id} intro": section.intro,
                  f"{section.id} note": section.note, f"{section.id} what": section.header[0], f"{section.id} count": section.header[1]}
        texts |= {f"{section.id} chart {n}": text for n, text in enumerate(_svg_texts(section.svg))}
        if section.id in ("victims", "verdicts"):  # notes of their own; the regions' notes are sub-region names
            texts |= {f"{section.id} {row.key} note": row.note for row in section.rows}
        texts |= {f"{section.id} {row.key}": row.label for row in section.rows
                  if section.id == "victims" or row.key == INTERNATIONAL}
    texts |= {f"map {n}": text for n, text in enumerate(_svg_texts(stats.map.svg))}
    texts |= {f"legend {n}": label for n, (label, _) in enumerate(stats.legend)}
    assert "regions International and regional courts" in texts  # the starter corpus has such courts
    assert len([k for k in texts if k.startswith("map ")]) > 2  # title, description and the countries' tooltips
    assert all(f"{s.id} chart 1" in texts for s in stats.sections)  # every chart's title and description
    assert {key: text for key, text in texts.items() if _untranslated(text)} == {}
    assert all("%(" not in text for text in texts.values())  # placeholders are filled after translation
    assert texts["victims total"] == "«All victims»" and texts["legend 0"] == "«No case»"


def test_every_plural_is_chosen_by_the_count_it_states(corpus):
    class Tagged(gettext.NullTranslations):
        def ngettext(self, msgid1, msgid2, n):
            return f"[{n}]" + (msgid1 if n == 1 else msgid2)

    stats = build_statistics(corpus, build_indexes(corpus), Links.localized("en"), t=Tagged())
    text = " ".join([s.note for s in stats.sections] + [r.note for s in stats.sections for r in s.rows] +
                    [s.svg for s in stats.sections] + [stats.map.svg])
    tagged = re.findall(r"\[(\d+)\]\D*?(\d+)", text)
    assert len(tagged) > 20
    assert all(tag == stated for tag, stated in tagged), [p for p in tagged if p[0] != p[1]]
    desc = re.search(r"<desc[^>]*>(.*?)</desc>", bar_chart("c", "T", [Bar("One", 1), Bar("Two", 2)], t=Tagged())).group(1)
    assert desc == "One: [1]1 case; Two: [2]2 cases."


@pytest.mark.parametrize("module", ["stats", "charts", "worldmap"])
def test_every_marked_string_can_be_extracted(module):
    """A t.gettext call Babel cannot read (inside an f-string, or with a computed message) would never be translated."""
    from babel.messages.extract import extract_from_file

    path = Path(__file__).resolve().parent.parent / "generator" / f"{module}.py"
    found = list(extract_from_file("python", str(path), keywords={"gettext": None, "ngettext": (1, 2)}))
    calls = re.findall(r"\bt\.n?gettext\(", path.read_text(encoding="utf-8"))
    assert len(found) == len(calls) > 0
    assert all(isinstance(m, str) or all(m) for _, m, _, _ in found)


def test_region_names_come_from_cldr_in_other_languages(corpus):
    indexes = build_indexes(corpus)
    english = next(s for s in build_statistics(corpus, indexes, Links.localized("en")).sections if s.id == "regions")
    french = next(s for s in build_statistics(corpus, indexes, Links.localized("fr", ("en", "fr"))).sections if s.id == "regions")
    labels = {row.key: row.label for row in french.rows}
    assert [row.key for row in french.rows] == [row.key for row in english.rows]  # the keys stay, and so does the order here
    assert {k: labels[k] for k in ("Europe", "Africa", "Americas", "Oceania", "Asia")} == {
        "Europe": "Europe", "Africa": "Afrique", "Americas": "Amériques", "Oceania": "Océanie", "Asia": "Asie"}
    assert {row.key: row.label for row in english.rows}["Americas"] == "Americas"
    notes = " ".join(row.note for row in french.rows)
    assert "Afrique subsaharienne" in notes and "Europe de l’Ouest" in notes and "Western Europe" not in notes
    assert labels[INTERNATIONAL] == INTERNATIONAL  # interface text: the catalogue's, English without one
    assert re.search(r"<desc[^>]*>[^<]*Afrique: \d+ cases?[;.]", french.svg)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_statistics_page_has_no_wcag_violation(site, viewport):
    from tests.browser import chromium
    from tests.readers import VIEWPORTS, caching_server, describe, open_page, run_axe

    with chromium() as browser, caching_server(site) as server:
        context = browser.new_context(**VIEWPORTS[viewport])
        page = context.new_page()
        open_page(page, server.base, "statistics/")
        page.eval_on_selector_all("details", "els => els.forEach(e => e.open = true)")  # the tables too
        violations = run_axe(page)
        assert violations == [], describe(violations)
        requests = [r for r in server.log if "statistics" not in r]
        assert not [r for r in requests if "/search/" in r]  # the figures are in the page: nothing else is loaded for them
        context.close()
