"""Benchmark: `caselaw serve` with N SYNTHETIC cases: how soon an edited case shows, against the full rebuild.

    python bench/serve.py                      # 5,000 cases, 5 edits
    python bench/serve.py --cases 1000 --edits 3 --write-docs

It writes a SYNTHETIC corpus (bench/synthetic.py) into a temporary copy of the project,
starts `caselaw serve` on a loopback port, and once the site is up edits the title of
one case after another (a few seconds apart, so the background rebuild of the previous
edit is running, as when a contributor works). For each edit it times, from the moment
the file is saved, until the case's page shows the new title in every language the
site is built in (polling the server as a browser's reload would). The baseline, measured
in the same run, is the full rebuild that serve runs in the background after the last
edit (what `mkdocs serve` does on every change). The target is under 2 s with 5,000
cases; the exit status is 1 when it is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.synthetic import generate  # noqa: E402 - after the path set-up

TARGET_SECONDS = 2.0


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait(condition, timeout: float, what: str) -> float:  # type: ignore[no-untyped-def]
    """Seconds until ``condition()`` holds (polled every 20 ms)."""
    start = time.perf_counter()
    while not condition():
        if time.perf_counter() - start > timeout:
            raise SystemExit(f"not within {timeout:.0f} s: {what}")
        time.sleep(0.02)
    return time.perf_counter() - start


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(cases: int, edits: int, pause: float, seed: int) -> dict[str, float]:
    project = Path(tempfile.mkdtemp(prefix="caselaw-bench-serve-"))
    process = None
    try:
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        for folder in ("docs", "theme"):
            shutil.copytree(ROOT / folder, project / folder)
        paths = generate(cases, project / "cases", seed)
        languages = re.search(r"(?m)^\s+languages: \[(.*)\]$", (project / "mkdocs.yml").read_text(encoding="utf-8")).group(1)
        prefixes = ["" if i == 0 else f"{code.strip()}/" for i, code in enumerate(languages.split(","))]
        port, log = _free_port(), project / "serve.log"
        env = {**os.environ, "CASELAW_TODAY": "2026-11-29", "NO_MKDOCS_2_WARNING": "1", "CI": "1"}
        with log.open("w") as out:
            process = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", "--port", str(port)], cwd=project,
                                       stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
        base = f"http://127.0.0.1:{port}/"
        first = _wait(lambda: bool(_get(base)) or process.poll() is not None, 7200, "serve answers")
        if process.poll() is not None:
            raise SystemExit(f"serve exited:\n{log.read_text(encoding='utf-8')[-3000:]}")
        print(f"{cases:,} SYNTHETIC cases: site built and served in {first:.1f} s", file=sys.stderr, flush=True)
        shown, work = [], []
        for number in range(edits):
            path = paths[(number * 7919 + 13) % len(paths)]
            text = path.read_text(encoding="utf-8")
            title = f"Edited while serving {number} (SYNTHETIC)"
            rebuilds = log.read_text(encoding="utf-8").count("Full rebuild done")
            path.write_text(re.sub(r"(?m)^title: .*$", f"title: {title}", text, count=1), encoding="utf-8")
            pages = [f"{base}{prefix}cases/{path.stem}/" for prefix in prefixes]
            shown.append(_wait(lambda title=title, pages=pages: all(title in _get(url) for url in pages), 600, f"{path.stem} shows the edit"))
            own = re.findall(r"updated in (\d+\.\d+) s", log.read_text(encoding="utf-8"))
            work.append(float(own[-1]) if own else float("nan"))
            print(f"edit {number + 1}: {path.stem} shown in {len(pages)} languages after {shown[-1]:.2f} s "
                  f"(serve's own work {work[-1]:.2f} s, the rest noticing the change and reloading)", file=sys.stderr, flush=True)
            if number < edits - 1:
                time.sleep(pause)
        full = _wait(lambda: log.read_text(encoding="utf-8").count("Full rebuild done") > rebuilds, 7200,
                     "the full rebuild")
        full += shown[-1]
        return {"cases": cases, "edits": edits, "languages": len(prefixes), "median": statistics.median(shown),
                "worst": max(shown), "full": full, "first": first,
                "work": statistics.median(work)}
    finally:
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=120)
        shutil.rmtree(project, ignore_errors=True)


def write_docs(row: dict[str, float], page: Path = ROOT / "docs" / "performance.md") -> None:
    """The "## Serve" section of docs/performance.md, replaced (or added) in place."""
    section = f"""## Serve

`python bench/serve.py --cases {row['cases']} --edits {row['edits']} --write-docs` ({dt.date.today().isoformat()}) starts
`caselaw serve` with {row['cases']:,} SYNTHETIC cases in {row['languages']} languages and edits one case after another:

| cases | edited case shown in every language (median) | worst | full rebuild (what `mkdocs serve` would run) | ratio |
|---|---|---|---|---|
| {row['cases']:,} | {row['median']:.2f} s | {row['worst']:.2f} s | {row['full']:.0f} s | {row['full'] / row['median']:.0f}x |

Of that time, serve's own work (re-reading the cases and stamping the edited case's pages) took
{row['work']:.2f} s (median); the rest is noticing the change (the file watcher polls every half
second) and fetching the page. The edited case's page is stamped again in every language; lists, statistics,
search and the pages of other cases follow when the full rebuild, running in the background, is
swapped in. Serve's first build took {row['first']:.0f} s.
"""
    text = page.read_text(encoding="utf-8")
    found = re.search(r"(?ms)^## Serve\n.*?(?=^## |\Z)", text)
    text = text[:found.start()] + section + ("\n" if found.end() < len(text) else "") + text[found.end():] if found \
        else text.rstrip("\n") + "\n\n" + section
    page.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=5000, help="number of SYNTHETIC cases (default 5000)")
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--pause", type=float, default=5.0, help="seconds between edits (default 5)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--write-docs", action="store_true", help="write the figures to docs/performance.md")
    args = parser.parse_args(argv)
    row = measure(args.cases, args.edits, args.pause, args.seed)
    if args.write_docs:
        write_docs(row)
    met = row["median"] < TARGET_SECONDS
    print(f"{row['cases']} cases: edited case shown in {row['languages']} languages in median {row['median']:.2f} s "
          f"(worst {row['worst']:.2f} s), {row['full'] / row['median']:.0f}x sooner than the full rebuild ({row['full']:.0f} s); "
          f"target < {TARGET_SECONDS:.0f} s: {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
