"""Search cost in a real browser: this project's sharded Lunr search, Pagefind and Material.

For each corpus size it generates a SYNTHETIC corpus at run time (bench/synthetic.py),
builds the site, and in headless Chromium on loopback measures, cold (a fresh browser
context, nothing cached):

- this site: gzip bytes downloaded for search from opening the search page to the first
  results of a query typed into the search box, the time from the last keystroke to the
  results, a warm query (the same query submitted again with everything in memory: the
  median of 7; its matches are cached, as when a reader changes a filter, the sort or the
  page) and a new query whose index parts are already downloaded (its first word alone);
- Pagefind (`pip install 'pagefind[bin]'`) over the same case pages: bytes downloaded to
  answer the same query and load its first 20 results;
- Material for MkDocs' built-in search over the same cases as ordinary pages: the bytes
  of its index and the time from opening a page to its first results.

Targets (issue 4): at 2,500 cases at most 400 KB gzip and first results within 300 ms;
at 10,000 at most 3x Pagefind's bytes; a warm query within 10 ms.

    python bench/search.py                    # 2,500 and 10,000 cases
    python bench/search.py --cases 2500 --query "forced labour"
"""

from __future__ import annotations

import argparse
import gzip
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import plain_material  # noqa: E402 - after the path set-up
from bench.synthetic import make_project  # noqa: E402
from tests.browser import chromium, serve  # noqa: E402

READY = "#cl-search[aria-busy=false][data-rendered-query]"


def _wire_bytes(site: Path, urls: list[str], base: str) -> int:
    """Bytes a gzip-serving host would send for these URLs (pre-compressed files as they are)."""
    total = 0
    for url in dict.fromkeys(urls):
        if not url.startswith(base):
            continue
        path = site / unquote(urlsplit(url).path).lstrip("/")
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            continue
        body = path.read_bytes()
        total += len(body) if body[:2] == b"\x1f\x8b" else len(gzip.compress(body, 6))
    return total


def _build(project: Path) -> tuple[Path, float]:
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build", "-d", "out"], cwd=project,
                            capture_output=True, text=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    if result.returncode:
        raise SystemExit(result.stderr)
    return project / "out", time.perf_counter() - started


def measure_ours(browser, site: Path, query: str) -> dict[str, float]:
    with serve(site) as base:
        context = browser.new_context()
        page = context.new_page()
        urls: list[str] = []
        page.on("request", lambda r: urls.append(r.url))
        page.goto(base + "search/")
        page.wait_for_selector(READY)
        page.click("#cl-q")
        page.keyboard.type(query, delay=30)
        typed = time.perf_counter()
        page.wait_for_selector(f'#cl-search[data-rendered-query="{query}"]', timeout=60_000)
        first = (time.perf_counter() - typed) * 1000
        search_urls = [u for u in urls if "/search/" in u]
        cold_bytes = _wire_bytes(site, search_urls, base)
        # Warm: the same query again with everything in memory; the median of 7 runs.
        done = len(page.evaluate("window.caselawSearch.timings"))
        for run in range(7):
            page.press("#cl-q", "Enter")
            page.wait_for_function(f"() => window.caselawSearch.timings.length > {done + run}")
            page.wait_for_timeout(100)
        warm = statistics.median(t["ms"] for t in page.evaluate("window.caselawSearch.timings")[done:])
        # A new query whose words are already downloaded (no cached matches): its first word alone.
        other = query.split()[0]
        done = len(page.evaluate("window.caselawSearch.timings"))
        page.fill("#cl-q", other)
        page.press("#cl-q", "Enter")
        page.wait_for_function(f"() => window.caselawSearch.timings.length > {done} && "
                               f"window.caselawSearch.timings[window.caselawSearch.timings.length - 1].query === {other!r}")
        fresh = page.evaluate("window.caselawSearch.timings")[-1]["ms"]
        results = page.inner_text("#cl-status")
        context.close()
    return {"bytes": cold_bytes, "first_ms": first, "warm_ms": warm, "fresh_ms": fresh, "fresh_query": other, "results": results}


