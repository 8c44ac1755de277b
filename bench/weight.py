"""What a reader's browser downloads: a case page's first visit, then a second case page.

Builds the starter corpus (or uses a built site), serves it on 127.0.0.1 as a careful host
would (content-hashed assets cacheable for a year, pages revalidated; tests/readers.py),
and in headless Chromium counts the bytes a gzip-serving host sends (level 6, as
bench/search.py does), file by file. Search is not loaded on a case page, so it is not
counted. The target (issue 6): at most 70 KB (70,000 bytes) for the first visit, and only
the page's HTML for the next one.

    python bench/weight.py                  # build the starter corpus into a temporary folder
    python bench/weight.py --site site      # a site built already (caselaw build)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser import chromium  # noqa: E402 - after the path set-up
from tests.readers import PHONE, caching_server, measure_weight  # noqa: E402

BUDGET = 70_000


def _build(folder: Path) -> Path:
    project = folder / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("docs", "theme", "cases"):
        shutil.copytree(ROOT / name, project / name)
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build", "-d", "out"], cwd=project, capture_output=True, text=True,
                            env={"NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"})
    if result.returncode:
        raise SystemExit(result.stderr)
    return project / "out"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the starter corpus)")
    parser.add_argument("--case", default="cases/ecthr-2010-rantsev/", help="the case page visited first")
    parser.add_argument("--then", default="cases/gbr-2021-bani/", help="the case page visited next")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or _build(Path(tmp))
        with caching_server(site) as server, chromium() as browser:
            results = {name: measure_weight(browser, server, args.case, args.then, viewport)
                       for name, viewport in (("desktop", None), ("phone", PHONE))}
    failed = False
    for name, weight in results.items():
        print(f"\n{name}: first visit of /{args.case}")
        for path, size in sorted(weight.first.items(), key=lambda item: -item[1]):
            print(f"  {size:>7,} B  {path}")
        ok = weight.first_total <= BUDGET
        print(f"  {weight.first_total:>7,} B  total gzip ({weight.first_total / 1000:.1f} KB; budget {BUDGET / 1000:.0f} KB: {'ok' if ok else 'OVER'})")
        repeat_ok = list(weight.repeat) == ["/" + args.then]
        print(f"{name}: then /{args.then}: {weight.repeat_total:,} B gzip from {len(weight.repeat)} file(s)"
              f" ({'only its HTML' if repeat_ok else 'MORE THAN ITS HTML: ' + ', '.join(weight.repeat)})")
        failed |= not ok or not repeat_ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
