"""A file of the built site that is not a page: open data, feeds, redirects, search data, images."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputFile:
    path: str
    content: str | bytes  # bytes for images (share cards)
