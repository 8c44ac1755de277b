"""The statistics page: what the database holds, counted from the records.

Every figure is computed here from the corpus, in one pass per section; each section has
its rows (label, count, link to the matching search), an SVG chart drawn from the same
rows (``charts.py``) and the caveat that counts reflect what was collected, not how
common the crimes are. Regions follow the UN M49 geoscheme (``data/m49.json``).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .charts import Bar, bar_chart, column_chart
from .corpus import Case, Corpus
from .indexes import Indexes, terms_of
from .links import Links
from .worldmap import MapResult, world_map

M49 = Path(__file__).parent / "data" / "m49.json"
INTERNATIONAL = "International and regional courts"
UNASSIGNED = "Not in the UN M49 list"
TOP_COUNTRIES = 30  # bars in the country chart; the table lists every country

CAVEAT = ("Counts reflect the decisions collected in this database, not how common trafficking or smuggling is "
          "in a country, a region or a year: they depend on which courts publish their decisions and which ones "
          "contributors have summarised so far.")


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    key: str = ""
    search: str = ""  # site-root URL of the matching search, "" when there is no such search
    page: str = ""  # site-root URL of the term's own page, if it has one
    note: str = ""  # e.g. how many cases report the figure


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    intro: str
    header: tuple[str, str]  # column headings of the table: what, how many
    rows: tuple[Row, ...]
    svg: str
    note: str = ""
    chart_rows: int = 0  # rows drawn in the chart when fewer than the table holds


@dataclass(frozen=True)
class Statistics:
    total: int
    caveat: str
    sections: tuple[Section, ...]
    map: MapResult
    countries: tuple[Row, ...]  # the map's text alternative: every country with cases
    international: tuple[Row, ...]  # courts above the State, listed beside the map
    legend: tuple[tuple[str, str], ...]


@cache
def m49() -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """(region code -> name, ISO alpha-3 -> (region code, sub-region code))."""
    raw = json.loads(M49.read_text(encoding="utf-8"))
    return raw["regions"], {code: (pair[0], pair[1]) for code, pair in raw["countries"].items()}


def region_of(code: str, links: Links) -> tuple[str, str]:
    """(region, sub-region) names of a jurisdiction; international courts form a group of their own."""
    if code in links.vocabularies["international_bodies"]:
        return INTERNATIONAL, INTERNATIONAL
    names, countries = m49()
    if code not in countries:
        return UNASSIGNED, UNASSIGNED
    region, sub = countries[code]
    return names[region], names[sub]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def build_statistics(corpus: Corpus, indexes: Indexes, links: Links, *, page_src: str = "statistics/index.md") -> Statistics:
    cases = list(corpus)
    sections = [
        _years(indexes, links),
        _regions(indexes, links),
        _countries(indexes, links),
        _terms("crime-types", "Crime types", "crime_types", "crime", cases, links, "Crime type", "Cases per crime type",
               "Cases per crime type. A case can concern several crimes, so the bars add up to more than the number of cases."),
        _terms("purposes", "Purposes of exploitation", "purposes", "purpose", cases, links, "Purpose",
               "Cases per purpose of exploitation",
               "Cases per purpose of exploitation, for the cases that record one. A case can record several purposes."),
        _victims(cases),
        _terms("outcomes", "Outcomes", "outcome", "outcome", cases, links, "Outcome", "Cases per outcome",
               "Cases per overall result of the decision recorded (a conviction, an appeal allowed, a violation found...)."),
        _verdicts(cases, links),
    ]
    counts = {code: len(found) for code, found in indexes.by_country.items()}
    bodies = links.vocabularies["international_bodies"]
    base = "../" * links.url(page_src).count("/")
    drawn = world_map({code: n for code, n in counts.items() if code not in bodies}, lambda code: base + links.country(code),
                      links.country_name, title="World map of cases per country")
    countries = tuple(sorted((Row(links.country_name(code), n, code, links.search({"country": code}), links.country(code))
                              for code, n in counts.items() if code not in bodies), key=lambda r: (-r.count, r.label)))
    international = tuple(sorted((Row(links.country_name(code), n, code, links.search({"country": code}), links.country(code))
                                  for code, n in counts.items() if code in bodies), key=lambda r: (-r.count, r.label)))
    return Statistics(len(cases), CAVEAT, tuple(sections), drawn, countries, international, drawn.legend)


def _years(indexes: Indexes, links: Links) -> Section:
    years = sorted(indexes.by_year)
    rows = tuple(Row(str(y), len(indexes.by_year[y]), str(y), links.search({"from": str(y), "to": str(y)}), links.year(y))
                 for y in years)
    span = range(years[0], years[-1] + 1) if years else range(0)
    bars = [Bar(str(y), len(indexes.by_year.get(y, [])), str(y)) for y in span]
    title = f"Cases per year of decision, {years[0]}–{years[-1]}" if years else "Cases per year of decision"
    return Section("years", "Cases per year", "Decisions by the year they were given. Years without a row have no case yet.",
                   ("Year", "Cases"), rows, column_chart("chart-years", title, bars))


def _regions(indexes: Indexes, links: Links) -> Section:
    by_region: dict[str, list[str]] = {}
    subs: dict[str, Counter[str]] = {}
    counts: Counter[str] = Counter()
    for code, found in indexes.by_country.items():
        region, sub = region_of(code, links)
        by_region.setdefault(region, []).append(code)
        counts[region] += len(found)
        subs.setdefault(region, Counter())[sub] += len(found)
    order = sorted(counts, key=lambda r: (r in (INTERNATIONAL, UNASSIGNED), -counts[r], r))
    rows = []
    for region in order:
        detail = ", ".join(f"{sub} {n}" for sub, n in sorted(subs[region].items(), key=lambda i: (-i[1], i[0])) if sub != region)
        rows.append(Row(region, counts[region], region, links.search([("country", c) for c in sorted(by_region[region])]),
                        note=detail))
    bars = [Bar(r.label, r.count, r.key) for r in rows]
    return Section("regions", "Cases per region",
                   "Cases per region of the court's country, in the UN M49 geoscheme (sub-regions in the last column); "
                   "regional and international courts are counted on their own.",
                   ("Region", "Cases"), tuple(rows), bar_chart("chart-regions", "Cases per region", bars))


def _countries(indexes: Indexes, links: Links) -> Section:
    rows = tuple(sorted((Row(links.country_name(code), len(found), code, links.search({"country": code}), links.country(code))
                         for code, found in indexes.by_country.items()), key=lambda r: (-r.count, r.label)))
    shown = rows[:TOP_COUNTRIES]
    bars = [Bar(r.label, r.count, r.key) for r in shown]
    title = "Cases per country or court" + (f" (the {len(shown)} with most cases)" if len(shown) < len(rows) else "")
    return Section("countries", "Cases per country and court",
                   "Cases per jurisdiction whose court gave the decision: a country, or a regional or international court.",
                   ("Country or court", "Cases"), rows, bar_chart("chart-countries", title, bars),
                   chart_rows=len(shown) if len(shown) < len(rows) else 0)


def _terms(section_id: str, title: str, name: str, param: str, cases: Iterable[Case], links: Links, header: str,
           chart_title: str, intro: str) -> Section:
    counts: Counter[str] = Counter()
    without = 0
    for case in cases:
        keys = terms_of(case, name)
        counts.update(keys)
        without += not keys
    vocab = links.vocabularies[{"crime_types": "crime_types", "purposes": "purposes", "outcome": "outcomes"}[name]]
    rows = tuple(Row(links.label(name, key), counts[key], key, links.search({param: key}), links.term(name, key))
                 for key in sorted((k for k in vocab if counts[k]), key=lambda k: (-counts[k], list(vocab).index(k))))
    note = f"{_plural(without, 'case')} record none." if without else ""
    bars = [Bar(r.label, r.count, r.key) for r in rows]
    return Section(section_id, title, intro, (header, "Cases"), rows, bar_chart(f"chart-{section_id}", chart_title, bars), note)


VICTIM_MEASURES = (
    ("total", "All victims"),
    ("female", "Women and girls"),
    ("male", "Men and boys"),
    ("children", "Children (under 18)"),
)


def _victims(cases: list[Case]) -> Section:
    rows = []
    for key, label in VICTIM_MEASURES:
        reported = [c["victims"][key] for c in cases if isinstance(c.get("victims"), dict) and isinstance(c["victims"].get(key), int)]
        missing = len(cases) - len(reported)
        rows.append(Row(label, sum(reported), key,
                        note=f"reported in {_plural(len(reported), 'case')}; not recorded in {missing}"))
    no_counts = sum(1 for c in cases if not (isinstance(c.get("victims"), dict) and
                                             any(isinstance(c["victims"].get(k), int) for k, _ in VICTIM_MEASURES)))
    bars = [Bar(r.label, r.count, r.key) for r in rows]
    note = (f"{_plural(no_counts, 'case')} of {len(cases)} record no victim count at all, so these sums are a floor, not a total. "
            "Children are also counted among women and girls or men and boys when the decision gives their sex. "
            "Victim counts are not a search filter; the per-case figures are in the open data (victims.* columns).")
    return Section("victims", "Victims", "Victims established by the decisions, added up over the cases that record them.",
                   ("Victims", "Number"), tuple(rows), bar_chart("chart-victims", "Victims in the decisions, by sex and age", bars,
                                                               unit="victims"), note)


def _verdicts(cases: list[Case], links: Links) -> Section:
    vocab = links.vocabularies["verdicts"]
    per_case: Counter[str] = Counter()
    lines: Counter[str] = Counter()
    with_charges = 0
    for case in cases:
        verdicts = [charge["verdict"] for charge in case.get("charges") or [] if isinstance(charge, dict) and charge.get("verdict")]
        with_charges += bool(verdicts)
        lines.update(verdicts)
        per_case.update(set(verdicts))
    rows = tuple(Row(vocab.label_of(key), per_case[key], key, note=_plural(lines[key], "charge"))
                 for key in sorted((k for k in vocab if per_case[k]), key=lambda k: (-per_case[k], list(vocab).index(k))))
    bars = [Bar(r.label, r.count, r.key) for r in rows]
    note = (f"{_plural(with_charges, 'case')} of {len(cases)} record charges with a verdict (human-rights and civil cases have none). "
            "A case with several charges can have several verdicts. Verdicts are not a search filter; see the outcomes above.")
    return Section("verdicts", "Verdicts on charges", "Cases with at least one charge ending in each verdict.",
                   ("Verdict", "Cases"), rows, bar_chart("chart-verdicts", "Cases per verdict on a charge", bars), note)
