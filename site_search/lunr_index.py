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
import tempfile
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import IO, TYPE_CHECKING, Any

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
    """What the first pass over the documents finds, in flat arrays of integers rather than a dict per term
    and document: at 50,000 cases the postings alone are some 20 million (term, field, document) triples.

    ``postings[i]`` lists term i's occurrences as ``document number * len(names) + field number``, in
    document then field order (the order lunr serializes them in). ``frequencies`` holds, for every field
    of every document in that order, the field's length in terms, its number of distinct terms, then
    (term index, count) for each, terms in order of first occurrence.
    """

    names: list[str]
    boosts: list[float]
    refs: list[str]  # by document number
    terms_by_index: list[str]  # term index -> term (lunr numbers terms in order of first occurrence)
    index_of: dict[str, int]
    postings: list[array]
    frequencies: array
    totals: list[int]  # per field, the sum of its lengths
    pipeline: list[str]
    terms: list[str]  # in the order the serialized index lists them

    @property
    def count(self) -> int:
        return len(self.refs)

    def posting(self, index: int) -> dict[str, Any]:
        """Term ``index``'s posting as lunr serializes it: its index, then each field's documents (no metadata)."""
        fields: list[dict[str, Any]] = [{} for _ in self.names]
        width, refs = len(self.names), self.refs
        for entry in self.postings[index]:
            document, field = divmod(entry, width)
            fields[field][refs[document]] = {}
        return {"_index": index, **dict(zip(self.names, fields, strict=True))}


def _count(documents: Iterable[dict[str, Any]], ref: str, fields: Sequence[Field], analyzer: Analyzer | None) -> _Counts:
    analyze = _english_terms if analyzer is None else analyzer.terms
    names = [f.name for f in fields]
    width = len(names)
    index_of: dict[str, int] = {}
    terms_by_index: list[str] = []
    postings: list[array] = []
    frequencies = array("I")
    totals = [0] * width
    refs: list[str] = []
    for number, doc in enumerate(documents):
        refs.append(str(doc[ref]))
        for field, name in enumerate(names):
            value = doc.get(name)
            terms = [] if value is None else analyze(value)
            # Counted in C, in order of first occurrence (which numbers new terms as lunr does); the
            # loop below runs once per distinct term, not once per word.
            freq = Counter(terms)
            entry = number * width + field
            frequencies.append(len(terms))
            frequencies.append(len(freq))
            totals[field] += len(terms)
            for term, tf in freq.items():
                index = index_of.get(term)
                if index is None:
                    index = index_of[term] = len(terms_by_index)
                    terms_by_index.append(term)
                    postings.append(array("I"))
                postings[index].append(entry)
                frequencies.append(index)
                frequencies.append(tf)
    return _Counts(names, [f.boost for f in fields], refs, terms_by_index, index_of, postings, frequencies, totals,
                   ["stemmer"] if analyzer is None else list(analyzer.pipeline),
                   sorted(terms_by_index, key=None if analyzer is None else analyzer.sort_key))


def _vectors(counts: _Counts) -> Iterator[tuple[str, list[Any]]]:
    """(field ref, [term index, score, ...] by term index) of every field of every document, BM25 as lunr
    scores it."""
    names, data = counts.names, counts.frequencies
    average = [total / counts.count if counts.count else 0 for total in counts.totals]
    idf = []
    for posting in counts.postings:
        x = (counts.count - len(posting) + 0.5) / (len(posting) + 0.5)
        idf.append(math.log(1 + abs(x)))
    k1_plus_1 = K1 + 1
    at = 0
    for doc_ref in counts.refs:
        for field, name in enumerate(names):
            length, distinct = data[at], data[at + 1]
            pairs = data[at + 2:at + 2 + 2 * distinct]
            at += 2 + 2 * distinct
            norm = K1 * (1 - B + B * (length / average[field]))
            boost = counts.boosts[field]
            elements = sorted([(term, round(idf[term] * (k1_plus_1 * tf) / (norm + tf) * boost, 3))
                               for term, tf in zip(pairs[::2], pairs[1::2], strict=True)])
            yield f"{name}/{doc_ref}", [v for pair in elements for v in pair]


def build(documents: Iterable[dict[str, Any]], ref: str, fields: Sequence[Field], analyzer: Analyzer | None = None) -> dict[str, Any]:
    """A serialized Lunr index, equal to lunr.py's for the same documents and fields.

    ``analyzer`` (site_search.analysis) turns field text into terms; without one, lunr's
    English pipeline as above. Another language's index serializes the pipeline its
    analyzer names (none: the terms are final, and queries skip lunr's pipeline).
    """
    counts = _count(documents, ref, fields, analyzer)
    return {"version": LUNR_VERSION, "fields": counts.names,
            "fieldVectors": [[field_ref, elements] for field_ref, elements in _vectors(counts)],
            "invertedIndex": [[term, counts.posting(counts.index_of[term])] for term in counts.terms], "pipeline": counts.pipeline}


