"""The statistics page: every chart and table holds exactly the counts of the records, and links the matching search.

The expected figures are computed here straight from the case records, not with
generator.stats, and compared with the numbers read back from the built page: the
chart bars (data-value), the tables and the searches their links open.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.charts import Bar, bar_chart, column_chart
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
