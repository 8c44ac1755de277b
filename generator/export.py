"""Open data: every record as JSON or CSV, and CSV read back for round trips.

JSON keeps the front matter exactly, plus the Markdown ``body``. CSV is one row per
case for spreadsheets: nested fields become dotted columns (``victims.total``), lists
of terms are joined with "; ", and lists of objects (procedural history, charges,
sources) are JSON inside their cell. Empty lists and absent fields are both an empty
cell, the one thing a CSV round trip cannot tell apart.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from .corpus import Case
from .schema import load_schema, resolve

LIST_SEP = "; "


def record(case: Case) -> dict[str, Any]:
    """One case as open data: front-matter fields in schema order, then the body."""
    order = list(load_schema()["properties"])
    data = {k: case.data[k] for k in order if k in case.data}
    data["body"] = case.body
    return data


CHUNK = 1 << 16  # characters: the exports are written a piece at a time (at 50,000 cases each is some 350 MB)


def to_json(cases: Iterable[Case]) -> str:
    return "".join(json_chunks(cases))


def json_chunks(cases: Iterable[Case]) -> Iterator[str]:
    """The text of :func:`to_json` in pieces, one case's record made at a time: the same text as dumping the list."""
    pieces = ["["]
    size = 0
    for n, case in enumerate(cases):
        piece = json.dumps(record(case), ensure_ascii=False, separators=(",", ":"))
        pieces.append("," + piece if n else piece)
        size += len(piece)
        if size > CHUNK:
            yield "".join(pieces)
            pieces, size = [], 0
    pieces.append("]\n")
    yield "".join(pieces)


def _columns() -> list[tuple[str, dict[str, Any]]]:
    schema = load_schema()
    columns = []
    for key, node in schema["properties"].items():
        node = resolve(schema, node)
        if node.get("type") == "object":
            columns += [(f"{key}.{sub}", resolve(schema, subnode)) for sub, subnode in node["properties"].items()]
        else:
            columns.append((key, node))
    columns.append(("body", {"type": "string"}))
    return columns


def _is_scalar_list(node: dict[str, Any]) -> bool:
    return node.get("type") == "array" and node.get("items", {}).get("type") != "object"


def _cell(value: Any, node: dict[str, Any]) -> str:
    if value is None:
        return ""
    if _is_scalar_list(node):
        return LIST_SEP.join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False) if value else ""
    return str(value)


def to_csv(cases: Iterable[Case]) -> str:
    return "".join(csv_chunks(cases))


def csv_chunks(cases: Iterable[Case]) -> Iterator[str]:
    """The text of :func:`to_csv` in pieces, one case's row made at a time."""
    columns = _columns()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([name for name, _ in columns])
    for case in cases:
        data = record(case)
        row = []
        for name, node in columns:
            head, _, sub = name.partition(".")
            value = data.get(head)
            if sub:
                value = value.get(sub) if isinstance(value, dict) else None
            row.append(_cell(value, node))
        writer.writerow(row)
        if out.tell() > CHUNK:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def _parse(cell: str, node: dict[str, Any]) -> Any:
    kind = node.get("type")
    if _is_scalar_list(node):
        return cell.split(LIST_SEP)
    if kind == "array":
        return json.loads(cell)
    if kind == "integer":
        return int(cell)
    if kind == "number":
        return float(cell) if "." in cell else int(cell)
    if kind == "boolean":
        return cell == "true"
    return cell


def from_csv(text: str) -> list[dict[str, Any]]:
    """Records from CSV written by :func:`to_csv` (empty cells left out)."""
    columns = dict(_columns())
    records = []
    for row in csv.DictReader(io.StringIO(text)):
        data: dict[str, Any] = {}
        for name, cell in row.items():
            if cell == "" or name not in columns:
                continue
            head, _, sub = name.partition(".")
            value = _parse(cell, columns[name])
            if sub:
                data.setdefault(head, {})[sub] = value
            else:
                data[head] = value
        records.append(data)
    return records
