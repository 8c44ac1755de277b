"""The site model: every page and file the site has, derived from the corpus.

Pure data, no MkDocs: a page is a source path, a title, a template and the context
its template needs; a file is a path and its content. The MkDocs plugin turns these
into MkDocs files; another engine could render the same model.
"""

from __future__ import annotations

import gettext
import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any
from urllib.parse import urljoin

from site_search.bundle import build_search

from . import citations, embed, short_links
from .corpus import Case, Corpus
from .export import csv_chunks, json_chunks, record
from .feeds import atom_feed
from .indexes import TERM_FIELDS, VOCABULARY_OF, Indexes, build_indexes, case_neighbours, terms_of
from .languages import DEFAULT
from .links import CITATION_FORMATS, FIELD_SLUGS, Links, page_url, term_slug
from .og_images import share_image
from .outputs import LaterFile, Output, OutputFile
from .schema import published_schema
from .stats import build_statistics
from .translations import CaseTranslation, localize

PER_PAGE = 100
FEED_SIZE = 50


@dataclass(frozen=True)
class Listing:
    """One page of a list of cases."""

    title: str
    intro: str
    cases: tuple[Case, ...]
    total: int
    page: int
    pages: tuple[str, ...]  # site-root URL of every page of the list
    counts: tuple[tuple[str, str, int], ...] = ()  # (label, url, count)
    feed: str | None = None
    show_reason: bool = False

    @property
    def pager(self) -> tuple[tuple[int, str] | None, ...]:
        """(number, URL) of the pages the pager links, None for a run of pages left out (see ``pager_numbers``)."""
        return tuple(None if n is None else (n, self.pages[n - 1]) for n in pager_numbers(self.page, len(self.pages)))


def pager_numbers(current: int, count: int) -> list[int | None]:
    """The page numbers a pager shows: all of up to 9 pages; else the first two, the last two and two
    either side of ``current``, with None for each run of two or more left out (a single page is shown).

    Linking every page from every page grows with the square of a list's length: at 50,000 cases,
    the list of one crime type has 400 pages, so 160,000 links to render and check. The search page's
    pager (site_search/browser/search.js) shows the same numbers.
    """
    def near(number: int) -> bool:
        return count <= 9 or number <= 2 or number >= count - 1 or abs(number - current) <= 2

    shown: list[int | None] = []
    for number in range(1, count + 1):
        if near(number) or (near(number - 1) and near(number + 1)):
            shown.append(number)
        elif shown[-1] is not None:
            shown.append(None)
    return shown


@dataclass(frozen=True)
class TermOverview:
    """A list of terms with their case counts: all countries, all themes, ..."""

    title: str
    intro: str
    terms: tuple[tuple[str, str, int, str], ...]  # (label, url, count, definition)


@dataclass(frozen=True)
class Page:
    src: str
    title: str
    template: str
    description: str = ""
    markdown: str = ""
    context: dict[str, Any] = field(default_factory=dict)
    hide: tuple[str, ...] = ()  # Material's page-level "hide" (navigation, toc)


@dataclass(frozen=True)
class SiteModel:
    pages: tuple[Page, ...]
    files: tuple[Output, ...]
    indexes: Indexes
    links: Links
    citations: dict[str, Any] = field(default_factory=dict)  # the search page's citation files (shared by all languages)


def caveat(t: gettext.NullTranslations) -> str:
    return t.gettext("Counts reflect the decisions collected in this database, not how common trafficking or smuggling is "
                     "in a country or a year.")