def build_shards(documents: Iterable[dict[str, Any]], ref: str, fields: Sequence[Field], analyzer: Analyzer | None = None,
                 max_postings: int = 6000) -> tuple[list[str], Iterator[tuple[str, str]]]:
    """The index that ``build`` makes, split into shards by term prefix: (prefixes, (prefix, shard as JSON) one by one).

    Each shard is a serialized Lunr index of its terms and only their vector components
    (see the module's docstring), the text ``dumps`` would make of it. The documents are
    read at once; the shards are made as they are taken, each shard's vectors written out
    as the documents are scored and spooled to a temporary file past ``SPOOL_AT``
    characters: neither the whole index nor all the shards are ever held (at 50,000 cases
    they are gigabytes per language).
    """
    counts = _count(documents, ref, fields, analyzer)
    prefixes = _plan([(term, len(counts.postings[counts.index_of[term]])) for term in counts.terms], max_postings)
    return prefixes, _shards(counts, prefixes)


SPOOL_AT = 16_000_000  # characters of shard vectors held before they are spooled to disk


def _shards(counts: _Counts, prefixes: list[str]) -> Iterator[tuple[str, str]]:
    found = frozenset(prefixes)  # once: building it per term made splitting grow with terms x shards
    terms_of_shard: dict[str, list[str]] = defaultdict(list)
    shard_of_index: list[str] = [""] * len(counts.terms_by_index)
    for term in counts.terms:
        key = shard_of(term, found)
        terms_of_shard[key].append(term)
        shard_of_index[counts.index_of[term]] = key
    with _Spool() as vectors:
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
                vectors.add(key, f"[{quoted},[{','.join(map(repr, part))}]]")  # repr: as json writes ints and floats
        head = f'{{"version":{dumps(LUNR_VERSION)},"fields":{dumps(counts.names)},"fieldVectors":['
        tail = f',"pipeline":{dumps(counts.pipeline)}}}'
        for key in prefixes:
            if key in terms_of_shard:
                terms = dumps([[term, counts.posting(counts.index_of[term])] for term in terms_of_shard.pop(key)])
                yield key, f"{head}{vectors.take(key)}],\"invertedIndex\":{terms}{tail}"


class _Spool:
    """Pieces of text per key, joined by commas when taken; past SPOOL_AT characters they go to a temporary file."""

    def __init__(self) -> None:
        self.held: dict[str, list[str]] = defaultdict(list)
        self.size = 0
        self.file: IO[bytes] | None = None
        self.chunks: dict[str, list[tuple[int, int]]] = defaultdict(list)  # key -> (offset, length) in the file

    def __enter__(self) -> _Spool:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.file is not None:
            self.file.close()

    def add(self, key: str, text: str) -> None:
        self.held[key].append(text)
        self.size += len(text) + 50  # and the string's own header: pieces are short
        if self.size > SPOOL_AT:
            self._spill()

    def _spill(self) -> None:
        if self.file is None:
            self.file = tempfile.TemporaryFile(prefix="caselaw-shards-")  # noqa: SIM115 - closed by __exit__
        for key, texts in self.held.items():
            data = ",".join(texts).encode("utf-8")
            self.chunks[key].append((self.file.tell(), len(data)))
            self.file.write(data)
        self.held.clear()
        self.size = 0

    def take(self, key: str) -> str:
        parts = []
        for offset, length in self.chunks.pop(key, ()):
            assert self.file is not None
            self.file.seek(offset)
            parts.append(self.file.read(length).decode("utf-8"))
        if key in self.held:
            parts.append(",".join(self.held.pop(key)))
        if self.file is not None:
            self.file.seek(0, 2)  # appending goes on at the end
        return ",".join(parts)


def _posting_size(posting: dict[str, Any]) -> int:
    return sum(len(v) for k, v in posting.items() if k != "_index")


def plan_shards(index: dict[str, Any], max_postings: int) -> list[str]:
    """Term prefixes, each shard holding at most ``max_postings`` postings where it can be split.

    A prefix is split one character further while it is too big; a term equal to the
    prefix stays in the prefix's own shard, and a single term too big on its own keeps a
    shard of its own. Every term belongs to the shard of its longest matching prefix.
    """
    return _plan([(term, _posting_size(posting)) for term, posting in index["invertedIndex"]], max_postings)


def _plan(sizes: list[tuple[str, int]], max_postings: int) -> list[str]:
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
