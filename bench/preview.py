"""Benchmark: `caselaw preview` of one case among N SYNTHETIC cases, against a full build of them all.

    python bench/preview.py                # 5,000 cases
    python bench/preview.py --cases 1000 --runs 5 --no-full

It writes a SYNTHETIC corpus (bench/synthetic.py) into a temporary copy of the project,
times `caselaw preview` of one case as a contributor runs it (a new process each time,
so the time is from "I saved the file" to "the page is written"), then times
`caselaw build` of the whole corpus, and prints both and their ratio. The target is a
preview under 2 s with 5,000 cases present; the exit status is 1 when it is missed.
Nothing it writes is kept unless --keep is given.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import generate  # noqa: E402 - after the path set-up

TARGET_SECONDS = 2.0


def _caselaw(project: Path, *args: str) -> float:
    env = {**os.environ, "CASELAW_TODAY": "2026-11-29", "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=project, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"caselaw {' '.join(args)} failed:\n{result.stderr}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=5000, help="number of SYNTHETIC cases (default 5000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="previews to time (default 3)")
    parser.add_argument("--no-full", action="store_true", help="skip the full build")
    parser.add_argument("--keep", action="store_true", help="keep the temporary project and print where it is")
    args = parser.parse_args(argv)

    project = Path(tempfile.mkdtemp(prefix="caselaw-bench-preview-"))
    try:
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        for folder in ("docs", "theme"):
            shutil.copytree(ROOT / folder, project / folder)
        start = time.perf_counter()
        paths = generate(args.cases, project / "cases", args.seed)
        print(f"{len(paths)} SYNTHETIC cases written in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        target = paths[len(paths) // 2].relative_to(project)

        times = []
        for run in range(args.runs):
            target_path = project / target
            target_path.write_text(target_path.read_text(encoding="utf-8"), encoding="utf-8")  # "save" the file
            times.append(_caselaw(project, "preview", str(target), "-d", "preview"))
            print(f"preview run {run + 1}: {times[-1]:.2f} s", file=sys.stderr)
        best, median = min(times), statistics.median(times)
        page = project / "preview" / "cases" / target.stem / "index.html"
        assert page.is_file(), page

        print(f"preview of 1 of {args.cases} SYNTHETIC cases: median {median:.2f} s, best {best:.2f} s "
              f"(target < {TARGET_SECONDS:.0f} s: {'met' if median < TARGET_SECONDS else 'MISSED'})")
        if not args.no_full:
            full = _caselaw(project, "build", "-d", "site")
            print(f"full build of {args.cases} cases: {full:.1f} s")
            print(f"preview / full build: {median / full:.4f} ({full / median:.0f}x faster)")
        if args.keep:
            print(f"kept: {project}")
    finally:
        if not args.keep:
            shutil.rmtree(project, ignore_errors=True)
    return 0 if median < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
