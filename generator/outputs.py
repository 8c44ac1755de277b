"""A file of the built site that is not a page: open data, feeds, redirects, search data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputFile:
    path: str
    content: str
