"""The statistics page: what the database holds, counted from the records.

Every figure is computed here from the corpus, in one pass per section; each section has
its rows (label, count, link to the matching search), an SVG chart drawn from the same
rows (``charts.py``) and the caveat that counts reflect what was collected, not how
common the crimes are. Regions follow the UN M49 geoscheme (``data/m49.json``).

Every piece of interface text goes through the gettext translations ``t`` of the build's
language; region names are the M49 ones in English and CLDR's (Babel) in other languages.
Rows keep language-independent keys (the English region name, the vocabulary key).
"""

from __future__ import annotations

import gettext
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError

from .charts import Bar, bar_chart, column_chart
from .corpus import Case, Corpus
from .indexes import Indexes, terms_of
from .languages import DEFAULT
from .links import Links
from .worldmap import MapResult, world_map

M49 = Path(__file__).parent / "data" / "m49.json"
INTERNATIONAL = "International and regional courts"  # the keys of the two groups outside M49's regions
UNASSIGNED = "Not in the UN M49 list"
TOP_COUNTRIES = 30  # bars in the country chart; the table lists every country


def caveat(t: gettext.NullTranslations) -> str:
    return t.gettext("Counts reflect the decisions collected in this database, not how common trafficking or smuggling is "
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
    """(region, sub-region) keys of a jurisdiction: their English names; international courts form a group of their own."""
    if code in links.vocabularies["international_bodies"]:
        return INTERNATIONAL, INTERNATIONAL
    names, countries = m49()
    if code not in countries:
        return UNASSIGNED, UNASSIGNED
    region, sub = countries[code]
    return names[region], names[sub]


@cache
def _cldr_regions(language: str) -> dict[str, str]:
    """English M49 name -> CLDR's name in ``language``, for the regions CLDR names."""
    try:
        territories = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        return {}
    names, _ = m49()
    return {english: territories[code] for code, english in names.items() if territories.get(code)}


def region_name(key: str, links: Links, t: gettext.NullTranslations) -> str:
    """A region's name in the build's language: M49's in English, CLDR's elsewhere (M49's English where CLDR has none)."""
    if key == INTERNATIONAL:
        return t.gettext("International and regional courts")
    if key == UNASSIGNED:
        return t.gettext("Not in the UN M49 list")
    if links.locale == DEFAULT:
        return key
    return _cldr_regions(links.locale).get(key, key)


def build_statistics(corpus: Corpus, indexes: Indexes, links: Links, *, page_src: str = "statistics/index.md",
                     t: gettext.NullTranslations | None = None) -> Statistics:
    t = t if t is not None else gettext.NullTranslations()
    cases = list(corpus)
    sections = [
        _years(indexes, links, t),
        _regions(indexes, links, t),
        _countries(indexes, links, t),
        _terms("crime-types", t.gettext("Crime types"), "crime_types", "crime", cases, links, t.gettext("Crime type"),
               t.gettext("Cases per crime type"),
               t.gettext("Cases per crime type. A case can concern several crimes, so the bars add up to more than the number "
                         "of cases."), t),
        _terms("purposes", t.gettext("Purposes of exploitation"), "purposes", "purpose", cases, links, t.gettext("Purpose"),
               t.gettext("Cases per purpose of exploitation"),
               t.gettext("Cases per purpose of exploitation, for the cases that record one. A case can record several "
                         "purposes."), t),
        _victims(cases, t),
        _terms("outcomes", t.gettext("Outcomes"), "outcome", "outcome", cases, links, t.gettext("Outcome"),
               t.gettext("Cases per outcome"),
               t.gettext("Cases per overall result of the decision recorded (a conviction, an appeal allowed, a violation "
                         "found...)."), t),
        _verdicts(cases, links, t),
    ]
    counts = {code: len(found) for code, found in indexes.by_country.items()}
    bodies = links.vocabularies["international_bodies"]
    base = "../" * links.url(page_src).count("/")
    drawn = world_map({code: n for code, n in counts.items() if code not in bodies}, lambda code: base + links.country(code),
                      links.country_name, title=t.gettext("World map of cases per country"), t=t)
    countries = tuple(sorted((Row(links.country_name(code), n, code, links.search({"country": code}), links.country(code))
                              for code, n in counts.items() if code not in bodies), key=lambda r: (-r.count, r.label, r.key)))
    international = tuple(sorted((Row(links.country_name(code), n, code, links.search({"country": code}), links.country(code))
                                  for code, n in counts.items() if code in bodies), key=lambda r: (-r.count, r.label, r.key)))
    return Statistics(len(cases), caveat(t), tuple(sections), drawn, countries, international, drawn.legend)


def _years(indexes: Indexes, links: Links, t: gettext.NullTranslations) -> Section:
    years = sorted(indexes.by_year)
    rows = tuple(Row(str(y), len(indexes.by_year[y]), str(y), links.search({"from": str(y), "to": str(y)}), links.year(y))
                 for y in years)
    span = range(years[0], years[-1] + 1) if years else range(0)
    bars = [Bar(str(y), len(indexes.by_year.get(y, [])), str(y)) for y in span]
    title = (t.gettext("Cases per year of decision, %(first)s–%(last)s") % {"first": years[0], "last": years[-1]} if years
             else t.gettext("Cases per year of decision"))
    return Section("years", t.gettext("Cases per year"),
                   t.gettext("Decisions by the year they were given. Years without a row have no case yet."),
                   (t.gettext("Year"), t.gettext("Cases")), rows, column_chart("chart-years", title, bars, t=t))


def _regions(indexes: Indexes, links: Links, t: gettext.NullTranslations) -> Section:
    by_region: dict[str, list[str]] = {}
    subs: dict[str, Counter[str]] = {}
    counts: Counter[str] = Counter()
    for code, found in indexes.by_country.items():
        region, sub = region_of(code, links)
        by_region.setdefault(region, []).append(code)
        counts[region] += len(found)
        subs.setdefault(region, Counter())[sub] += len(found)
    names = {key: region_name(key, links, t) for key in {*counts, *(sub for found in subs.values() for sub in found)}}
    order = sorted(counts, key=lambda r: (r in (INTERNATIONAL, UNASSIGNED), -counts[r], names[r], r))
    rows = []
    for region in order:
        detail = ", ".join(f"{names[sub]} {n}" for sub, n in sorted(subs[region].items(), key=lambda i: (-i[1], names[i[0]], i[0]))
                           if sub != region)
        rows.append(Row(names[region], counts[region], region, links.search([("country", c) for c in sorted(by_region[region])]),
                        note=detail))
    bars = [Bar(r.label, r.count, r.key) for r in rows]
    return Section("regions", t.gettext("Cases per region"),
                   t.gettext("Cases per region of the court's country, in the UN M49 geoscheme (sub-regions in the last column); "
                             "regional and international courts are counted on their own."),
                   (t.gettext("Region"), t.gettext("Cases")), tuple(rows),
                   bar_chart("chart-regions", t.gettext("Cases per region"), bars, t=t))


def _countries(indexes: Indexes, links: Links, t: gettext.NullTranslations) -> Section:
    rows = tuple(sorted((Row(links.country_name(code), len(found), code, links.search({"country": code}), links.country(code))
                         for code, found in indexes.by_country.items()), key=lambda r: (-r.count, r.label, r.key)))
    shown = rows[:TOP_COUNTRIES]
    bars = [Bar(r.label, r.count, r.key) for r in shown]
    if len(shown) < len(rows):
        title = t.ngettext("Cases per country or court (the %(n)s with most cases)",
                           "Cases per country or court (the %(n)s with most cases)", len(shown)) % {"n": len(shown)}
    else:
        title = t.gettext("Cases per country or court")
    return Section("countries", t.gettext("Cases per country and court"),
                   t.gettext("Cases per jurisdiction whose court gave the decision: a country, or a regional or international "
                             "court."),
                   (t.gettext("Country or court"), t.gettext("Cases")), rows, bar_chart("chart-countries", title, bars, t=t),
                   chart_rows=len(shown) if len(shown) < len(rows) else 0)


def _terms(section_id: str, title: str, name: str, param: str, cases: Iterable[Case], links: Links, header: str,
           chart_title: str, intro: str, t: gettext.NullTranslations) -> Section:
    counts: Counter[str] = Counter()
    without = 0
    for case in cases:
        keys = terms_of(case, name)
        counts.update(keys)
        without += not keys
    vocab = links.vocabularies[{"crime_types": "crime_types", "purposes": "purposes", "outcome": "outcomes"}[name]]
    rows = tuple(Row(links.label(name, key), counts[key], key, links.search({param: key}), links.term(name, key))
                 for key in sorted((k for k in vocab if counts[k]), key=lambda k: (-counts[k], list(vocab).index(k))))
    note = t.ngettext("%(n)s case records none.", "%(n)s cases record none.", without) % {"n": without} if without else ""
    bars = [Bar(r.label, r.count, r.key) for r in rows]
    return Section(section_id, title, intro, (header, t.gettext("Cases")), rows,
                   bar_chart(f"chart-{section_id}", chart_title, bars, t=t), note)


VICTIM_MEASURES = ("total", "female", "male", "children")  # keys of a case's victims, in the order shown


def victim_measures(t: gettext.NullTranslations) -> tuple[tuple[str, str], ...]:
    """(key, label) of each victim measure."""
    return (
        ("total", t.gettext("All victims")),
        ("female", t.gettext("Women and girls")),
        ("male", t.gettext("Men and boys")),
        ("children", t.gettext("Children (under 18)")),
    )


def _victims(cases: list[Case], t: gettext.NullTranslations) -> Section:
    rows = []
    for key, label in victim_measures(t):
        reported = [c["victims"][key] for c in cases if isinstance(c.get("victims"), dict) and isinstance(c["victims"].get(key), int)]
        missing = len(cases) - len(reported)
        note = t.ngettext("reported in %(n)s case; not recorded in %(missing)s",
                          "reported in %(n)s cases; not recorded in %(missing)s", len(reported)) % {"n": len(reported),
                                                                                                   "missing": missing}
        rows.append(Row(label, sum(reported), key, note=note))
    no_counts = sum(1 for c in cases if not (isinstance(c.get("victims"), dict) and
                                             any(isinstance(c["victims"].get(k), int) for k in VICTIM_MEASURES)))
    bars = [Bar(r.label, r.count, r.key) for r in rows]
    note = " ".join((
        t.ngettext("%(n)s case of %(total)s records no victim count at all, so these sums are a floor, not a total.",
                   "%(n)s cases of %(total)s record no victim count at all, so these sums are a floor, not a total.",
                   no_counts) % {"n": no_counts, "total": len(cases)},
        t.gettext("Children are also counted among women and girls or men and boys when the decision gives their sex."),
        t.gettext("Victim counts are not a search filter; the per-case figures are in the open data (victims.* columns)."),
    ))
    return Section("victims", t.gettext("Victims"),
                   t.gettext("Victims established by the decisions, added up over the cases that record them."),
                   (t.gettext("Victims"), t.gettext("Number")), tuple(rows),
                   bar_chart("chart-victims", t.gettext("Victims in the decisions, by sex and age"), bars, unit="victims", t=t),
                   note)


def _verdicts(cases: list[Case], links: Links, t: gettext.NullTranslations) -> Section:
    vocab = links.vocabularies["verdicts"]
    per_case: Counter[str] = Counter()
    lines: Counter[str] = Counter()
    with_charges = 0
    for case in cases:
        verdicts = [charge["verdict"] for charge in case.get("charges") or [] if isinstance(charge, dict) and charge.get("verdict")]
        with_charges += bool(verdicts)
        lines.update(verdicts)
        per_case.update(set(verdicts))
    rows = tuple(Row(vocab.label_of(key), per_case[key], key,
                     note=t.ngettext("%(n)s charge", "%(n)s charges", lines[key]) % {"n": lines[key]})
                 for key in sorted((k for k in vocab if per_case[k]), key=lambda k: (-per_case[k], list(vocab).index(k))))
    bars = [Bar(r.label, r.count, r.key) for r in rows]
    note = " ".join((
        t.ngettext("%(n)s case of %(total)s records charges with a verdict (human-rights and civil cases have none).",
                   "%(n)s cases of %(total)s record charges with a verdict (human-rights and civil cases have none).",
                   with_charges) % {"n": with_charges, "total": len(cases)},
        t.gettext("A case with several charges can have several verdicts."),
        t.gettext("Verdicts are not a search filter; see the outcomes above."),
    ))
    return Section("verdicts", t.gettext("Verdicts on charges"), t.gettext("Cases with at least one charge ending in each verdict."),
                   (t.gettext("Verdict"), t.gettext("Cases")), rows,
                   bar_chart("chart-verdicts", t.gettext("Cases per verdict on a charge"), bars, t=t), note)
