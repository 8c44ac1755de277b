"""Where things live on the site and what they are called: the one place templates ask.

URLs are site-root relative and depend only on a case's id, never on its file name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from . import languages as langs
from .corpus import Case
from .indexes import VOCABULARY_OF
from .vocabularies import Vocabulary, load_vocabularies

FIELD_SLUGS = {
    "crime_types": "crime-types", "court_level": "court-levels", "outcome": "outcomes", "acts": "acts", "means": "means",
    "purposes": "purposes", "form": "forms", "sectors": "sectors", "smuggling_elements": "smuggling-elements",
    "transport_modes": "transport", "themes": "themes", "legal_system": "legal-systems",
}


# Citation files of each case: extension -> format name (generator/citations.py writes them).
CITATION_FORMATS = {"bib": "BibTeX", "ris": "RIS", "csl.json": "CSL-JSON"}
CASE_FILES = "data/cases/"  # each case's JSON and citation files


def page_url(src: str, directory_urls: bool = True) -> str:
    """The site-root URL MkDocs gives a Markdown source path."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        base = stem.removesuffix("index")
        return base if directory_urls else base + "index.html"
    return stem + "/" if directory_urls else stem + ".html"


def term_slug(key: str) -> str:
    return key.lower().replace("_", "-")


@dataclass(frozen=True)
class Links:
    """Where things live on the site, and their labels: the one place templates ask."""

    directory_urls: bool = True
    vocabularies: dict[str, Vocabulary] = field(default_factory=load_vocabularies, repr=False)
    locale: str = langs.DEFAULT  # the language of the pages these links are for
    languages: tuple[str, ...] = (langs.DEFAULT,)

    @classmethod
    def localized(cls, language: str, languages: tuple[str, ...] = (langs.DEFAULT,), directory_urls: bool = True) -> Links:
        from .translations import localized_vocabularies

        return cls(directory_urls, localized_vocabularies(language), language, languages)

    @property
    def prefix(self) -> str:
        """Where this language's pages live: '' (English, the site root) or 'fr/'. Shared files are never prefixed."""
        return langs.prefix(self.locale)

    @property
    def comma(self) -> str:
        """What separates the items of a list in this language: ', ', '، ' or '、'."""
        return langs.LANGUAGES[self.locale].comma

    def alternates(self, url: str) -> list[tuple[str, str, str, str]]:
        """(code, name, direction, site-root URL) of the page at ``url`` (this language's URL) in every language."""
        path = url.removeprefix(self.prefix)
        return [(code, langs.LANGUAGES[code].name, langs.LANGUAGES[code].direction, langs.prefix(code) + path)
                for code in self.languages]

    def url(self, src: str) -> str:
        """The site-root URL of this language's page from source path ``src`` (as if English)."""
        return page_url(self.prefix + src, self.directory_urls)

    def case_src(self, case_id: str) -> str:
        return f"cases/{case_id}.md"

    def case(self, case: Case | str) -> str:
        return self.url(self.case_src(case if isinstance(case, str) else case.id))

    def country(self, code: str) -> str:
        return self.url(f"countries/{code.lower()}/index.md")

    def country_name(self, code: str) -> str:
        return self.vocabularies["jurisdictions"].label_of(code)

    def term(self, name: str, key: str) -> str:
        return self.url(f"{FIELD_SLUGS[name]}/{term_slug(key)}/index.md")

    def field_index(self, name: str) -> str:
        return self.url(f"{FIELD_SLUGS[name]}/index.md")

    def label(self, name: str, key: str) -> str:
        vocab = VOCABULARY_OF.get(name) or name
        if vocab in ("countries", "jurisdictions"):
            return self.country_name(key)
        return self.vocabularies[vocab].label_of(key)

    def field_label(self, name: str) -> str:
        return self.vocabularies[VOCABULARY_OF[name]].label

    def year(self, year: int | str) -> str:
        return self.url(f"years/{year}/index.md")

    def language(self, code: str) -> str:
        return self.vocabularies["languages"].label_of(code)

    def data(self, case: Case) -> str:
        return f"{CASE_FILES}{case.id}.json"

    # Sharing and statistics (issue 10) -------------------------------------------------

    def citation(self, case: Case | str, fmt: str) -> str:
        """The case's citation in one of CITATION_FORMATS: data/cases/<id>.bib, .ris, .csl.json."""
        return f"{CASE_FILES}{case if isinstance(case, str) else case.id}.{fmt}"

    def search(self, params: list[tuple[str, str]] | dict[str, str] | None = None) -> str:
        """The search page with its state in the query (parameters as in site_search.documents.FACETS)."""
        query = urlencode(params or {}, doseq=True)
        return self.url("search/index.md") + (f"?{query}" if query else "")

    def statistics(self) -> str:
        return self.url("statistics/index.md")

    def embed(self, case: Case | str) -> str:
        """The minimal card of a case, for other sites' iframes."""
        return page_url(f"embed/{case if isinstance(case, str) else case.id}/index.md", self.directory_urls)

    def short_link(self, name: str) -> str:
        """A campaign short link, /go/<name>/, that redirects to its case."""
        return page_url(f"go/{name}/index.md", self.directory_urls)

    def share_image(self, case: Case | str) -> str:
        """The Open Graph card of a landmark case (1200x630 PNG)."""
        return f"og/{case if isinstance(case, str) else case.id}.png"

    def date(self, iso: str) -> str:
        """'2010-01-07' -> '7 January 2010' (or '7 janvier 2010'...): unambiguous in every locale."""
        return langs.long_date(iso, self.locale)