def build_site(corpus: Corpus, *, site_url: str = "", site_name: str = "", directory_urls: bool = True,
               per_page: int = PER_PAGE, language: str = DEFAULT, languages: tuple[str, ...] = (DEFAULT,),
               translations: gettext.NullTranslations | None = None,
               case_translations: dict[tuple[str, str], CaseTranslation] | None = None,
               shared_citations: dict[str, Any] | None = None, search: Any = None,
               related_ids: dict[str, list[str]] | None = None) -> SiteModel:
    """Every page and file of the site in one language, from the corpus.

    The English build also makes the files every language shares (data, feeds, citation files, share
    images, embed cards, redirects); another language's build links to them (``shared_citations`` is
    the English build's ``citations``) and holds only its own pages and search. ``search`` is the
    language's search if it is being built elsewhere (see search_jobs.py); ``related_ids`` the related
    cases another language's build found (``indexes.related`` as ids).
    """
    t = translations or gettext.NullTranslations()
    links = Links.localized(language, languages, directory_urls)
    shared = language == DEFAULT
    local = localize(corpus, case_translations or {}, language)
    indexes = build_indexes(local, related_ids)
    pages: list[Page] = [_case_page(case, local, indexes.related.get(case.id, []), indexes.cited_by.get(case.id, []), links,
                                    site_url, site_name) for case in local]
    pages.append(_home(local, indexes, links, t))
    pages += _country_pages(indexes, links, per_page, t)
    for name, _ in TERM_FIELDS:
        pages += _term_pages(name, indexes, links, per_page, t)
    pages += _year_pages(indexes, links, per_page, t)
    pages += _paged("landmarks", t.gettext("Landmark cases"),
                    t.gettext("Decisions that changed how the law on trafficking and smuggling is read, with why each matters."),
                    indexes.landmarks, links, per_page, t, show_reason=True)
    search = search or build_search(local, links, language=language)
    files: list[Output] = []
    if shared:
        files, cite_manifest = citations.search_files(corpus, links, site_url, site_name)
    else:
        assert shared_citations is not None, "a translated build links to the English build's citation files"
        cite_manifest = shared_citations
    pages.append(Page("search/index.md", t.gettext("Search cases"), "search.html",
                      t.gettext("Search the case law by words, country, theme, year and more."),
                      context={"search": search, "citations": cite_manifest},
                      hide=("navigation", "toc")))
    pages.append(_statistics_page(local, indexes, links, t))
    files += search.files
    if shared:
        pages += [_embed_page(case, links, site_url) for case in corpus]
        files += _data_files(corpus, links)
        files += citations.case_files(corpus, links, site_url, site_name)
        files += _feeds(corpus, indexes, links, site_url, site_name)
        files += _redirects(corpus, links, site_url)
        files += _share_images(indexes, links, site_name)
        files += _short_link_redirects(corpus, links, site_url)
    pages = [replace(page, src=links.prefix + page.src) for page in pages]  # this language's pages live under its prefix
    _check_no_collisions(pages, files, links)
    return SiteModel(tuple(pages), tuple(files), indexes, links, cite_manifest)


def json_ld(case: Case, links: Links, site_url: str) -> dict[str, Any]:
    """schema.org description of a decision, for search engines and citation tools."""
    url = (site_url.rstrip("/") + "/" + links.case(case)) if site_url else links.case(case)
    official = [s["url"] for s in case["sources"] if s["official"]]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": case["title"][:110],
        "name": case["title"],
        "alternateName": case["citation"],
        "abstract": case["summary"],
        "url": url,
        "datePublished": case["decision_date"],
        "dateModified": case["last_reviewed"],
        "inLanguage": case["languages"][0],
        "author": {"@type": "GovernmentOrganization", "name": case["court"]},
        "spatialCoverage": {"@type": "Place", "name": links.country_name(case["country"])},
        "about": [links.label("crime_types", k) for k in case["crime_types"]],
        "keywords": ", ".join(case.get("keywords") or []),
        "isBasedOn": official,
        "license": "https://creativecommons.org/licenses/by/4.0/",
    }
    if case.get("case_number"):
        data["identifier"] = case["case_number"]
    return data


def case_page(corpus: Corpus, case_id: str, links: Links, *, site_url: str = "", site_name: str = "",
              case_translations: dict[tuple[str, str], CaseTranslation] | None = None,
              neighbours: tuple[list[str], list[str]] | None = None) -> Page:
    """One case's page, as build_site makes it with the same ``links``, without the rest of the site: serve's
    quick rebuilds show an edited case at once this way. ``neighbours``: the ids of its related and citing
    cases, if found already (they are the same in every language)."""
    local = localize(corpus, case_translations or {}, links.locale)
    if neighbours is None:
        neighbours = neighbour_ids(corpus, case_id)
    related, cited_by = ([local.by_id[i] for i in ids] for ids in neighbours)
    page = _case_page(local.by_id[case_id], local, related, cited_by, links, site_url, site_name)
    return replace(page, src=links.prefix + page.src)


