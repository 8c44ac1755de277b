"""What search knows about each case: the indexed text, the facet values, the result card.

Documents are numbered in corpus order (newest first), so "newest first" is simply
ascending order and facet postings are short, sorted, delta-encoded lists.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from generator.corpus import Case, Corpus
from generator.indexes import terms_of
from generator.links import Links

from .lunr_index import Field
from .text import fold, plain

FIELDS = (Field("title", 10), Field("citation", 5), Field("court", 3), Field("keywords", 3), Field("body", 1))

# (URL parameter, case field, vocabulary) in the order the facets are shown.
FACETS: tuple[tuple[str, str, str], ...] = (
    ("country", "country", "jurisdictions"),
    ("crime", "crime_types", "crime_types"),
    ("level", "court_level", "court_levels"),
    ("outcome", "outcome", "outcomes"),
    ("act", "acts", "acts"),
    ("means", "means", "means"),
    ("purpose", "purposes", "purposes"),
    ("sector", "sectors", "sectors"),
    ("smuggling", "smuggling_elements", "smuggling_elements"),
    ("theme", "themes", "themes"),
)
LABEL_FIELDS = ("crime_types", "court_level", "outcome", "acts", "means", "purposes", "form", "sectors",
                "smuggling_elements", "transport_modes", "themes", "legal_system")
EXCERPT = 1200
RECORD_LANGUAGE = "en"  # the language of the case records (titles, citations; summaries unless translated)


def ref_of(ordinal: int) -> str:
    """Short document refs: base 36 ordinals."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        ordinal, rest = divmod(ordinal, 36)
        out = digits[rest] + out
        if not ordinal:
            return out


def search_document(case: Case, ordinal: int, links: Links, text: str | None = None,
                    prepare: Callable[[str], str] = fold) -> dict[str, str]:
    """The indexed fields of a case; ``text`` is its body as plain text, when already at hand.

    ``prepare`` runs on every field: English folds diacritics before lunr's pipeline; the
    other languages' analyzers fold after stemming and take the text as it is.
    """
    labels = [links.label(name, key) for name in LABEL_FIELDS for key in terms_of(case, name)]
    involved = case.get("countries_involved") or {}
    countries = [links.country_name(c) for role in ("origin", "transit", "destination") for c in involved.get(role, [])]
    keywords = [*(case.get("keywords") or []), *labels, *countries]
    return {
        "ref": ref_of(ordinal),
        "title": prepare(case["title"]),
        "citation": prepare(" ".join(filter(None, [case["citation"], case.get("case_number")]))),
        "court": prepare(f"{case['court']} {links.country_name(case['country'])}"),
        "keywords": prepare(" ".join(keywords)),
        "body": prepare(f"{case['summary']} {plain(case.body) if text is None else text}"),
    }


def result_card(case: Case, ordinal: int, links: Links, text: str | None = None, language: str = "en") -> dict[str, Any]:
    """What a result shows; rendered by the browser as text, never as HTML.

    The date is written as the pages of ``language`` write it (``links.date``). ``g`` is the
    language of the summary and excerpt when it is not ``language`` (an untranslated
    original), so the browser can mark it up; the title and citation are the record's own.
    """
    excerpt = plain(case.body) if text is None else text
    card = {
        "r": ref_of(ordinal),
        "t": case["title"],
        "c": case["citation"],
        "u": links.case(case),
        "j": links.country_name(case["country"]),
        "d": links.date(case["decision_date"]),
        "s": case["summary"],
        "x": excerpt[:EXCERPT],
        "l": 1 if case.get("landmark") else 0,
    }
    text_language = getattr(case, "text_language", RECORD_LANGUAGE)
    if text_language != language:
        card["g"] = text_language
    return card


def _deltas(ordinals: Sequence[int]) -> str:
    out, last = [], 0
    for n in ordinals:
        out.append(n - last)
        last = n
    return ",".join(map(str, out))


@dataclass(frozen=True)
class FacetData:
    data: dict[str, Any]


def facet_data(corpus: Corpus, links: Links) -> dict[str, Any]:
    """Facet terms with labels and, per term, the documents that have it (delta-encoded)."""
    facets = []
    for param, name, vocab_name in FACETS:
        vocab = links.vocabularies[vocab_name]
        postings: dict[str, list[int]] = {}
        for ordinal, case in enumerate(corpus):
            for key in terms_of(case, name):
                postings.setdefault(key, []).append(ordinal)
        order = [k for k in vocab if k in postings]
        if name == "country":
            order.sort(key=lambda k: vocab.label_of(k))
        facets.append({
            "param": param,
            # The country facet has no vocabulary label: the page names it (search.html's messages).
            "label": links.field_label(name) if name != "country" else None,
            "terms": [[k, vocab.label_of(k), _deltas(postings[k])] for k in order],
        })
    years: list[list[int]] = []
    for case in corpus:
        year = int(case["decision_date"][:4])
        if years and years[-1][0] == year:
            years[-1][1] += 1
        else:
            years.append([year, 1])
    landmarks = [i for i, c in enumerate(corpus) if c.get("landmark")]
    return {"n": len(corpus), "facets": facets, "years": years, "landmark": _deltas(landmarks)}
