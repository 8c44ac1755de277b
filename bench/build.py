"""Build speed and memory at scale, against plain mkdocs-material in the same run.

For each size it generates a SYNTHETIC corpus at run time (bench/synthetic.py; never
committed), builds it with `caselaw build` and, as the baseline, builds the same cases
as ordinary mkdocs-material pages (out of the nav, Material's search on), and prints
wall time, ms per case, peak RSS (the largest process: builds use one process per
core), site size and the search index size.

    python bench/build.py --cases 1000           # one size; last line is the summary
    python bench/build.py --cases 1000 5000 10000 50000 --write-docs
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import plain_material  # noqa: E402 - after the path set-up
from bench.synthetic import make_project  # noqa: E402


def _run(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one command and its children, measured in a child."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "took = time.perf_counter() - t\n"
        "sys.stderr.write(r.stderr[-3000:] if r.returncode else '')\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(f'{took} {peak} {r.returncode}')\n"
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "CI": "1"}
    out = subprocess.run([sys.executable, "-c", probe, *command], cwd=cwd, capture_output=True, text=True, env=env)
    took, peak, code = out.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(command)} failed:\n{out.stderr}")
    return float(took), float(peak)


def _size(folder: Path, pattern: str = "*") -> int:
    return sum(p.stat().st_size for p in folder.rglob(pattern) if p.is_file())


def measure(n: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix=f"build-bench-{n}-") as tmp:
        folder = Path(tmp)
        project = make_project(folder, n)
        ours_s, ours_mb = _run([sys.executable, "-m", "generator.cli", "build", "-d", "out"], project)
        site = project / "out"
        baseline = plain_material.write_project(project / "cases", folder / "material")
        plain_s, plain_mb = _run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "out"], baseline)
        return {
            "n": n, "seconds": ours_s, "ms_per_case": ours_s * 1000 / n, "peak_mb": ours_mb,
            "site_mb": _size(site) / 2**20, "search_mb": _size(site / "search") / 2**20,
            "plain_seconds": plain_s, "plain_mb": plain_mb, "ratio": plain_s / ours_s,
        }


def report(rows: list[dict[str, float]]) -> str:
    lines = [
        "| cases | build | ms/case | peak RSS | site | search files | plain Material | Material peak RSS | faster |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['n']:,} | {r['seconds']:.1f} s | {r['ms_per_case']:.1f} | {r['peak_mb']:.0f} MB | {r['site_mb']:.0f} MB "
                     f"| {r['search_mb']:.0f} MB | {r['plain_seconds']:.1f} s | {r['plain_mb']:.0f} MB | {r['ratio']:.2f}x |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[1000])
    parser.add_argument("--write-docs", action="store_true", help="write the figures to docs/performance.md")
    args = parser.parse_args(argv)
    rows = []
    for n in args.cases:
        row = measure(n)
        rows.append(row)
        print(f"{n:,} cases: built in {row['seconds']:.1f} s, site {row['site_mb']:.0f} MB (search {row['search_mb']:.0f} MB); "
              f"plain mkdocs-material {row['plain_seconds']:.1f} s", flush=True)
    print()
    print(report(rows))
    if args.write_docs:
        write_docs(rows)
    last = rows[-1]
    print(f"{last['n']} cases: {last['ms_per_case']:.1f} ms/case, {last['peak_mb']:.0f} MB peak RSS, "
          f"{last['ratio']:.2f}x faster than plain mkdocs-material")
    return 0


def write_docs(rows: list[dict[str, float]]) -> None:
    cpu = os.cpu_count()
    text = f"""# Performance

Figures produced by `python bench/build.py --cases {' '.join(str(r['n']) for r in rows)} --write-docs` on
{dt.date.today().isoformat()}, on a machine with {cpu} cores, with SYNTHETIC corpora generated at run time
(realistic field values and 300-1,500-word bodies; never published). "Plain Material" builds the same
cases as ordinary mkdocs-material pages, out of the navigation, with Material's search.

{report(rows)}

Peak RSS is that of the largest single process; the build uses one worker process per core
for reading cases and for writing pages.
"""
    (ROOT / "docs" / "performance.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