def neighbour_ids(corpus: Corpus, case_id: str) -> tuple[list[str], list[str]]:
    """Ids of the related cases and of the citing cases of one case."""
    related, cited_by = case_neighbours(corpus, case_id)
    return [c.id for c in related], [c.id for c in cited_by]


def _case_page(case: Case, corpus: Corpus, related: list[Case], cited_by: list[Case], links: Links, site_url: str,
               site_name: str = "") -> Page:
    context = {
        "case": case,
        "json_ld": json_ld(case, links, site_url),
        "related": related,
        "cites": [corpus.by_id[i] for i in case.get("cites") or []],
        "cited_by": cited_by,
        "share": share_context(case, links, site_url, site_name),
    }
    return Page(links.case_src(case.id), case["title"], "case.html", case["summary"], case.body, context)


def _chunks(cases: list[Case], size: int) -> list[list[Case]]:
    return [cases[i:i + size] for i in range(0, len(cases), size)] or [[]]


def _paged(base: str, title: str, intro: str, cases: list[Case], links: Links, per_page: int, t: gettext.NullTranslations, *,
           counts: tuple = (), feed: str | None = None, show_reason: bool = False) -> Iterator[Page]:
    chunks = _chunks(cases, per_page)
    srcs = [f"{base}/index.md"] + [f"{base}/page/{n}/index.md" for n in range(2, len(chunks) + 1)]
    urls = tuple(links.url(s) for s in srcs)
    for number, (src, chunk) in enumerate(zip(srcs, chunks, strict=True), start=1):
        listing = Listing(title, intro, tuple(chunk), len(cases), number, urls, counts, feed, show_reason)
        suffix = " " + t.gettext("(page %(page)s of %(pages)s)") % {"page": number, "pages": len(chunks)} if len(chunks) > 1 else ""
        yield Page(src, title + suffix, "listing.html", intro, "", {"listing": listing})


def _counts_by(name: str, cases: list[Case], links: Links) -> tuple[tuple[str, str, int], ...]:
    counter: dict[str, int] = {}
    for case in cases:
        for key in terms_of(case, name):
            counter[key] = counter.get(key, 0) + 1
    order = list(links.vocabularies[VOCABULARY_OF[name]])
    return tuple((links.label(name, k), links.term(name, k), counter[k]) for k in order if k in counter)


def _home(corpus: Corpus, indexes: Indexes, links: Links, t: gettext.NullTranslations) -> Page:
    latest = sorted(corpus, key=lambda c: (c["last_reviewed"], c["decision_date"], c.id), reverse=True)[:10]
    context = {
        "home": {
            "total": len(corpus),
            "jurisdictions": len(indexes.by_country),
            "landmark_total": len(indexes.landmarks),
            "smuggling": len(indexes.by_term["crime_types"].get("smuggling_of_migrants", [])),
            "trafficking": len(indexes.by_term["crime_types"].get("trafficking_in_persons", [])),
            "latest": latest,
            "landmarks": indexes.landmarks[:8],
            "browse": [(links.field_label(name), links.field_index(name)) for name, _ in TERM_FIELDS],
            "caveat": caveat(t),
        }
    }
    return Page("index.md", t.gettext("Home"), "home.html",
                t.gettext("Court decisions on trafficking in persons and smuggling of migrants, summarised and linked to the official "
                          "judgments."), "", context)


def _country_pages(indexes: Indexes, links: Links, per_page: int, t: gettext.NullTranslations) -> Iterator[Page]:
    terms = sorted(((links.country_name(code), links.country(code), len(cases), "")
                    for code, cases in indexes.by_country.items()), key=lambda term: term[0])
    title = t.gettext("Countries and courts")
    yield Page("countries/index.md", title, "terms.html", t.gettext("Decisions by country or international court."),
               context={"overview": TermOverview(title, caveat(t), tuple(terms))})
    for code, cases in indexes.by_country.items():
        name = links.country_name(code)
        intro = t.gettext("Decisions from %(name)s, newest first.") % {"name": name} + " " + caveat(t)
        yield from _paged(f"countries/{code.lower()}", name, intro, cases, links, per_page, t,
                          counts=_counts_by("crime_types", cases, links), feed=f"countries/{code.lower()}/feed.xml")