PAGEFIND_PAGE = """<!doctype html><meta charset="utf-8"><title>pagefind bench</title>
<script type="module">
const started = performance.now();
const pagefind = await import("./pagefind/pagefind.js");
await pagefind.init();
const search = await pagefind.search(QUERY);
const data = await Promise.all(search.results.slice(0, 20).map(r => r.data()));
window.done = {ms: performance.now() - started, results: search.results.length, shown: data.length};
</script>"""


def measure_pagefind(browser, site: Path, query: str) -> dict[str, float]:
    result = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--glob", "cases/**/*.html"],
                            capture_output=True, text=True)
    if result.returncode:
        raise SystemExit("pagefind failed: " + result.stderr[-2000:])
    import json

    (site / "pagefind-bench.html").write_text(PAGEFIND_PAGE.replace("QUERY", json.dumps(query)))
    with serve(site) as base:
        context = browser.new_context()
        page = context.new_page()
        urls: list[str] = []
        page.on("request", lambda r: urls.append(r.url))
        page.goto(base + "pagefind-bench.html")
        page.wait_for_function("() => window.done", timeout=60_000)
        done = page.evaluate("window.done")
        context.close()
    return {"bytes": _wire_bytes(site, [u for u in urls if "/pagefind/" in u], base), "ms": done["ms"], "results": done["results"]}


def measure_material(browser, project: Path, folder: Path, query: str) -> dict[str, float]:
    """The same cases as ordinary Material pages (out of the nav), with Material's search."""
    site, build_s = plain_material.build(plain_material.write_project(project / "cases", folder / "material"))
    with serve(site) as base:
        context = browser.new_context()
        page = context.new_page()
        urls: list[str] = []
        page.on("request", lambda r: urls.append(r.url))
        opened = time.perf_counter()
        page.goto(base)
        page.fill(".md-search__input", query)  # the header's search field, shown at desktop width
        page.wait_for_selector(".md-search-result__item", timeout=120_000)
        ms = (time.perf_counter() - opened) * 1000
        context.close()
    return {"bytes": _wire_bytes(site, [u for u in urls if "/search/" in u], base), "ms": ms, "build_s": build_s}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, nargs="+", default=[2500, 10000])
    parser.add_argument("--query", default="forced labour")
    parser.add_argument("--skip-material", action="store_true", help="Material's search is slow at 10,000 cases")
    args = parser.parse_args(argv)
    rows = []
    with chromium() as browser:
        for n in args.cases:
            with tempfile.TemporaryDirectory(prefix=f"search-bench-{n}-") as tmp:
                project = make_project(Path(tmp), n)
                site, build_s = _build(project)
                ours = measure_ours(browser, site, args.query)
                pagefind = measure_pagefind(browser, site, args.query)
                kb = lambda b: f"{b / 1024:.0f} KB"  # noqa: E731
                print(f"\n{n:,} SYNTHETIC cases, query {args.query!r} (site built in {build_s:.1f} s)")
                print(f"  this site  : {kb(ours['bytes'])} gzip for the first query, first results {ours['first_ms']:.0f} ms "
                      f"after the last keystroke, warm query {ours['warm_ms']:.1f} ms ({ours['results']}); "
                      f"a new query on downloaded data ({ours['fresh_query']!r}) {ours['fresh_ms']:.1f} ms")
                print(f"  Pagefind   : {kb(pagefind['bytes'])} gzip for the same query, {pagefind['ms']:.0f} ms ({pagefind['results']} results)",
                      flush=True)
                material = None if args.skip_material else measure_material(browser, project, Path(tmp), args.query)
                rows.append((n, build_s, ours, pagefind, material))
                if material:
                    print(f"  Material   : {kb(material['bytes'])} gzip (its whole index), first results {material['ms']:.0f} ms after opening a page")
                ratio = ours["bytes"] / pagefind["bytes"] if pagefind["bytes"] else float("inf")
                print(f"  ratio      : {ratio:.2f}x Pagefind's bytes")
    print()
    for n, _build_s, ours, pagefind, _material in rows:
        ratio = ours["bytes"] / pagefind["bytes"]
        verdicts = [f"{n} cases: {ours['bytes'] / 1024:.0f} KB gzip, {ours['first_ms']:.0f} ms first results, "
                    f"{ours['warm_ms']:.1f} ms warm, {ratio:.2f}x Pagefind"]
        print(" ".join(verdicts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
