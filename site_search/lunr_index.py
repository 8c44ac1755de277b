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
only the shards its query needs.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
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


def build(documents: Iterable[dict[str, Any]], ref: str, fields: Sequence[Field], analyzer: Analyzer | None = None) -> dict[str, Any]:
    """A serialized Lunr index, equal to lunr.py's for the same documents and fields.

    ``analyzer`` (site_search.analysis) turns field text into terms; without one, lunr's
    English pipeline as above. Another language's index serializes the pipeline its
    analyzer names (none: the terms are final, and queries skip lunr's pipeline).
    """
    analyze = _english_terms if analyzer is None else analyzer.terms
    names = [f.name for f in fields]
    boosts = {f.name: f.boost for f in fields}
    inverted: dict[str, dict[str, Any]] = {}
    index_of: dict[str, int] = {}  # term -> its _index
    field_tf: list[tuple[str, str, dict[str, int], int]] = []  # (field, field ref, term frequencies, length)
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
                posting[name][doc_ref] = {}
            field_tf.append((name, f"{name}/{doc_ref}", freq, len(terms)))
    totals: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    for name, _, _, length in field_tf:
        totals[name] += length
        counts[name] += 1
    average = {n: totals[n] / counts[n] for n in names if counts[n]}
    idf: dict[str, float] = {}
    for term, posting in inverted.items():
        with_term = sum(len(posting[n]) for n in names)
        x = (count - with_term + 0.5) / (with_term + 0.5)
        idf[term] = math.log(1 + abs(x))
    vectors: list[list[Any]] = []
    k1_plus_1 = K1 + 1
    for name, field_ref, freq, length in field_tf:
        norm = K1 * (1 - B + B * (length / average[name]))
        boost = boosts[name]
        elements = sorted([(index_of[term], round(idf[term] * (k1_plus_1 * tf) / (norm + tf) * boost, 3))
                           for term, tf in freq.items()])
        vectors.append([field_ref, [v for pair in elements for v in pair]])
    return {
        "version": LUNR_VERSION,
        "fields": names,
        "fieldVectors": vectors,
        "invertedIndex": [[term, inverted[term]] for term in sorted(inverted, key=None if analyzer is None else analyzer.sort_key)],
        "pipeline": ["stemmer"] if analyzer is None else list(analyzer.pipeline),
    }


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


def split_index(index: dict[str, Any], prefixes: Sequence[str]) -> dict[str, dict[str, Any]]:
    """One serialized Lunr index per prefix: its terms, and only their vector components."""
    terms_of_shard: dict[str, list[list[Any]]] = defaultdict(list)
    shard_of_index: dict[int, str] = {}
    found = frozenset(prefixes)  # once: building it per term made splitting grow with terms x shards
    for term, posting in index["invertedIndex"]:
        key = shard_of(term, found)
        terms_of_shard[key].append([term, posting])
        shard_of_index[posting["_index"]] = key
    vectors: dict[str, list[list[Any]]] = defaultdict(list)
    for field_ref, elements in index["fieldVectors"]:
        parts: dict[str, list[Any]] = {}
        for term_index, score in zip(elements[::2], elements[1::2], strict=True):
            key = shard_of_index[term_index]
            part = parts.get(key)
            if part is None:
                part = parts[key] = []
            part.append(term_index)
            part.append(score)
        for key, part in parts.items():
            vectors[key].append([field_ref, part])
    return {
        key: {"version": index["version"], "fields": index["fields"], "fieldVectors": vectors[key],
              "invertedIndex": terms_of_shard[key], "pipeline": index["pipeline"]}
        for key in prefixes if key in terms_of_shard
    }


def dumps(index: dict[str, Any]) -> str:
    return json.dumps(index, separators=(",", ":"), ensure_ascii=False)
