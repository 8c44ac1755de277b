"""Read one case file into a raw record, keeping the line of every field for errors.

Front matter is parsed with PyYAML's safe composer and converted by hand, so that
duplicate keys, anchors/aliases and odd tags are reported instead of silently
accepted, and so every value knows the line it came from. Dates stay text: the
validator checks them, which turns "2010-02-30" into a clear error, not a crash.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problem

MAX_FILE_BYTES = 2_000_000
MAX_NODES = 20_000
MAX_DEPTH = 20

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class RawRecord:
    """A parsed but not yet validated case file."""

    path: str
    data: dict[str, Any]
    body: str
    lines: Mapping[FieldPath, int] = field(default_factory=dict)
    body_line: int = 1

    def line_of(self, path: FieldPath) -> int:
        """The line of a field, or of its nearest parent that has one."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line:
                return line
        return 1


class CaseFileError(Exception):
    """A file that could not be read into a record at all."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


# libyaml's parser when PyYAML has it: ten times faster than the pure-Python one.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader that leaves timestamps as text."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_YAML_HINT = (
    "check the indentation and quoting near this line; a value that contains ': ' "
    "or starts with a special character ([ { * & ! | > ' \" % @ `) needs quotes"
)


def read_case(path: Path, display: str | None = None) -> RawRecord:
    """Read a case file from disk."""
    name = display or str(path)
    try:
        if path.is_symlink():
            raise CaseFileError([Problem(name, None, "", "is a symbolic link; case files must be regular files.",
                                         "replace the link with the file itself", "symlink")])
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise CaseFileError([Problem(name, None, "", f"is {size:,} bytes; a case file may be at most {MAX_FILE_BYTES:,}.",
                                         "shorten the summary; link to the judgment instead of copying it", "too-large")])
        raw = path.read_bytes()
    except OSError as exc:
        raise CaseFileError([Problem(name, None, "", f"cannot be read: {exc.strerror or exc}.",
                                     "check that the file exists and is readable", "unreadable")]) from None
    return parse_case(raw, name)


def parse_case(raw: bytes | str, path: str) -> RawRecord:
    """Parse the bytes of a case file: front matter between '---' lines, then Markdown."""
    text = _decode(raw, path) if isinstance(raw, bytes) else raw
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise CaseFileError([Problem(path, None, "", "is empty.", "start from 'caselaw new', which writes every field", "empty")])
    lines = text.split("\n")
    if not _FENCE.match(lines[0]):
        raise CaseFileError([Problem(path, 1, "", "does not start with front matter: the first line must be '---'.",
                                     "put the metadata between two lines of '---' at the top of the file", "no-front-matter")])
    end = next((i for i in range(1, len(lines)) if _CLOSE.match(lines[i])), None)
    if end is None:
        raise CaseFileError([Problem(path, 1, "", "front matter is not closed: no second '---' line.",
                                     "add a line '---' after the last metadata field", "unclosed-front-matter")])
    problems = [
        Problem(path, i + 1, "", "contains a tab character in the front matter indentation.",
                "YAML indentation must use spaces; replace each tab with spaces", "tab")
        for i in range(1, end) if "\t" in lines[i][: len(lines[i]) - len(lines[i].lstrip(" \t"))]
    ]
    if problems:
        raise CaseFileError(problems)
    front = "\n".join(lines[1:end])
    data, positions = _load_yaml(front, path, offset=2)
    body = "\n".join(lines[end + 1:])
    return RawRecord(path=path, data=data, body=body, lines=positions, body_line=end + 2)


def first_text_line(record: RawRecord) -> int:
    """The line of the first non-blank line of the body (or the line after the front matter)."""
    for index, line in enumerate(record.body.split("\n")):
        if line.strip():
            return record.body_line + index
    return record.body_line


def _decode(raw: bytes, path: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise CaseFileError([Problem(path, line, "", f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}).",
                                     "save the file as UTF-8 in your editor", "encoding")]) from None


def _load_yaml(text: str, path: str, offset: int) -> tuple[dict[str, Any], dict[FieldPath, int]]:
    loader = _Loader(text)
    try:
        _refuse_anchors(text, path, offset)
        node = loader.get_single_node()
        if node is None:
            raise CaseFileError([Problem(path, offset - 1, "", "front matter is empty.",
                                         "add the metadata fields; 'caselaw new' writes them all", "empty-front-matter")])
        positions: dict[FieldPath, int] = {}
        converter = _Converter(loader, path, offset, positions)
        data = converter.convert(node, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + offset if mark else offset
        what = exc.problem or exc.context or "invalid YAML"
        raise CaseFileError([Problem(path, line, "", f"YAML syntax error: {what}.", _YAML_HINT, "yaml")]) from None
    except yaml.YAMLError as exc:
        raise CaseFileError([Problem(path, offset, "", f"YAML error: {exc}.", _YAML_HINT, "yaml")]) from None
    except RecursionError:
        raise CaseFileError([Problem(path, offset, "", "front matter is nested too deeply.",
                                     "use the flat structure of the case record reference", "too-deep")]) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise CaseFileError([Problem(path, offset, "", f"front matter must be a set of 'field: value' lines, not a {_kind(data)}.",
                                     "write one 'field: value' per line", "not-a-mapping")])
    return data, positions


def _refuse_anchors(text: str, path: str, offset: int) -> None:
    """Anchors and aliases can multiply a small file into a huge one; case files never need them."""
    if "&" not in text and "*" not in text:
        return
    for token in yaml.scan(text, Loader=_Loader):
        if isinstance(token, (yaml.AnchorToken, yaml.AliasToken)):
            raise CaseFileError([Problem(path, token.start_mark.line + offset, "",
                                         "uses a YAML anchor (&name) or alias (*name); they are not allowed in case files.",
                                         "write the value out in full", "alias")])


class _Converter:
    """Turns composed YAML nodes into Python values, recording lines and refusing tricks."""

    def __init__(self, loader: _Loader, path: str, offset: int, positions: dict[FieldPath, int]):
        self.loader, self.path, self.offset, self.positions = loader, path, offset, positions
        self.seen: set[int] = set()

    def fail(self, node: Node, message: str, hint: str, code: str) -> CaseFileError:
        return CaseFileError([Problem(self.path, node.start_mark.line + self.offset, "", message, hint, code)])

    def convert(self, node: Node, at: FieldPath) -> Any:
        if id(node) in self.seen:
            raise self.fail(node, "uses a YAML alias (*name); anchors and aliases are not allowed in case files.",
                            "write the value out in full", "alias")
        self.seen.add(id(node))
        if len(self.seen) > MAX_NODES:
            raise self.fail(node, f"front matter has more than {MAX_NODES:,} values.", "shorten the front matter", "too-large")
        if len(at) > MAX_DEPTH:
            raise self.fail(node, "front matter is nested too deeply.", "use the structure of the case record reference", "too-deep")
        if isinstance(node, MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    raise self.fail(key_node, "has a field name that is not plain text.", "write field names as plain words", "bad-key")
                key = self.loader.construct_object(key_node)
                if key == "<<":
                    raise self.fail(key_node, "uses a YAML merge key (<<); it is not allowed in case files.",
                                    "write the fields out in full", "merge-key")
                if not isinstance(key, str):
                    key = str(key)
                if key in out:
                    first = self.positions.get((*at, key))
                    raise self.fail(key_node, f"field '{'.'.join(map(str, (*at, key)))}' appears twice"
                                    + (f" (first on line {first})." if first else "."),
                                    "keep one of the two and delete the other", "duplicate-key")
                self.positions[(*at, key)] = key_node.start_mark.line + self.offset
                out[key] = self.convert(value_node, (*at, key))
            return out
        if isinstance(node, SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.positions[(*at, index)] = item.start_mark.line + self.offset
                items.append(self.convert(item, (*at, index)))
            return items
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            raise self.fail(node, f"uses the YAML tag '{node.tag}', which is not allowed.", "remove the tag (the word starting with '!')", "tag") from None
        except ValueError as exc:
            raise self.fail(node, f"has a value YAML cannot read: {exc}.", _YAML_HINT, "yaml") from None


def _kind(value: Any) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "true/false"}.get(type(value), type(value).__name__)
