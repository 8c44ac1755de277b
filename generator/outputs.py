"""A file of the built site that is not a page: open data, feeds, redirects, search data, images."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class OutputFile:
    path: str
    content: str | bytes  # bytes for images (share cards)


@dataclass(frozen=True)
class LaterFile:
    """A file whose content is made when it is read, by ``make``.

    The data and citation files of every case, the exports and the share images are made
    one by one by the process that writes them (see the plugin's on_files), never all
    held by the build: at 50,000 cases they are gigabytes.
    """

    path: str
    make: Callable[[], str | bytes | Iterator[str]]  # an iterator: the text in pieces, written as they come

    @property
    def content(self) -> str | bytes | Iterator[str]:
        return self.make()


Output = OutputFile | LaterFile


def write_outputs(folder: Path, outputs: Iterable[Output]) -> None:
    """Write files under ``folder`` at their paths."""
    made: set[Path] = set()  # folders made or found: asking again costs a system call per file
    for output in outputs:
        target = folder / output.path
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        content = output.content
        if isinstance(content, bytes):
            target.write_bytes(content)
        elif isinstance(content, str):
            target.write_text(content, encoding="utf-8")
        else:
            with target.open("w", encoding="utf-8") as out:
                out.writelines(content)


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
