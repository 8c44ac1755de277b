"""Indexes derived from the corpus once per build: by country, term, year; related cases.

Every index is built in one pass over the corpus, so the cost grows with the number of
cases, not its square. Related cases are scored from shared features using inverted
lists, each capped so that very common features cannot make the work quadratic.
"""

from __future__ import annotations

import bisect
import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .corpus import Case, Corpus

# Fields that have an index page per term; the order is the order on the site.
TERM_FIELDS: tuple[tuple[str, str], ...] = (
    ("crime_types", "crime_types"),
    ("court_level", "court_levels"),
    ("outcome", "outcomes"),
    ("acts", "acts"),
    ("means", "means"),
    ("purposes", "purposes"),
    ("form", "forms"),
    ("sectors", "sectors"),
    ("smuggling_elements", "smuggling_elements"),
    ("transport_modes", "transport_modes"),
    ("themes", "themes"),
    ("legal_system", "legal_systems"),
)
VOCABULARY_OF = dict(TERM_FIELDS)

# Weights of shared features when ranking related cases.
_WEIGHTS = {"themes": 3, "purposes": 2, "sectors": 2, "smuggling_elements": 2, "country": 2, "means": 1, "crime_types": 1}
_POSTING_CAP = 200
RELATED_LIMIT = 5


def terms_of(case: Case, name: str) -> list[str]:
    value = case.get(name)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


@dataclass(frozen=True)
class Indexes:
    """Lookups from a field's term to the cases that have it, newest first."""

    by_country: dict[str, list[Case]]
    by_term: dict[str, dict[str, list[Case]]]
    by_year: dict[int, list[Case]]
    landmarks: list[Case]
    cited_by: dict[str, list[Case]]
    related: dict[str, list[Case]] = field(repr=False)


def build_indexes(corpus: Corpus, related_ids: dict[str, list[str]] | None = None) -> Indexes:
    """``related_ids``: the related cases already found for the same cases in another language (features
    are not translated, so they are the same), to map onto this corpus instead of ranking them again."""
    by_country: dict[str, list[Case]] = defaultdict(list)
    by_term: dict[str, dict[str, list[Case]]] = {name: defaultdict(list) for name, _ in TERM_FIELDS}
    by_year: dict[int, list[Case]] = defaultdict(list)
    cited_by: dict[str, list[Case]] = defaultdict(list)
    for case in corpus:  # newest first, so every list is newest first too
        by_country[case["country"]].append(case)
        by_year[int(case["decision_date"][:4])].append(case)
        for name, _ in TERM_FIELDS:
            for term in terms_of(case, name):
                by_term[name][term].append(case)
        for cited in case.get("cites", []):
            cited_by[cited].append(case)
    return Indexes(
        by_country=dict(by_country),
        by_term={k: dict(v) for k, v in by_term.items()},
        by_year=dict(sorted(by_year.items(), reverse=True)),
        landmarks=[c for c in corpus if c.get("landmark")],
        cited_by=dict(cited_by),
        related=_related(corpus) if related_ids is None else
        {case_id: [corpus.by_id[i] for i in ids] for case_id, ids in related_ids.items()},
    )


Postings = dict[tuple[str, str], list[int]]  # (field, term) -> indices of the cases that have it, newest first


def _features(case: Case) -> list[tuple[str, str]]:
    return [(name, term) for name in _WEIGHTS for term in terms_of(case, name)]


def _related(corpus: Corpus) -> dict[str, list[Case]]:
    postings: Postings = defaultdict(list)
    features = []
    for index, case in enumerate(corpus.cases):
        own = _features(case)
        features.append(own)
        for feature in own:
            postings[feature].append(index)
    return {case.id: _rank(corpus, index, features[index], postings) for index, case in enumerate(corpus.cases)}


def _rank(corpus: Corpus, index: int, features: list[tuple[str, str]], postings: Postings) -> list[Case]:
    """The cases most like the case at ``index``: those it names first, then by shared features, weighted."""
    cases, case = corpus.cases, corpus.cases[index]
    scores: Counter[int] = Counter()
    for feature in features:
        posting = postings[feature]
        if len(posting) > _POSTING_CAP:
            # Keep the cases nearest in time: the list is ordered by date.
            where = bisect.bisect_left(posting, index)
            half = _POSTING_CAP // 2
            posting = posting[max(0, where - half): where + half]
        weight = _WEIGHTS[feature[0]]
        for other in posting:
            scores[other] += weight
    scores.pop(index, None)
    chosen = [corpus.by_id[i] for i in case.get("related_cases", []) if i in corpus.by_id]
    ranked = heapq.nsmallest(RELATED_LIMIT * 2, scores.items(), key=lambda item: (-item[1], item[0]))
    for other, score in ranked:
        if len(chosen) >= RELATED_LIMIT:
            break
        if score >= 4 and cases[other] not in chosen:
            chosen.append(cases[other])
    return chosen


def case_neighbours(corpus: Corpus, case_id: str) -> tuple[list[Case], list[Case]]:
    """(related cases, citing cases) of one case, as build_indexes finds them, in one pass over the corpus.

    For serve's quick rebuilds, which render the edited case's page without indexing the whole corpus.
    """
    case = corpus.by_id[case_id]
    own = _features(case)
    wanted = set(own)
    postings: Postings = {feature: [] for feature in own}
    cited_by = []
    for index, other in enumerate(corpus.cases):
        for feature in _features(other):
            if feature in wanted:
                postings[feature].append(index)
        if case_id in other.get("cites", []):
            cited_by.append(other)
    return _rank(corpus, corpus.cases.index(case), own, postings), cited_by
