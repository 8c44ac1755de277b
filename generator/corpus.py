"""The corpus: every case file read and validated, with lookups by id.

Loading reports every problem of every file instead of stopping at the first, so one
run of ``caselaw validate`` shows a contributor all there is to fix.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .parallel import parallel_map
from .problems import Problem
from .progress import Progress
from .reader import CaseFileError, RawRecord, case_bytes, parse_case, read_case
from .validate import validate_corpus, validate_record

SKIP_NAMES = {"README.md", "CONTRIBUTING.md"}


@dataclass(frozen=True)
class Case:
    """A valid case: its front matter as data, its Markdown body and where it came from."""

    data: dict[str, Any]
    body: str
    path: str
    text_language: str = "en"  # the language of summary, landmark reason and body (a translation's, once localized)

    @property
    def id(self) -> str:
        return self.data["id"]

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@dataclass(frozen=True)
class Corpus:
    """All valid cases, newest decision first (then by id, so the order is stable)."""

    cases: tuple[Case, ...]
    by_id: dict[str, Case] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "cases", tuple(sorted(self.cases, key=lambda c: (c["decision_date"], c.id), reverse=True)))
        object.__setattr__(self, "by_id", {c.id: c for c in self.cases})

    def __len__(self) -> int:
        return len(self.cases)

    def __iter__(self) -> Iterator[Case]:
        return iter(self.cases)


# <case>.<lang>.md beside a case holds a translation of its summary, not a case.
TRANSLATION = re.compile(r"\.([a-z]{2})\.md$")


def discover(paths: Iterable[Path]) -> list[Path]:
    """Case files under the given files and folders: *.md, skipping README, _drafts and translations."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(_markdown_files(path, translations=False), key=lambda p: p.parts)
        else:
            found.append(path)
    return found


def translation_files(folder: Path) -> list[Path]:
    """The ``<case>.<lang>.md`` files under a cases folder (skipping _drafts and hidden folders), in path order."""
    return sorted(_markdown_files(folder, translations=True), key=lambda p: p.parts)


def _markdown_files(folder: Path, *, translations: bool) -> Iterator[Path]:
    # os.walk rather than Path.rglob, which hashes every path it yields: a third of a re-read's time at 5,000 cases.
    for directory, subfolders, names in os.walk(folder):
        subfolders[:] = [d for d in subfolders if not d.startswith(("_", "."))]
        for name in names:
            if name.endswith(".md") and name not in SKIP_NAMES and not name.startswith(("_", ".")) \
                    and bool(TRANSLATION.search(name)) == translations:
                yield Path(directory, name)


def _folder_links(folder: Path) -> Iterator[Path]:
    """Symbolic links to folders under ``folder`` (os.walk does not follow them)."""
    for directory, subfolders, _ in os.walk(folder):
        for name in subfolders:
            if os.path.islink(os.path.join(directory, name)):
                yield Path(directory, name)


def _display(path: Path, root: Path | None) -> str:
    if root is None or path.parts[:len(root.parts)] != root.parts:
        return str(path)
    return os.path.join(*path.parts[len(root.parts):]) if len(path.parts) > len(root.parts) else "."


PARALLEL_FROM = 400  # below this, starting worker processes costs more than it saves


def _read_and_validate(job: tuple[Path, str, dt.date]) -> tuple[RawRecord | None, list[Problem], bytes]:
    """(record, its problems, digest of the bytes parsed) of one file."""
    path, shown, today = job
    try:
        content = case_bytes(path, shown)
        raw = parse_case(content, shown)
    except CaseFileError as exc:
        return None, exc.problems, b""
    return raw, validate_record(raw, today), _digest(content)


# What the last load read, by file: (path, shown, today) -> (content digest, record, problems). The next load
# parses again only the files whose content changed: the plugin's load after ``caselaw build`` has validated
# the cases, and every rebuild of ``serve``, cost a hash per file instead of a YAML parse and validation.
# (A digest, not the file's time: two edits within the file system's clock tick would look the same.)
_LAST_READ: dict[tuple[str, str, dt.date], tuple[bytes, RawRecord | None, list[Problem]]] = {}


def _digest(content: bytes) -> bytes:
    return hashlib.blake2b(content, digest_size=16).digest()


def _signature(path: Path) -> bytes:
    """The digest of the file as the reader reads it (never blocking on a pipe, never following a link); b"" for
    a file the reader refuses, which is then never taken from the cache."""
    try:
        return _digest(case_bytes(path, str(path)))
    except CaseFileError:
        return b""


def _read_all(jobs: list[tuple[Path, str, dt.date]]) -> list[tuple[RawRecord | None, list[Problem]]]:
    """Every file read and validated on its own, reusing what the last load read of unchanged files."""
    global _LAST_READ
    keys = [(os.path.abspath(path), shown, today) for path, shown, today in jobs]
    kept = {}
    for index, key in enumerate(keys):
        known = _LAST_READ.get(key)
        if known is not None and known[0] and _signature(jobs[index][0]) == known[0]:
            kept[index] = known
    stale = [index for index in range(len(jobs)) if index not in kept]
    read = dict(zip(stale, _map(_read_and_validate, [jobs[i] for i in stale]), strict=True))
    entries = [kept[i] if i in kept else (read[i][2], read[i][0], read[i][1]) for i in range(len(jobs))]
    _LAST_READ = dict(zip(keys, entries, strict=True))
    return [(record, problems) for _, record, problems in entries]


def _map(function, jobs: list, label: str = "Reading cases") -> Iterator:  # type: ignore[no-untyped-def]
    """Run per-file work on every core for large corpora, in order; in-process for small ones."""
    progress = Progress(label, len(jobs))
    for result in parallel_map(function, jobs, minimum=PARALLEL_FROM):
        yield result
        progress.advance()
    progress.finish()


def load(paths: Iterable[Path], *, today: dt.date | None = None, root: Path | None = None,
         context: Iterable[Path] = ()) -> tuple[Corpus, list[Problem]]:
    """Read and validate case files; return the valid cases and every problem found.

    ``context`` lists other case files that are read (not reported on) so that ids,
    duplicates and references are checked against the whole database when only some
    files are being validated.
    """
    today = today or dt.date.today()
    paths = list(paths)
    files = discover(paths)
    problems: list[Problem] = [
        Problem(_display(link, root), None, "", "is a symbolic link to a folder; its cases would be skipped.",
                "replace the link with the folder itself", "symlink")
        for path in paths if path.is_dir() for link in _folder_links(path) if link.is_dir()
    ]
    raws: list[RawRecord] = []
    bad: set[str] = set()
    jobs = [(path, _display(path, root), today) for path in files]
    for raw, own in _read_all(jobs):
        problems += own
        if raw is None:
            continue
        if own:
            bad.add(raw.path)
        raws.append(raw)
    named = {r.path for r in raws}
    extra = []
    for path in discover(context):
        shown = _display(path, root)
        if shown not in named:
            with contextlib.suppress(CaseFileError):
                extra.append(read_case(path, shown))
    corpus_problems = [p for p in validate_corpus(raws + extra) if p.path in named]
    problems += corpus_problems
    bad |= {p.path for p in corpus_problems}
    cases = tuple(Case(r.data, r.body, r.path) for r in raws if r.path not in bad)
    return Corpus(cases), problems
