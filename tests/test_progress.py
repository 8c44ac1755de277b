"""Progress lines: shown on a terminal with counts and time left, silent in CI and for small builds."""

from __future__ import annotations

import io

from generator.progress import Progress


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
