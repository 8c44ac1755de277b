"""Lunr 2.3.9 indexes built fast, then split into shards by term prefix.

The builder reproduces lunr.py's ``Builder`` exactly (same tokenizer, trimmer, stop
words and Porter stemmer, taken from lunr.py and memoised per word; same BM25 field
vectors) so its output loads with ``lunr.Index.load``; a test checks it against
lunr.py byte for byte. It exists because lunr.py spends most of its time re-stemming
the same words: this is several times faster on long summaries.

Sharding: each shard is itself a serialized Lunr index holding some terms and only the
vector components of those terms. lunr.js scores a match as the dot product of query
and document vectors divided by the query's magnitude, so a query answered from the
shards of its terms scores exactly as the whole index would. The browser downloads
only the shards its query needs. ``build_shards`` makes the shards as it scores the
documents, without ever holding the whole index (a test checks them against it).
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if "lunr" not in sys.modules and "nltk" not in sys.modules:
    # lunr.py imports NLTK when it is installed (and NLTK imports SciPy when that is: up to two seconds at
    # every start, a preview's whole budget) only to register stemmers under names this package does not
    # use. The French, Spanish and Russian analyzers (analysis.py) import NLTK themselves, when first used.
    sys.modules["nltk"] = None  # type: ignore[assignment]  # "import nltk" fails at once
    try:
        import lunr  # noqa: F401
    finally:
        del sys.modules["nltk"]

from lunr.stemmer import stemmer as _lunr_stemmer
from lunr.stop_word_filter import stop_word_filter as _lunr_stop_words
from lunr.token import Token
from lunr.trimmer import trimmer as _lunr_trimmer

if TYPE_CHECKING:
    from .analysis import Analyzer

LUNR_VERSION = "2.3.9"
K1 = 1.2
B = 0.75
_SEPARATOR = re.compile(r"[\s\-]+")


# The metadata of every posting (lunr.py stores none unless asked): one shared empty dict, not one per
# posting, which is 64 bytes times the number of (term, field, document) triples. It is never modified.
_NO_METADATA: dict[str, Any] = {}


@dataclass(frozen=True)
class Field:
    name: str
    boost: float = 1


@lru_cache(maxsize=500_000)
def term_of(word: str) -> str | None:
    """A lower-cased word through lunr's pipeline (trimmer, stop words, stemmer); None if dropped."""
    token = Token(word)
    for step in (_lunr_trimmer, _lunr_stop_words, _lunr_stemmer):
        token = step(token)
        if token is None:
            return None
    text = str(token)
    return text or None


def tokens(text: str) -> list[str]:
    """lunr's tokenizer: lower-case, split on white space and hyphens."""
    return [t for t in _SEPARATOR.split(str(text).lower()) if t]


def _english_terms(text: str) -> list[str]:
    return [t for t in map(term_of, tokens(text)) if t is not None]


@dataclass
class _Counts:
    """What the first pass over the documents finds: postings, and each field's term frequencies."""

    names: list[str]
    boosts: dict[str, float]
    inverted: dict[str, dict[str, Any]]  # term -> {"_index": n, field: {doc ref: metadata}}
    index_of: dict[str, int]  # term -> its _index
    field_tf: list[tuple[str, str, dict[str, int], int]]  # (field, field ref, term frequencies, length)
    count: int
    pipeline: list[str]
    terms: list[str]  # in the order the serialized index lists them


def _count(documents: Iterable[dict[str, Any]], ref: str, fields: Sequence[Field], analyzer: Analyzer | None) -> _Counts:
    analyze = _english_terms if analyzer is None else analyzer.terms
    names = [f.name for f in fields]
    inverted: dict[str, dict[str, Any]] = {}
    index_of: dict[str, int] = {}
    field_tf: list[tuple[str, str, dict[str, int], int]] = []
    count = 0
    for doc in documents:
        count += 1
        doc_ref = str(doc[ref])
        for name in names:
            value = doc.get(name)
            terms = [] if value is None else analyze(value)
            # Counted in C, in order of first occurrence (which numbers new terms as lunr does); the
            # loop below runs once per distinct term, not once per word.
            freq = Counter(terms)
            for term in freq:
                posting = inverted.get(term)
                if posting is None:
                    index_of[term] = len(inverted)
                    posting = inverted[term] = {"_index": len(inverted)}
                    for other in names:
                        posting[other] = {}
                posting[name][doc_ref] = _NO_METADATA
            field_tf.append((name, f"{name}/{doc_ref}", freq, len(terms)))
    return _Counts(names, {f.name: f.boost for f in fields}, inverted, index_of, field_tf, count,
                   ["stemmer"] if analyzer is None else list(analyzer.pipeline),
                   sorted(inverted, key=None if analyzer is None else analyzer.sort_key))


def _vectors(counts: _Counts) -> Iterator[tuple[str, list[Any]]]:
    """(field ref, [term index, score, ...] by term index) of every field of every document, BM25 as lunr
    scores it; each field's counts are freed as its vector is made."""
    names, inverted, field_tf = counts.names, counts.inverted, counts.field_tf
    totals: dict[str, float] = defaultdict(float)
    lengths: dict[str, int] = defaultdict(int)
    for name, _, _, length in field_tf:
        totals[name] += length
        lengths[name] += 1
    average = {n: totals[n] / lengths[n] for n in names if lengths[n]}
    idf: dict[str, float] = {}
    for term, posting in inverted.items():
        with_term = sum(len(posting[n]) for n in names)
        x = (counts.count - with_term + 0.5) / (with_term + 0.5)
        idf[term] = math.log(1 + abs(x))
    k1_plus_1, index_of = K1 + 1, counts.index_of
    field_tf.reverse()
    while field_tf:
        name, field_ref, freq, length = field_tf.pop()
        norm = K1 * (1 - B + B * (length / average[name]))
        boost = counts.boosts[name]
        elements = sorted([(index_of[term], round(idf[term] * (k1_plus_1 * tf) / (norm + tf) * boost, 3))
                           for term, tf in freq.items()])
        yield field_ref, [v for pair in elements for v in pair]


