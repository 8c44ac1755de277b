"""``caselaw preview``: one case file rendered with the site's real templates, fast.

A contributor wants to see their case as readers will, without building thousands of
other cases. The preview validates that one file, checks its id and references against
the rest of the database cheaply (ids and references only, see ``scan.py``), then
builds a small MkDocs site from a temporary copy of the project (``mkdocs.yml``, the
docs and theme folders) whose cases folder holds only that case and the cases it is
linked with. The build is the ordinary one (``site_build.build_atomic``), so the page is
exactly what the full site would show, except that lists of related and citing cases
only know the cases the preview includes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from .problems import Problem, render
from .reader import CaseFileError, RawRecord, read_case
from .scan import Scanned, scan
from .validate import validate_record

REFERENCES = ("related_cases", "cites")


class PreviewFailed(Exception):
    """The case cannot be previewed; the message says why and how to fix it."""


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml for the few paths it names, ignoring tags such as !ENV."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def project_layout(config_file: Path) -> dict[str, str]:
    """The folders of the project that the build reads: docs, theme overrides and cases (relative to mkdocs.yml)."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}  # a safe loader (SafeLoader subclass)
    theme = config.get("theme") if isinstance(config.get("theme"), dict) else {}
    cases_dir = "cases"
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("caselaw"), dict):
            cases_dir = plugin["caselaw"].get("cases_dir", cases_dir)
    layout = {"docs": config.get("docs_dir") or "docs", "theme": theme.get("custom_dir") or "", "cases": cases_dir}
    for name, folder in layout.items():
        if folder and (Path(folder).is_absolute() or ".." in Path(folder).parts):
            raise PreviewFailed(f"{config_file}: {name} folder '{folder}' must be inside the project for a preview")
    return layout


def check_against_corpus(record: RawRecord, path: Path, others: list[Scanned]) -> list[Problem]:
    """The corpus checks that need other files, done on their ids only: a unique id, references that exist."""
    problems: list[Problem] = []
    by_id: dict[str, Path] = {}
    for other in others:
        if isinstance(other.get("id"), str):
            by_id.setdefault(other.get("id"), other.path)
    case_id = record.data.get("id")
    if isinstance(case_id, str) and case_id in by_id:
        problems.append(Problem(record.path, record.line_of(("id",)), "id", f"id '{case_id}' is already used by {by_id[case_id]}.",
                                "ids are unique and never reused; choose another id", "duplicate-id"))
    for key in REFERENCES:
        refs = record.data.get(key)
        for index, ref in enumerate(refs if isinstance(refs, list) else []):
            if isinstance(ref, str) and ref not in by_id and ref != case_id:
                close = difflib.get_close_matches(ref, list(by_id), n=1)
                hint = f"did you mean '{close[0]}'?" if close else "use the id of a case in cases/, or remove the reference"
                problems.append(Problem(record.path, record.line_of((key, index)), f"{key}[{index}]",
                                        f"refers to '{ref}', which is not a case in the database.", hint, "dangling-reference"))
    return problems


def neighbours(record: RawRecord, others: list[Scanned]) -> list[Path]:
    """Files of the cases this case links to, and of the cases that link to it."""
    case_id = record.data.get("id")
    wanted = {ref for key in REFERENCES for ref in (record.data.get(key) or []) if isinstance(ref, str)}
    found = []
    for other in others:
        other_id = other.get("id")
        if other_id in wanted or any(case_id in other.strings(key) for key in REFERENCES):
            found.append(other.path)
    return found


def _dump(record: RawRecord, data: dict[str, Any]) -> str:
    front = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{front}---\n{record.body}"


def write_cases(target: Path, case: RawRecord, case_text: str, linked: list[RawRecord]) -> None:
    """The case and its linked cases, each keeping only references to cases that are written too."""
    present = {r.data.get("id") for r in [case, *linked]}
    target.mkdir(parents=True)
    for index, record in enumerate([case, *linked]):
        data = dict(record.data)
        trimmed = False
        for key in REFERENCES:
            if isinstance(data.get(key), list):
                kept = [ref for ref in data[key] if ref in present]
                trimmed |= kept != data[key]
                data[key] = kept
        text = case_text if index == 0 and not trimmed else _dump(record, data)
        (target / f"{index:03d}-{data.get('id')}.md").write_text(text, encoding="utf-8")


def preview(path: Path, *, cases_dir: Path, config_file: Path, site_dir: Path, today: dt.date) -> Path:
    """Validate one case file and build it alone into ``site_dir``; return the path of its page."""
    from .mkdocs_plugin.site_build import BuildFailed, build_atomic

    try:
        record = read_case(path)
    except CaseFileError as exc:
        raise PreviewFailed("\n" + render(exc.problems, "human")) from None
    mine = path.resolve()
    others = [s for s in scan([cases_dir], ("id", *REFERENCES)) if s.path.resolve() != mine] if cases_dir.is_dir() else []
    problems = validate_record(record, today) + check_against_corpus(record, path, others)
    if problems:
        raise PreviewFailed(f"{len(problems)} problem(s); nothing was built.\n" + render(problems, "human"))
    linked = []
    for other in neighbours(record, others):
        try:
            raw = read_case(other)
        except CaseFileError:
            continue
        if not validate_record(raw, today):  # a broken neighbour is left out rather than block this preview
            linked.append(raw)
    layout = project_layout(config_file)
    root = config_file.resolve().parent
    project = Path(tempfile.mkdtemp(prefix="caselaw-preview-"))
    try:
        # The preview is of the English page: the other languages' builds would multiply its time by six.
        config = re.sub(r"(?m)^(\s+languages:\s*)\[.*\]\s*$", r"\1[en]", config_file.read_text(encoding="utf-8"))
        (project / "mkdocs.yml").write_text(config, encoding="utf-8")
        for folder in (layout["docs"], layout["theme"]):
            if folder and (root / folder).is_dir():
                shutil.copytree(root / folder, project / folder)
        write_cases(project / layout["cases"], record, path.read_text(encoding="utf-8"), linked)
        try:
            site = build_atomic(project / "mkdocs.yml", site_dir, strict=False)
        except BuildFailed as exc:
            raise PreviewFailed(str(exc)) from None
    finally:
        shutil.rmtree(project, ignore_errors=True)
    (site / ".gitignore").write_text("# caselaw preview output: never committed\n*\n", encoding="utf-8")
    return site_dir / "cases" / record.data["id"] / "index.html"