def _term_pages(name: str, indexes: Indexes, links: Links, per_page: int, t: gettext.NullTranslations) -> Iterator[Page]:
    vocab = links.vocabularies[VOCABULARY_OF[name]]
    found = indexes.by_term[name]
    slug = FIELD_SLUGS[name]
    terms = tuple((t.label, links.term(name, t.key), len(found.get(t.key, [])), t.definition) for t in vocab.terms)
    yield Page(f"{slug}/index.md", vocab.label, "terms.html", vocab.description,
               context={"overview": TermOverview(vocab.label, vocab.description, terms)})
    for term in vocab.terms:
        cases = found.get(term.key, [])
        feed = f"{slug}/{term_slug(term.key)}/feed.xml" if name == "themes" else None
        yield from _paged(f"{slug}/{term_slug(term.key)}", term.label, term.definition, cases, links, per_page, t,
                          counts=_counts_by("crime_types", cases, links) if name != "crime_types" else (), feed=feed)


def _year_pages(indexes: Indexes, links: Links, per_page: int, t: gettext.NullTranslations) -> Iterator[Page]:
    terms = tuple((str(year), links.year(year), len(cases), "") for year, cases in indexes.by_year.items())
    yield Page("years/index.md", t.gettext("Years"), "terms.html", t.gettext("Decisions by year."),
               context={"overview": TermOverview(t.gettext("Years"), caveat(t), terms)})
    for year, cases in indexes.by_year.items():
        yield from _paged(f"years/{year}", t.gettext("Decisions of %(year)s") % {"year": year}, caveat(t), cases, links, per_page, t,
                          counts=_counts_by("crime_types", cases, links))


def _data_files(corpus: Corpus, links: Links) -> Iterator[Output]:
    """The exports and each case's data, made when written."""
    yield LaterFile("data/cases.json", partial(json_chunks, corpus))
    yield LaterFile("data/cases.csv", partial(csv_chunks, corpus))
    yield OutputFile("data/schema.json", json.dumps(published_schema(), indent=1, ensure_ascii=False) + "\n")
    for case in corpus:
        yield LaterFile(links.data(case), partial(_case_data, case, links))


def _case_data(case: Case, links: Links) -> str:
    return json.dumps({**record(case), "url": links.case(case)}, ensure_ascii=False, separators=(",", ":")) + "\n"


def _feeds(corpus: Corpus, indexes: Indexes, links: Links, site_url: str, site_name: str) -> Iterator[OutputFile]:
    yield OutputFile("feed.xml", atom_feed(list(corpus)[:FEED_SIZE], title=site_name or "New cases", path="feed.xml",
                                           site_url=site_url, links=links))
    for code, cases in indexes.by_country.items():
        path = f"countries/{code.lower()}/feed.xml"
        yield OutputFile(path, atom_feed(cases[:FEED_SIZE], title=f"{site_name}: {links.country_name(code)}", path=path,
                                         site_url=site_url, links=links))
    for key in links.vocabularies["themes"]:  # every theme, so readers can subscribe before its first case
        cases = indexes.by_term["themes"].get(key, [])
        path = f"themes/{term_slug(key)}/feed.xml"
        yield OutputFile(path, atom_feed(cases[:FEED_SIZE], title=f"{site_name}: {links.label('themes', key)}", path=path,
                                         site_url=site_url, links=links))


