"""The case schema: the JSON Schema file shipped with the package, and views of it.

The schema names a vocabulary for each controlled field (``x-vocabulary``) instead of
copying its terms; :func:`published_schema` resolves those into ``enum`` lists for the
copy published with the site, so outside tools get a complete standard schema.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from .vocabularies import load_vocabularies

SCHEMA_PATH = Path(__file__).parent / "schema" / "case.schema.json"


@cache
def load_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def schema_version() -> str:
    return load_schema()["x-schema-version"]


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """Follow a local ``$ref`` (only ``#/$defs/...`` is used), keeping sibling keywords."""
    ref = node.get("$ref")
    if not ref:
        return node
    target = schema
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return {**target, **{k: v for k, v in node.items() if k != "$ref"}}


def walk(value: Any, node: dict[str, Any], at: tuple = ()) -> Iterator[tuple[tuple, dict[str, Any], Any]]:
    """Yield (path, subschema, value) for every value present in a record."""
    schema = load_schema()
    node = resolve(schema, node)
    yield at, node, value
    if isinstance(value, dict) and "properties" in node:
        for key, sub in node["properties"].items():
            if key in value:
                yield from walk(value[key], sub, (*at, key))
    elif isinstance(value, list) and "items" in node:
        for index, item in enumerate(value):
            yield from walk(item, node["items"], (*at, index))


def top_fields() -> list[str]:
    return list(load_schema()["properties"])


def published_schema() -> dict[str, Any]:
    """The schema with every vocabulary resolved into an ``enum``, for outside tools."""
    vocabs = load_vocabularies()
    out = copy.deepcopy(load_schema())

    def fill(node: Any) -> None:
        if isinstance(node, dict):
            name = node.get("x-vocabulary")
            if name:
                node["enum"] = list(vocabs[name])
            for value in node.values():
                fill(value)
        elif isinstance(node, list):
            for value in node:
                fill(value)

    fill(out)
    return out
