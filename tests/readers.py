"""Helpers for the reader tests (tests/test_reader_*.py): the site as readers meet it.

- ``caching_server``: serves a built site on 127.0.0.1 as a careful host would: assets
  whose names carry a content hash are cacheable for a year, everything else must be
  revalidated (ETag/Last-Modified, 304). It logs every request it answers, so a test
  sees what really crossed the wire, cache hits excluded.
- ``PAGES``: one page of every kind, for the walks, axe, the privacy and CSP checks and
  the screenshots.
- ``Recorder``: every request, console message, CSP violation and page error of a page.
- ``axe``: axe-core (npm, installed into tools/ by make test) run inside a page.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from tests.conftest import ROOT

TOOLS = ROOT / "tools" / "node_modules"
AXE = TOOLS / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}

# One page of every kind: (name, URL relative to the site root).
PAGES = [
    ("home", ""),
    ("countries", "countries/"),
    ("country", "countries/gbr/"),
    ("term-overview", "themes/"),
    ("term", "themes/debt-bondage/"),
    ("year", "years/2010/"),
    ("landmarks", "landmarks/"),
    ("case", "cases/ecthr-2010-rantsev/"),
    ("search", "search/?q=forced+labour&country=ECTHR"),
    ("statistics", "statistics/"),
    ("about", "about/"),
    ("data", "data/"),
    ("offline", "offline/"),
    ("case-record", "case-record/"),
]
SEARCH_READY = "#cl-search[aria-busy=false][data-rendered-query]"

# Material's and the theme's content-hashed names: bundle.a5f9d56c.min.js, caselaw.1fc2064d28.css,
# search shards index-24810d6edd/...
HASHED = re.compile(r"[.-][0-9a-f]{8,}(?:[./]|$)")


class _Handler(SimpleHTTPRequestHandler):
    log: list[str]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_response(self, code: int, message: str | None = None) -> None:
        super().send_response(code, message)
        self.log.append(f"{code} {urlsplit(self.path).path}")

    def end_headers(self) -> None:
        path = urlsplit(self.path).path
        if HASHED.search(path):
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        else:
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()


@dataclass
class Server:
    base: str
    site: Path
    log: list[str]

    def served(self) -> list[str]:
        """Paths answered with a body (200) since the log was last cleared."""
        return [entry.split(" ", 1)[1] for entry in self.log if entry.startswith("200 ")]

    def wire_bytes(self, paths: list[str]) -> int:
        """What a gzip-serving host sends for these paths: like bench/search.py's _wire_bytes."""
        return sum(gzip_size(self.site, p) for p in paths)


def gzip_size(site: Path, path: str) -> int:
    file = site / unquote(path).lstrip("/")
    if file.is_dir():
        file = file / "index.html"
    body = file.read_bytes()
    return len(body) if body[:2] == b"\x1f\x8b" else len(gzip.compress(body, 6, mtime=0))


@contextlib.contextmanager
def caching_server(site: Path) -> Iterator[Server]:
    log: list[str] = []
    handler = functools.partial(type("Handler", (_Handler,), {"log": log}), directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{server.server_address[1]}/", site, log)
    finally:
        server.shutdown()
        server.server_close()


CSP_LISTENER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", e => window.__csp.push(
  e.violatedDirective + " " + e.blockedURI + " " + (e.sourceFile || "") + ":" + e.lineNumber));
"""


@dataclass
class Recorder:
    """Everything a page did that a reader's privacy or the CSP cares about."""

    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @classmethod
    def attach(cls, context: Any) -> Recorder:
        rec = cls()
        context.add_init_script(CSP_LISTENER)
        context.on("request", lambda r: rec.requests.append(r.url))
        context.on("page", lambda p: rec._watch(p))
        for page in context.pages:
            rec._watch(page)
        return rec

    def _watch(self, page: Any) -> None:
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))


def csp_violations(page: Any, recorder: Recorder) -> list[str]:
    found = list(page.evaluate("window.__csp || []"))
    found += [m for m in recorder.console if "Content Security Policy" in m or "Content-Security-Policy" in m]
    return found


def run_axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now (injected without a <script>, so the CSP holds)."""
    assert AXE.is_file(), "axe-core is missing: sh scripts/install-node-tools.sh (make test runs it)"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;void 0")
    return page.evaluate("""tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
        .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + n.failureSummary)})))""", WCAG_TAGS)


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in violations)


def open_page(page: Any, base: str, url: str) -> None:
    """Open a page and wait until it is still: loaded, search answered, Material's transitions (the tabs fade in) over."""
    page.goto(base + url)
    if url.startswith("search/"):
        page.wait_for_selector(SEARCH_READY, timeout=20_000)
    page.wait_for_load_state("load")
    settle(page)


def settle(page: Any) -> None:
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)))")


@dataclass
class Weight:
    """What one reader's browser downloads: a first visit, then a second page of the same kind."""

    first: dict[str, int]  # path -> gzip bytes
    repeat: dict[str, int]
    repeat_log: list[str]

    @property
    def first_total(self) -> int:
        return sum(self.first.values())

    @property
    def repeat_total(self) -> int:
        return sum(self.repeat.values())


def measure_weight(browser: Any, server: Server, first_url: str, second_url: str, viewport: dict | None = None) -> Weight:
    """Load ``first_url`` in a fresh browser (nothing cached), then ``second_url``, counting what the server sent.

    Headless Chromium does not ask for the favicon; a reader's browser does, once: it is
    counted with the first visit.
    """
    context = browser.new_context(**(viewport or DESKTOP))
    page = context.new_page()
    server.log.clear()
    open_page(page, server.base, first_url)
    page.wait_for_load_state("networkidle")
    first = server.served()
    favicon = page.eval_on_selector("link[rel=icon]", "e => new URL(e.href).pathname")
    if favicon not in first:
        first.append(favicon)
    server.log.clear()
    open_page(page, server.base, second_url)
    page.wait_for_load_state("networkidle")
    repeat_log = list(server.log)
    repeat = server.served()
    context.close()
    return Weight({p: gzip_size(server.site, p) for p in first}, {p: gzip_size(server.site, p) for p in repeat}, repeat_log)
