"""Every language's search built in worker processes while the rest of the site is built.

A language's search index costs seconds per thousand cases, on one core, and nothing in
the build needs it but the search page, which needs only its manifest. So as soon as the
cases are read, worker processes (one per core) build the searches of the languages and
write their files straight into a hidden folder of the site (MkDocs' cleaning of the site
folder leaves hidden entries alone); a search page is rendered with marks for its
manifest and script, filled in after the language's other pages (see PendingSearch);
the files are moved into place at the end. Meanwhile the build's own process (and its
page-writing workers) go on with the pages. (With one worker, each language waited for
its search while a core sat idle.)
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from site_search.bundle import SearchBundle, build_search

from .corpus import Corpus
from .links import Links
from .outputs import move_into, write_outputs
from .parallel import cores, worker_signals
from .progress import waiting
from .translations import CaseTranslation, localize

FROM_CASES = 300  # below this a search takes well under a second: not worth a process
MANIFEST_MARK = "caselaw-search-manifest-5c1e"
SCRIPT_MARK = "caselaw-search-script-5c1e.js"


@dataclass(frozen=True)
class _Input:
    corpus: Corpus
    case_translations: dict[tuple[str, str], CaseTranslation]
    languages: tuple[str, ...]
    directory_urls: bool
    folder: Path


_INPUT: _Input | None = None  # set before the worker is forked, which inherits it


def _build(language: str) -> tuple[dict[str, Any], str]:
    """In the worker: one language's search, its files written under the folder as they are made; (manifest, script) back."""
    job = _INPUT
    assert job is not None
    links = Links.localized(language, job.languages, job.directory_urls)
    bundle = build_search(localize(job.corpus, job.case_translations, language), links, language=language, folder=job.folder)
    write_outputs(job.folder, bundle.files)
    return bundle.manifest, bundle.script


class PendingSearch:
    """A search being built: stands for its SearchBundle in the site model (its files are written apart).

    The search page is rendered with marks in place of the manifest and the script's address, and
    filled in (``fill``) after the language's other pages: the build's process goes on with them
    instead of waiting for the search worker (in English only, a core sat idle for most of a second
    of every 1,000 cases).
    """

    files: tuple = ()
    manifest = MANIFEST_MARK
    script = SCRIPT_MARK

    def __init__(self, future: concurrent.futures.Future[tuple[dict[str, Any], str]], language: str) -> None:
        self._future = future
        self.language = language

    def wait(self) -> tuple[dict[str, Any], str]:
        """(manifest, script path), once the worker is done; raises what it raised."""
        if not self._future.done():
            with waiting(f"Waiting for the search index ({self.language})"):
                return self._future.result()
        return self._future.result()

    def fill(self, page_html: str, tojson: Callable[[Any], str], url: Callable[[str], str]) -> str:
        """The search page with the manifest and the script's address in place of the marks.

        ``tojson`` and ``url`` are the templates' own filters (the page was rendered with them).
        """
        manifest, script = self.wait()
        return page_html.replace(tojson(MANIFEST_MARK), tojson(manifest)).replace(url(SCRIPT_MARK), url(script))


class SearchJobs:
    """The searches of all the site's languages, started at once, in the order the languages are built."""

    def __init__(self, corpus: Corpus, case_translations: dict[tuple[str, str], CaseTranslation], languages: tuple[str, ...],
                 directory_urls: bool, site_dir: Path) -> None:
        global _INPUT
        site_dir.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=".caselaw-search-", dir=site_dir))
        _INPUT = _Input(corpus, case_translations, languages, directory_urls, self.folder)
        self.executor = concurrent.futures.ProcessPoolExecutor(min(len(languages), cores()), mp_context=multiprocessing.get_context("fork"),
                                                               initializer=worker_signals)
        self.pending = {language: PendingSearch(self.executor.submit(_build, language), language) for language in languages}
        _INPUT = None  # the worker has its copy

    @classmethod
    def start(cls, corpus: Corpus, case_translations: dict[tuple[str, str], CaseTranslation], languages: tuple[str, ...],
              directory_urls: bool, site_dir: Path) -> SearchJobs | None:
        """The jobs, or None where a worker would not pay (small corpora) or cannot be forked."""
        if len(corpus) < FROM_CASES or "fork" not in multiprocessing.get_all_start_methods():
            return None
        return cls(corpus, case_translations, languages, directory_urls, site_dir)

    def search(self, language: str) -> SearchBundle | PendingSearch:
        return self.pending[language]

    def finish(self, site_dir: Path) -> None:
        """Wait for every search (a failed one raises here), move their files into the site."""
        try:
            for pending in self.pending.values():
                pending.wait()  # raises what the worker raised
            move_into(self.folder, site_dir)  # the script files every language shares are kept once
        finally:
            self.cancel()

    def cancel(self) -> None:
        """Stop the worker (a failed build) and remove the folder; harmless after finish."""
        self.executor.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(self.folder, ignore_errors=True)