def _serialized(counts: _Counts, vectors: list[list[Any]], terms: Iterable[str]) -> dict[str, Any]:
    return {"version": LUNR_VERSION, "fields": counts.names, "fieldVectors": vectors,
            "invertedIndex": [[term, counts.inverted[term]] for term in terms], "pipeline": counts.pipeline}


def build(documents: Iterable[dict[str, Any]], ref: str, fields: Sequence[Field], analyzer: Analyzer | None = None) -> dict[str, Any]:
    """A serialized Lunr index, equal to lunr.py's for the same documents and fields.

    ``analyzer`` (site_search.analysis) turns field text into terms; without one, lunr's
    English pipeline as above. Another language's index serializes the pipeline its
    analyzer names (none: the terms are final, and queries skip lunr's pipeline).
    """
    counts = _count(documents, ref, fields, analyzer)
    return _serialized(counts, [[field_ref, elements] for field_ref, elements in _vectors(counts)], counts.terms)


def build_shards(documents: Iterable[dict[str, Any]], ref: str, fields: Sequence[Field], analyzer: Analyzer | None = None,
                 max_postings: int = 6000) -> tuple[list[str], dict[str, str]]:
    """The index that ``build`` makes, split into shards by term prefix: (prefixes, prefix -> shard as JSON).

    Each shard is a serialized Lunr index of its terms and only their vector components
    (see the module's docstring), the text ``dumps`` would make of it. The shards' vectors
    are written out as the documents are scored: neither the whole index nor the shards'
    vectors as Python lists are ever held, which would take several times the memory.
    """
    counts = _count(documents, ref, fields, analyzer)
    prefixes = plan_shards(_serialized(counts, [], counts.terms), max_postings)
    found = frozenset(prefixes)  # once: building it per term made splitting grow with terms x shards
    terms_of_shard: dict[str, list[str]] = defaultdict(list)
    shard_of_index: list[str] = [""] * len(counts.inverted)
    for term in counts.terms:
        key = shard_of(term, found)
        terms_of_shard[key].append(term)
        shard_of_index[counts.index_of[term]] = key
    vectors: dict[str, list[str]] = defaultdict(list)  # shard -> its field vectors, each as JSON
    for field_ref, elements in _vectors(counts):
        parts: dict[str, list[Any]] = {}
        pairs = iter(elements)
        for term_index, score in zip(pairs, pairs, strict=True):
            key = shard_of_index[term_index]
            part = parts.get(key)
            if part is None:
                parts[key] = [term_index, score]
            else:
                part.append(term_index)
                part.append(score)
        quoted = dumps(field_ref)
        for key, part in parts.items():
            vectors[key].append(f"[{quoted},[{','.join(map(repr, part))}]]")  # repr: as json writes ints and floats
    head = f'{{"version":{dumps(LUNR_VERSION)},"fields":{dumps(counts.names)},"fieldVectors":['
    tail = f',"pipeline":{dumps(counts.pipeline)}}}'
    shards = {}
    for key in prefixes:
        if key in terms_of_shard:
            terms = dumps([[term, counts.inverted[term]] for term in terms_of_shard.pop(key)])
            shards[key] = f"{head}{','.join(vectors.pop(key, []))}],\"invertedIndex\":{terms}{tail}"
    return prefixes, shards


def _posting_size(posting: dict[str, Any]) -> int:
    return sum(len(v) for k, v in posting.items() if k != "_index")


def plan_shards(index: dict[str, Any], max_postings: int) -> list[str]:
    """Term prefixes, each shard holding at most ``max_postings`` postings where it can be split.

    A prefix is split one character further while it is too big; a term equal to the
    prefix stays in the prefix's own shard, and a single term too big on its own keeps a
    shard of its own. Every term belongs to the shard of its longest matching prefix.
    """
    sizes = [(term, _posting_size(posting)) for term, posting in index["invertedIndex"]]

    def split(prefix: str, items: list[tuple[str, int]]) -> list[str]:
        if sum(s for _, s in items) <= max_postings:
            return [prefix]
        groups: dict[str, list[tuple[str, int]]] = defaultdict(list)
        own = False
        for term, size in items:
            if len(term) <= len(prefix):
                own = True
            else:
                groups[term[: len(prefix) + 1]].append((term, size))
        out = [prefix] if own else []
        for key in sorted(groups):
            out += split(key, groups[key])
        return out

    by_first: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for term, size in sizes:
        by_first[term[:1]].append((term, size))
    prefixes: list[str] = []
    for first in sorted(by_first):
        prefixes += split(first, by_first[first])
    return prefixes


def shard_of(term: str, prefixes: Sequence[str] | frozenset[str]) -> str:
    """The prefix of the shard that holds ``term`` (the longest prefix that matches)."""
    found = prefixes if isinstance(prefixes, frozenset) else frozenset(prefixes)
    for length in range(len(term), 0, -1):
        if term[:length] in found:
            return term[:length]
    raise KeyError(term)


def dumps(index: dict[str, Any]) -> str:
    return json.dumps(index, separators=(",", ":"), ensure_ascii=False)
