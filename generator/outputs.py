"""A file of the built site that is not a page: open data, feeds, redirects, search data, images."""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class OutputFile:
    path: str
    content: str | bytes  # bytes for images (share cards)


def write_outputs(folder: Path, outputs: Iterable[OutputFile]) -> None:
    """Write files under ``folder`` at their paths."""
    made: set[Path] = set()  # folders made or found: asking again costs a system call per file
    for output in outputs:
        target = folder / output.path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        if isinstance(output.content, bytes):
            target.write_bytes(output.content)
        else:
            target.write_text(output.content, encoding="utf-8")


def move_into(source: Path, target: Path, skip: Collection[str] = ()) -> None:
    """Move what ``source`` holds into the folder ``target``, except the names in ``skip``.

    A folder that ``target`` lacks moves whole, with one rename; a file that ``target``
    already has stays as it is there (the copy in ``source`` is left behind).
    """
    for entry in os.scandir(source):
        if entry.name in skip:
            continue
        dest = target / entry.name
        if not os.path.lexists(dest):
            os.rename(entry.path, dest)
        elif entry.is_dir(follow_symlinks=False) and dest.is_dir():
            move_into(Path(entry.path), dest)
