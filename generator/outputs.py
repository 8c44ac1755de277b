"""A file of the built site that is not a page: open data, feeds, redirects, search data, images."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class OutputFile:
    path: str
    content: str | bytes  # bytes for images (share cards)


def write_outputs(folder: Path, outputs: Iterable[OutputFile]) -> None:
    """Write files under ``folder`` at their paths."""
    for output in outputs:
        target = folder / output.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(output.content, bytes):
            target.write_bytes(output.content)
        else:
            target.write_text(output.content, encoding="utf-8")
