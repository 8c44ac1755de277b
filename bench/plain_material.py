"""The baseline: the same SYNTHETIC cases as ordinary mkdocs-material pages, out of the nav,
with Material's own search; what a project gets without this generator."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.corpus import load  # noqa: E402 - after the path set-up

CONFIG = """site_name: Plain Material benchmark (SYNTHETIC cases)
site_url: http://127.0.0.1/
theme:
  name: material
  font: false
plugins:
  - search
nav:
  - Home: index.md
not_in_nav: |
  /cases/**
"""


def write_project(cases_dir: Path, folder: Path) -> Path:
    """Each case as a Markdown page: title, citation, summary, body."""
    corpus, problems = load([cases_dir])
    if problems:
        raise SystemExit(f"{len(problems)} problems in {cases_dir}")
    docs = folder / "docs"
    (docs / "cases").mkdir(parents=True)
    (docs / "index.md").write_text("# Cases\n")
    for case in corpus:
        (docs / "cases" / f"{case.id}.md").write_text(f"# {case['title']}\n\n{case['citation']}\n\n{case['summary']}\n\n{case.body}\n")
    (folder / "mkdocs.yml").write_text(CONFIG)
    return folder


def build(folder: Path) -> tuple[Path, float]:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "out"], cwd=folder, check=True,
                   env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    return folder / "out", time.perf_counter() - started
