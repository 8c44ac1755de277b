"""``caselaw serve``: the site on a local address, rebuilt as files change, an edited case shown at once.

MkDocs' own ``serve`` rebuilds the whole site on every change: minutes for thousands of
cases in six languages. Here an edit to case files (the usual one) is a quick rebuild:
the edited cases' pages are stamped again in every language (quick.py) and browsers
reload; then a full build runs in a background process and is swapped in whole when
done (site_build.build_atomic), bringing lists, statistics, search and the other cases'
pages in step, and browsers reload again. A change to docs/, the theme or mkdocs.yml
rebuilds everything at once, as MkDocs does. A case with problems is reported and the
site stays as it was.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer, _serve_url

from ..corpus import load
from ..problems import render
from ..translations import load_case_translations, translation_problems
from . import quick
from .site_build import BuildFailed, _log_to_stderr, _sigterm_as_interrupt, build_atomic

log = logging.getLogger("mkdocs.caselaw")

QUICK_LIMIT = 25  # more changed cases than this (a branch switched) wait for the full rebuild


def _signature(paths: list[Path]) -> frozenset[tuple[str, int, int]]:
    """(path, mtime, size) of every file under ``paths``: the inputs whose change needs a full rebuild."""
    found = set()
    for path in paths:
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()] if path.is_dir() else []
        for file in files:
            stat = file.stat()
            found.add((str(file), stat.st_mtime_ns, stat.st_size))
    return frozenset(found)


class _Background:
    """One full build in a child process (its own process group, so stopping it stops its workers too)."""

    def __init__(self, command: list[str], done: Callable[[], None]) -> None:
        self.started = time.monotonic()
        self.stopped = False
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        start_new_session=True)
        self.thread = threading.Thread(target=self._wait, args=(done,), daemon=True)
        self.thread.start()

    def _wait(self, done: Callable[[], None]) -> None:
        output, _ = self.process.communicate()
        if self.stopped:
            return
        if self.process.returncode == 0:
            log.info(f"Full rebuild done in {time.monotonic() - self.started:.1f} s: lists, statistics and search are up to date")
            done()
        else:
            log.error(f"The full rebuild failed; the site shows the last good build and the quick updates.\n{output[-4000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.stopped = True
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
                self.process.wait(timeout=30)
            except ProcessLookupError:
                pass
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
        self.thread.join()


class Session:
    """The served site and what the last build saw; ``rebuild`` is called by the server on every change."""

    def __init__(self, config_file: Path, site_dir: Path, url: str) -> None:
        config = load_config(config_file=str(config_file))
        plugin = config.plugins["caselaw"]
        self.config_file, self.site_dir, self.url = config_file.resolve(), site_dir, url
        self.root = Path(config.config_file_path).parent
        self.cases_dir = self.root / plugin.config.cases_dir
        self.today = plugin.today()
        self.inputs = [config_file, Path(config.docs_dir)] + ([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])
        self.signature = _signature(self.inputs)
        self.background: _Background | None = None
        self.server: _Server | None = None
        self.corpus, _ = load([self.cases_dir], today=self.today, root=self.root)
        self.translations = load_case_translations([self.cases_dir])

    def full(self) -> None:
        """Build everything now (the first build, and after a change to docs/, the theme or mkdocs.yml)."""
        self.stop_background()
        self.signature = _signature(self.inputs)
        started = time.monotonic()
        gc.unfreeze()
        build_atomic(self.config_file, self.site_dir, strict=False, check_links=False, site_url=self.url)
        self.corpus, _ = load([self.cases_dir], today=self.today, root=self.root)  # read by the build: from the cache
        self.translations = load_case_translations([self.cases_dir])
        # What serve keeps (cases, each language's renderer) is millions of objects that the collector would go
        # through again and again during each quick rebuild (0.2 s at 5,000 cases): set them aside.
        gc.collect()
        gc.freeze()
        log.info(f"Site built in {time.monotonic() - started:.1f} s")

    def rebuild(self) -> None:
        if _signature(self.inputs) != self.signature:
            try:
                self.full()
            except BuildFailed as exc:
                log.error(f"The build failed; the site is unchanged.\n{exc}")
            return
        self.quick()

    def quick(self) -> None:
        """The edited cases' pages now, everything else in the background."""
        started = time.monotonic()
        corpus, problems = load([self.cases_dir], today=self.today, root=self.root)
        problems += translation_problems(self.cases_dir, corpus)
        if problems:
            log.error(f"{len(problems)} problem(s) in the cases; the site is unchanged.\n" + render(problems, "human"))
            return
        translations = load_case_translations([self.cases_dir])
        changed = quick.changed_cases(self.corpus, corpus, self.translations, translations)
        removed = self.corpus.by_id.keys() - corpus.by_id.keys()
        if not changed and not removed:
            return  # nothing readers see has changed (or a background build has just been swapped in)
        self.stop_background()
        if len(changed) <= QUICK_LIMIT:
            urls = quick.render_cases(self.site_dir, corpus, translations, changed)
            log.info(f"{len(urls)} page(s) of {len(changed)} edited case(s) updated in {time.monotonic() - started:.2f} s; "
                     "the full rebuild runs in the background")
        self.corpus, self.translations = corpus, translations
        command = [sys.executable, "-m", __name__, str(self.config_file), str(self.site_dir), self.url]
        self.background = _Background(command, self._replaced)

    def stop_background(self) -> None:
        if self.background is not None:
            self.background.stop()
            self.background = None

    def _replaced(self) -> None:
        """The background build is in place: the server's rebuild finds nothing more to do and reloads browsers."""
        if self.server is not None:
            self.server.changed()


