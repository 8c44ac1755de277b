"""The files the browser loads for search, with content-hashed names, and their manifest.

Everything is a small JavaScript file that hands its data to ``caselawSearch.receive``,
so search works from ``file://`` (where fetch is refused) as well as over HTTP. Nothing
here is loaded by any page until the reader searches.

One bundle per language of the site: its index is analysed with that language's
analyzer (``analysis.py``), and its manifest names the scripts that analyse queries the
same way in the browser, in the order the page loads them:

    language   the language the index and the queries are analysed in
    scripts    lunr.js, for fr/es/ru lunr-languages' stemmer support and stemmer, then analysis.js
    facets     the facets file
    shards     the folder of the index shards, one file per entry of
    prefixes   the term prefixes of the shards
    docs       the folder of the result cards
    n, perPage the number of cases, and of results a page
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.corpus import Corpus
from generator.links import Links
from generator.outputs import OutputFile

from .analysis import analyzer
from .documents import FIELDS, facet_data, result_card, search_document
from .lunr_index import build_shards
from .text import plain

BROWSER = Path(__file__).parent / "browser"
VENDOR = BROWSER / "vendor"
SHARD_POSTINGS = 6000


LUNR = VENDOR / "lunr-2.3.9.min.js"
LUNR_SHA256 = "0c50d9002b85780a842afffb567bb54ede402dae7c6dc5997a018614d8044fc8"

# lunr-languages 1.14.0 (MPL 1.1), as mkdocs 1.6.1 ships it in mkdocs/contrib/search/lunr-language/
# (see browser/vendor/README.md): file -> sha256, checked by the tests.
LUNR_LANGUAGES_SHA256 = {
    "lunr.stemmer.support.js": "9acfb121aae107828dc54f15cf779ef4a151cdaaade158be705a26e6e96ec618",
    "lunr.fr.js": "3eb7c29a8ed7223880d86e98d7d17edf14c8560dbf1a3e6650763670eabf0b34",
    "lunr.es.js": "64595a693de6028a6ec6f4d63866b8a0269cb67c1adad19e7964ce9eb4d2b3d6",
    "lunr.ru.js": "dcb5bbee18f742928488115c549cbbee30cef7ae04cd4c1b7f635fd97cf1244d",
}
# The vendored scripts each language's queries need besides lunr.js and analysis.js, in load order.
LANGUAGE_SCRIPTS: dict[str, tuple[str, ...]] = {
    "en": (),
    "fr": ("lunr.stemmer.support.js", "lunr.fr.js"),
    "es": ("lunr.stemmer.support.js", "lunr.es.js"),
    "ru": ("lunr.stemmer.support.js", "lunr.ru.js"),
    "ar": (),
    "zh": (),
}


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


def _hashed(path: Path) -> OutputFile:
    """search/<name>.<hash>.js for a browser file."""
    text = path.read_text(encoding="utf-8")
    stem = path.name.removesuffix(".min.js").removesuffix(".js")
    return OutputFile(f"search/{stem}.{_digest(text)}.js", text)


@dataclass(frozen=True)
class SearchBundle:
    files: tuple[OutputFile, ...]
    manifest: dict[str, Any]
    script: str  # site-root path of the search page's own script


class _Folder:
    """Files made one by one into a folder named by the digest of their contents, which is known only at the end.

    With a ``root``, each file is written under a temporary name as it is made and the folder renamed at
    the end; without, the files are kept.
    """

    def __init__(self, root: Path | None, stem: str, language: str) -> None:
        self.root, self.stem = root, stem
        self.digest = hashlib.sha256()
        self.kept: list[tuple[str, str]] = []
        self.temporary = f"search/.{stem}-{language}"
        if root is not None:
            shutil.rmtree(root / self.temporary, ignore_errors=True)
            (root / self.temporary).mkdir(parents=True)

    def add(self, name: str, text: str) -> None:
        self.digest.update(text.encode("utf-8"))
        if self.root is None:
            self.kept.append((name, text))
        else:
            (self.root / self.temporary / f"{name}.js").write_text(text, encoding="utf-8")

    def finish(self) -> tuple[str, list[OutputFile]]:
        """(the folder's path, the files kept)."""
        path = f"search/{self.stem}-{self.digest.hexdigest()[:10]}"
        if self.root is None:
            return path, [OutputFile(f"{path}/{name}.js", text) for name, text in self.kept]
        try:
            (self.root / self.temporary).rename(self.root / path)
        except OSError:
            if not (self.root / path).is_dir():
                raise
            shutil.rmtree(self.root / self.temporary)  # the same files, already made for another language
        return path, []


def build_search(corpus: Corpus, links: Links, *, language: str = "en", shard_postings: int = SHARD_POSTINGS,
                 folder: Path | None = None) -> SearchBundle:
    """The search of one language's site: ``corpus`` and ``links`` come localized by the caller.

    Paths are relative to that language's site root (where its search page's ``base_url`` points).
    With ``folder``, the result cards and index shards (nearly all the files and bytes) are written
    under it as they are made, never all held, and ``files`` has only the others.
    """
    if language not in LANGUAGE_SCRIPTS:
        raise ValueError(f"search has no analyzer for '{language}'; languages: {', '.join(LANGUAGE_SCRIPTS)}")
    analysis = analyzer(language)
    docs = _Folder(folder, "docs", language)

    def documents() -> Iterator[dict[str, str]]:
        """Each case's result card written and its search document made as the index reads them: the bodies'
        plain text is made once per case and never held for all cases (at 50,000 cases, 300 MB)."""
        for i, case in enumerate(corpus):
            text = plain(case.body)
            card = result_card(case, i, links, text, language)
            docs.add(card["r"], _receive(f"doc:{card['r']}", json.dumps(card, ensure_ascii=False, separators=(",", ":"))))
            yield search_document(case, i, links, text, analysis.prepare)

    _, shards = build_shards(documents(), "ref", FIELDS, None if language == "en" else analysis, shard_postings)
    doc_dir, card_files = docs.finish()
    index = _Folder(folder, "index", language)
    kept = []
    for name, (prefix, text) in enumerate(shards):
        index.add(str(name), _receive(f"shard:{prefix}", text))
        kept.append(prefix)
    shard_dir, shard_files = index.finish()
    facets = _receive("facets", json.dumps(facet_data(corpus, links), ensure_ascii=False, separators=(",", ":")))
    scripts = [_hashed(LUNR), *(_hashed(VENDOR / name) for name in LANGUAGE_SCRIPTS[language]), _hashed(BROWSER / "analysis.js")]
    search = _hashed(BROWSER / "search.js")
    files = [*scripts, OutputFile(f"search/facets.{_digest(facets)}.js", facets), search, *shard_files, *card_files]
    manifest = {
        "language": language,
        "scripts": [f.path for f in scripts],
        "facets": files[len(scripts)].path,
        "shards": shard_dir,
        "prefixes": kept,
        "docs": doc_dir,
        "n": len(corpus),
        "perPage": 20,
    }
    return SearchBundle(tuple(files), manifest, search.path)
