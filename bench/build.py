"""Build speed and memory at scale, against plain mkdocs-material in the same run.

For each size it generates a SYNTHETIC corpus at run time (bench/synthetic.py; never
committed), builds it with `caselaw build` as configured (the six languages of
mkdocs.yml), then in English only, and, as the baseline, builds the same cases as
ordinary mkdocs-material pages (one language, out of the nav, Material's search on), and
prints wall time, ms per case, peak RSS (the largest process: builds use one process
per core), site size and the search index size. The ratio compares the English-only
build with Material, which builds one language too.

    python bench/build.py --cases 1000           # one size; last line is the summary
    python bench/build.py --cases 1000 5000 10000 50000 --write-docs
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
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


def measure(n: int, parent: Path) -> dict[str, float]:
    folder = parent / str(n)
    folder.mkdir()
    project = make_project(folder, n)
    ours_s, ours_mb = _run([sys.executable, "-m", "generator.cli", "build", "-d", "out"], project)
    site = project / "out"
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^(\s+languages: )\[.*\]$", r"\1[en]", config.read_text(encoding="utf-8")), encoding="utf-8")
    english_s, english_mb = _run([sys.executable, "-m", "generator.cli", "build", "-d", "out-en"], project)
    baseline = plain_material.write_project(project / "cases", folder / "material")
    plain_s, plain_mb = _run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "out"], baseline)
    return {
        "n": n, "seconds": ours_s, "ms_per_case": ours_s * 1000 / n, "peak_mb": ours_mb,
        "site_mb": _size(site) / 2**20, "search_mb": _size(site / "search") / 2**20,
        "english_seconds": english_s, "english_ms": english_s * 1000 / n, "english_mb": english_mb,
        "plain_seconds": plain_s, "plain_mb": plain_mb, "ratio": plain_s / english_s,
    }


def report(rows: list[dict[str, float]]) -> str:
    lines = [
        "| cases | six languages | ms/case | peak RSS | site | search files | English only | ms/case | peak RSS "
        "| plain Material | Material peak RSS | English only vs Material |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['n']:,} | {r['seconds']:.1f} s | {r['ms_per_case']:.1f} | {r['peak_mb']:.0f} MB | {r['site_mb']:.0f} MB "
                     f"| {r['search_mb']:.0f} MB | {r['english_seconds']:.1f} s | {r['english_ms']:.1f} | {r['english_mb']:.0f} MB "
                     f"| {r['plain_seconds']:.1f} s | {r['plain_mb']:.0f} MB | {r['ratio']:.2f}x |")
    return "\n".join(lines)


# Disk a case's files take, all kept until the end (see main): the six-language site 0.41 MB, the
# English-only site 0.07, plain Material's site and the corpus the rest (a 50,000-case run took 31 GB).
MB_PER_CASE = 0.65


def enough_space(sizes: list[int], folder: Path) -> str | None:
    """Why the run would fill the disk before it ends, or None: better said now than after half an hour."""
    need = sum(sizes) * MB_PER_CASE / 1024
    free = shutil.disk_usage(folder).free / 2**30
    if free >= need:
        return None
    return (f"{sum(sizes):,} cases need about {need:.0f} GB free in {folder} ({free:.0f} GB free): free some space, "
            "point TMPDIR at a larger disk, or run fewer sizes")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[1000])
    parser.add_argument("--write-docs", action="store_true", help="write the figures to docs/performance.md")
    args = parser.parse_args(argv)
    problem = enough_space(args.cases, Path(tempfile.gettempdir()))
    if problem:
        print(f"bench/build.py: {problem}", file=sys.stderr)
        return 2
    rows = []
    # Every size's files are deleted at the end, not after each size: where ext4 runs without a journal
    # (as on many virtual machines), creating a file skips one by one over the inodes freed in the last
    # minute (six while their inode table is not yet written back: fs/ext4/ialloc.c, recently_deleted),
    # so deleting the 400,000 files of one size made each new file of the next size's builds cost up to
    # ten times more (0.5-1 ms instead of 0.06) for minutes, while the plain Material build, which comes
    # last, paid less of it. The figures are printed, and written, before that deletion (minutes at 50,000).
    with tempfile.TemporaryDirectory(prefix="build-bench-") as tmp:
        for n in args.cases:
            rows.append(measure(n, Path(tmp)))
            row = rows[-1]
            print(f"{n:,} cases: six languages built in {row['seconds']:.1f} s ({row['peak_mb']:.0f} MB peak), site "
                  f"{row['site_mb']:.0f} MB (search {row['search_mb']:.0f} MB); English only {row['english_seconds']:.1f} s "
                  f"({row['english_mb']:.0f} MB); plain mkdocs-material {row['plain_seconds']:.1f} s ({row['plain_mb']:.0f} MB)", flush=True)
        print()
        print(report(rows))
        if args.write_docs:
            write_docs(rows)
        last = rows[-1]
        print(f"{last['n']} cases: {last['ms_per_case']:.1f} ms/case ({last['english_ms']:.1f} in English only), "
              f"{max(last['peak_mb'], last['english_mb']):.0f} MB peak RSS, {last['ratio']:.2f}x faster than plain mkdocs-material "
              "(English only)", flush=True)
    return 0


def write_docs(rows: list[dict[str, float]]) -> None:
    cpu = os.cpu_count()
    text = f"""# Performance

Figures produced by `python bench/build.py --cases {' '.join(str(r['n']) for r in rows)} --write-docs` on
{dt.date.today().isoformat()}, on a machine with {cpu} cores, with SYNTHETIC corpora generated at run time
(realistic field values and 300-1,500-word bodies; never published). "Six languages" is the site as
`mkdocs.yml` configures it (every case page, list and search index in Arabic, Chinese, English, French,
Russian and Spanish); "English only" is the same build with `languages: [en]`. "Plain Material" builds
the same cases as ordinary mkdocs-material pages, in one language, out of the navigation, with
Material's search; the last column compares it with the English-only build.

{report(rows)}

Peak RSS is that of the largest single process; the build uses one worker process per core
for reading cases, for building the languages' search indexes and for writing pages.
"""
    page = ROOT / "docs" / "performance.md"
    # Sections after the build figures (the search figures of bench/search.py...) are kept.
    old = page.read_text(encoding="utf-8") if page.exists() else ""
    rest = old[old.index("\n## ", old.index("| cases")):] if "| cases" in old and "\n## " in old[old.index("| cases"):] else ""
    page.write_text(text + rest, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