class _Server(LiveReloadServer):
    def changed(self) -> None:
        """As if a watched file changed (the same lock and flag as the file watcher's callback)."""
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()


def serve(config_file: Path, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Build, serve with live reload, rebuild on every change until Ctrl+C. Raises BuildFailed if the first build fails."""
    _log_to_stderr(False)  # MkDocs' warnings; our lines and the server's, but not each language build's:
    for name in (log.name, "mkdocs.livereload"):
        logging.getLogger(name).setLevel(logging.INFO)
    quick.keep = True
    config = load_config(config_file=str(config_file))
    mount_path = urlsplit(config.site_url or "/").path
    folder = Path(tempfile.mkdtemp(prefix="caselaw-serve-"))
    site_dir = folder / "site"
    session = Session(config_file, site_dir, _serve_url(host, port, mount_path))
    with _sigterm_as_interrupt(), _removed(folder, session):
        session.full()
        server = _Server(builder=session.rebuild, host=host, port=port, root=str(site_dir), mount_path=mount_path)
        session.server = server

        def error_page(code: int) -> bytes | None:
            page = site_dir / f"{code}.html"
            return page.read_bytes() if code in (404, 500) and page.is_file() else None

        server.error_handler = error_page
        for path in [*session.inputs, session.cases_dir]:
            server.watch(str(path))
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()


@contextlib.contextmanager
def _removed(folder: Path, session: Session) -> Iterator[None]:
    """Stop the background build and remove the served site, however serve ends (Ctrl+C, SIGTERM, a failed build)."""
    try:
        yield
    finally:
        session.stop_background()
        shutil.rmtree(folder, ignore_errors=True)


def _background_build(argv: list[str]) -> int:
    """The full rebuild serve runs in a child process: ``python -m generator.mkdocs_plugin.serve CONFIG SITE URL``."""
    config_file, site_dir, url = argv
    _log_to_stderr(False)
    with contextlib.suppress(OSError, AttributeError):
        os.nice(10)  # below serve itself (and its workers with it): the next quick rebuild must not wait for the CPU
    try:
        build_atomic(Path(config_file), Path(site_dir), strict=False, check_links=False, site_url=url)
    except BuildFailed as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_background_build(sys.argv[1:]))
