"""The files the browser loads for search, with content-hashed names, and their manifest.

Everything is a small JavaScript file that hands its data to ``caselawSearch.receive``,
so search works from ``file://`` (where fetch is refused) as well as over HTTP. Nothing
here is loaded by any page until the reader searches.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.corpus import Corpus
from generator.links import Links
from generator.outputs import OutputFile

from .documents import FIELDS, facet_data, result_card, search_document
from .lunr_index import build, dumps, plan_shards, split_index
from .text import plain

BROWSER = Path(__file__).parent / "browser"
SHARD_POSTINGS = 6000


LUNR = BROWSER / "vendor" / "lunr-2.3.9.min.js"
LUNR_SHA256 = "0c50d9002b85780a842afffb567bb54ede402dae7c6dc5997a018614d8044fc8"


def lunr_js() -> str:
    """lunr.js 2.3.9, minified, from the npm package lunr@2.3.9 (see browser/vendor/README.md)."""
    return LUNR.read_text(encoding="utf-8")


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
    return h.hexdigest()[:10]


def _receive(kind: str, payload: str) -> str:
    return f"caselawSearch.receive({json.dumps(kind)},{payload});\n"


@dataclass(frozen=True)
class SearchBundle:
    files: tuple[OutputFile, ...]
    manifest: dict[str, Any]
    script: str  # site-root path of the search page's own script


def build_search(corpus: Corpus, links: Links, *, shard_postings: int = SHARD_POSTINGS) -> SearchBundle:
    cases = list(corpus)
    texts = [plain(case.body) for case in cases]  # once per case, for the index and the result cards
    docs = [search_document(case, i, links, texts[i]) for i, case in enumerate(cases)]
    index = build(docs, "ref", FIELDS)
    prefixes = plan_shards(index, shard_postings)
    shards = split_index(index, prefixes)
    shard_texts = [(str(n), _receive(f"shard:{p}", dumps(shards[p]))) for n, p in enumerate(prefixes) if p in shards]
    kept = [p for p in prefixes if p in shards]
    shard_dir = f"search/index-{_digest(*(t for _, t in shard_texts))}"
    cards = [result_card(case, i, links, texts[i]) for i, case in enumerate(cases)]
    card_texts = [(c["r"], _receive(f"doc:{c['r']}", json.dumps(c, ensure_ascii=False, separators=(",", ":")))) for c in cards]
    doc_dir = f"search/docs-{_digest(*(t for _, t in card_texts))}"
    facets = _receive("facets", json.dumps(facet_data(corpus, links), ensure_ascii=False, separators=(",", ":")))
    lunr = lunr_js()
    script = (BROWSER / "search.js").read_text(encoding="utf-8")
    files = [
        OutputFile(f"search/lunr-2.3.9.{_digest(lunr)}.js", lunr),
        OutputFile(f"search/facets.{_digest(facets)}.js", facets),
        OutputFile(f"search/search.{_digest(script)}.js", script),
        *(OutputFile(f"{shard_dir}/{name}.js", text) for name, text in shard_texts),
        *(OutputFile(f"{doc_dir}/{name}.js", text) for name, text in card_texts),
    ]
    manifest = {
        "lunr": files[0].path,
        "facets": files[1].path,
        "shards": shard_dir,
        "prefixes": kept,
        "docs": doc_dir,
        "n": len(cases),
        "perPage": 20,
    }
    return SearchBundle(tuple(files), manifest, files[2].path)
