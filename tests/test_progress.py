"""Progress lines: shown on a terminal with counts and time left, silent in CI and for small builds."""

from __future__ import annotations

import concurrent.futures
import io
import re
import sys
import threading

from generator import progress
from generator.linkcheck import check_site
from generator.progress import Progress
from generator.search_jobs import PendingSearch


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_counts_and_finishes(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    out = FakeTerminal()
    progress = Progress("Reading cases", 1000, stream=out)
    for _ in range(1000):
        progress.advance()
    progress.finish()
    text = out.getvalue()
    assert "Reading cases: 1,000/1,000 (100%)" in text
    assert text.endswith("s\n") and "Reading cases: 1,000 in " in text


def test_progress_shows_time_left_midway(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    progress = Progress("Writing pages", 1000, stream=FakeTerminal())
    progress.advance(250)
    assert progress.line().startswith("Writing pages: 250/1,000 (25%), about ")


def test_progress_is_silent_in_ci_on_pipes_and_for_small_builds(monkeypatch):
    monkeypatch.setenv("CI", "true")
    ci = FakeTerminal()
    Progress("x", 5000, stream=ci).advance(10)
    assert ci.getvalue() == ""
    monkeypatch.delenv("CI")
    pipe = io.StringIO()
    Progress("x", 5000, stream=pipe).advance(10)
    assert pipe.getvalue() == ""
    small = FakeTerminal()
    Progress("x", 20, stream=small).advance(10)
    assert small.getvalue() == ""


def test_a_wait_for_a_search_index_is_shown_on_a_terminal_only(monkeypatch):
    """At 50,000 cases the build waits minutes for some languages' search indexes: say so, then how long."""
    monkeypatch.delenv("CI", raising=False)
    out = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", out)
    future: concurrent.futures.Future = concurrent.futures.Future()
    threading.Timer(0.2, future.set_result, [({"n": 1}, "search/search.js")]).start()
    assert PendingSearch(future, "es").wait() == ({"n": 1}, "search/search.js")
    assert "Waiting for the search index (es)…" in out.getvalue()
    assert re.search(r"Waiting for the search index \(es\): 0\.[2-9] s\n$", out.getvalue())
    shown = out.getvalue()
    PendingSearch(future, "es").wait()  # done already: nothing more
    assert out.getvalue() == shown
    monkeypatch.setenv("CI", "true")
    late: concurrent.futures.Future = concurrent.futures.Future()
    threading.Timer(0.05, late.set_result, [({}, "")]).start()
    PendingSearch(late, "fr").wait()
    assert out.getvalue() == shown


def test_the_link_check_shows_its_progress(monkeypatch, tmp_path):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(progress, "MIN_TOTAL", 1)
    out = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", out)
    for name in ("index.html", "a/index.html", "b/index.html"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text('<a href="../a/">a</a>', encoding="utf-8")
    check_site(tmp_path)
    assert "Checking links: 3/3 (100%)" in out.getvalue() and "Checking links: 3 in " in out.getvalue()
