"""Progress of long builds: counts and time left on a terminal, silence in CI and in logs."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from typing import TextIO

MIN_TOTAL = 500  # below this a build is quick; no progress line


def _terminal(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("CI")


class Progress:
    """A single self-updating line: 'Reading cases: 1,200/5,000 (24%), about 9 s left'."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None, enabled: bool | None = None):
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = total >= MIN_TOTAL and _terminal(self.stream)
        self.enabled = enabled
        self.started = time.monotonic()
        self.shown = 0.0

    def line(self) -> str:
        elapsed = time.monotonic() - self.started
        percent = self.done * 100 // self.total if self.total else 100
        left = f", about {elapsed / self.done * (self.total - self.done):.0f} s left" if 0 < self.done < self.total else ""
        return f"{self.label}: {self.done:,}/{self.total:,} ({percent}%){left}"

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if self.enabled and (now - self.shown > 0.2 or self.done >= self.total):
            self.shown = now
            self.stream.write("\r\033[K" + self.line())
            self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write(f"\r\033[K{self.label}: {self.total:,} in {time.monotonic() - self.started:.1f} s\n")
            self.stream.flush()


@contextlib.contextmanager
def waiting(label: str, stream: TextIO | None = None) -> Iterator[None]:
    """'label…' on a terminal while the build waits for work done elsewhere (a language's search index, which
    can take minutes at 50,000 cases), then 'label: 12.3 s'; nothing in CI and in logs."""
    stream = stream or sys.stderr
    enabled = _terminal(stream)
    started = time.monotonic()
    if enabled:
        stream.write(f"\r\033[K{label}…")
        stream.flush()
    try:
        yield
    finally:
        if enabled:
            stream.write(f"\r\033[K{label}: {time.monotonic() - started:.1f} s\n")
            stream.flush()