REDIRECT = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{heading}: {title}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{canonical}">
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p>{lead} <a href="{target}">{title}</a>.</p>
</body>
</html>
"""


def _redirects(corpus: Corpus, links: Links, site_url: str) -> Iterator[OutputFile]:
    from html import escape

    for case in corpus:
        for alias in case.get("aliases") or []:
            path = alias.strip("/")
            depth = path.count("/") + 1
            target = "../" * depth + links.case(case)
            canonical = site_url.rstrip("/") + "/" + links.case(case) if site_url else target
            yield OutputFile(f"{path}/index.html", REDIRECT.format(title=escape(case["title"]), target=escape(target), canonical=escape(canonical),
                                                                   heading="Moved", lead="This case has moved to"))


class SiteError(Exception):
    """The corpus is valid but cannot be laid out as a site (e.g. an alias hides a page)."""


def _check_no_collisions(pages: list[Page], files: list[Output], links: Links) -> None:
    taken = {page_url(p.src).rstrip("/") + "/index.html" if page_url(p.src) else "index.html": p.src for p in pages}
    seen: dict[str, str] = {}
    for output in files:
        if output.path in taken:
            raise SiteError(f"{output.path} would replace the page {taken[output.path]}: an alias must not be the address of another page")
        if output.path in seen:
            raise SiteError(f"{output.path} is produced twice: two cases list the same alias")
        seen[output.path] = output.path


# --- Statistics, sharing, embedding, citations (issue 10) -------------------------------


def _absolute(url: str, site_url: str) -> str:
    """A site-root-relative URL made absolute; '../' (a translated page pointing at shared files) is resolved."""
    return urljoin(site_url.rstrip("/") + "/", url) if site_url else url


def share_context(case: Case, links: Links, site_url: str, site_name: str = "") -> dict[str, Any]:
    """What the case page's "Share and cite" panel and its head (og:image) need."""
    from html import escape

    embed = _absolute(links.embed(case), site_url)
    snippet = (f'<iframe src="{escape(embed)}"\n'
               f'  title="{escape(case["title"])} ({escape(site_name or "case law")})"\n'
               '  width="100%" height="360" loading="lazy" referrerpolicy="no-referrer"\n'
               '  sandbox="allow-popups allow-popups-to-escape-sandbox"></iframe>')
    landmark = bool(case.get("landmark"))
    return {
        "url": _absolute(links.case(case), site_url),
        "embed": links.embed(case),
        "embed_snippet": snippet,
        "citations": [(name, links.citation(case, ext)) for ext, name in CITATION_FORMATS.items()],
        "short_links": [(name, _absolute(links.short_link(name), site_url)) for name in case.get("short_links") or []],
        "image": links.share_image(case) if landmark else "",
        "og_image": _absolute(links.share_image(case), site_url) if landmark and site_url else "",
    }


def _statistics_page(corpus: Corpus, indexes: Indexes, links: Links, t: gettext.NullTranslations) -> Page:
    src = "statistics/index.md"
    stats = build_statistics(corpus, indexes, links, page_src=src, t=t)
    return Page(src, t.gettext("Statistics and map"), "stats.html",
                t.gettext("The case law in numbers: cases per year, region, country, crime type, purpose of exploitation, victims "
                          "and outcome, and a world map of cases per country."), context={"stats": stats}, hide=("navigation", "toc"))


def _embed_page(case: Case, links: Links, site_url: str) -> Page:
    """/embed/<id>/: the case as a small card for other sites' iframes (theme/embed.html, no site chrome)."""
    return Page(f"embed/{case.id}/index.md", case["title"], "embed.html", case["summary"],
                context={"case": case, "case_url": _absolute(links.case(case), site_url), "in_sitemap": False,
                         "embed_css": embed.CSS, "embed_policy": embed.policy()})


def _share_images(indexes: Indexes, links: Links, site_name: str) -> Iterator[LaterFile]:
    """Open Graph cards (1200x630 PNG) of the landmark cases, made when written."""
    for case in indexes.landmarks:
        yield LaterFile(links.share_image(case), partial(share_image, case, links, site_name))


def _short_link_redirects(corpus: Corpus, links: Links, site_url: str) -> Iterator[OutputFile]:
    """/go/<name>/ for every short link, with the redirect page aliases use; a claimed-twice name stops the build."""
    from html import escape

    try:
        owners = short_links.claimed(corpus)
        short_links.check_aliases(owners, corpus)
    except short_links.ShortLinkClash as exc:
        raise SiteError(str(exc)) from None
    for name, case in sorted(owners.items()):
        path = short_links.short_link_url(name)
        target = "../" * path.rstrip("/").count("/") + "../" + links.case(case)
        canonical = _absolute(links.case(case), site_url) if site_url else target
        yield OutputFile(f"{path}index.html", REDIRECT.format(title=escape(case["title"]), target=escape(target),
                                                               canonical=escape(canonical), heading="Short link",
                                                               lead="This short link leads to"))
