"""A few top-level front-matter fields of many case files, read fast and without validation.

``caselaw check-urls`` needs the id and aliases of every case, and ``caselaw preview``
needs every id and reference, while thousands of cases are present. Parsing and
validating every file (``corpus.load``) is the right tool for a build, not for these:
this reader picks out only the lines of the fields asked for and parses just those.
It never raises on a bad file; a file it cannot read gives an empty result, and the
validator reports it properly when the file itself is validated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .corpus import discover

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+|$)(.*)$")
_PLAIN = re.compile(r"^[A-Za-z0-9][\w./-]*$")
_FLOW = re.compile(r"^\[([\w./, -]*)\]$")
_CLOSE = ("---", "...")


@dataclass(frozen=True)
class Scanned:
    """The fields asked for, from one file (a field that is absent or unreadable is left out)."""

    path: Path
    fields: dict[str, Any]

    def get(self, key: str, default: Any = None) -> Any:
        return self.fields.get(key, default)

    def strings(self, key: str) -> list[str]:
        """A list field as a list of strings, whatever was written."""
        value = self.fields.get(key)
        if isinstance(value, list):
            return [str(v) for v in value if isinstance(v, (str, int))]
        return []


def front_matter_fields(text: str, keys: Iterable[str]) -> dict[str, Any]:
    """The top-level fields named in ``keys`` from the front matter of a case file's text."""
    wanted = set(keys)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    end = text.find("\n---", 3)  # only the front matter is split into lines, not the (longer) body
    lines = (text[: end + 4] if end > 0 else text).split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines[1:]:
        if line.rstrip() in _CLOSE:
            break
        first = line[:1]
        if first in (" ", "\t", "-", "") or first == "#":
            if current is not None:
                current.append(line)
            continue
        match = _KEY.match(line)
        if not match:
            current = None
            continue
        key = match.group(1)
        if key in wanted and key not in blocks:
            current = blocks[key] = [line]
        else:
            current = None
    return {key: value for key, block in blocks.items() if (value := _value(block)) is not _BAD}


_BAD = object()


def _value(block: list[str]) -> Any:
    if len(block) == 1 or not any(line.strip() and not line.lstrip().startswith("#") for line in block[1:]):
        # One line: the common forms by hand, anything else by YAML.
        raw = _KEY.match(block[0]).group(2).strip()  # type: ignore[union-attr]
        if _PLAIN.match(raw):
            return raw
        flow = _FLOW.match(raw)
        if flow:
            return [item.strip() for item in flow.group(1).split(",") if item.strip()]
    try:
        data = yaml.load("\n".join(block), Loader=_Loader)
    except yaml.YAMLError:
        return _BAD
    if not isinstance(data, dict) or len(data) != 1:
        return _BAD
    return next(iter(data.values()))


def scan(paths: Iterable[Path], keys: Iterable[str]) -> list[Scanned]:
    """The fields named in ``keys`` of every case file under ``paths`` (as ``caselaw validate`` finds them)."""
    keys = tuple(keys)
    out = []
    for path in discover(paths):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            out.append(Scanned(path, {}))
            continue
        out.append(Scanned(path, front_matter_fields(text, keys)))
    return out
