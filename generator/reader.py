"""Read one case file into a raw record, keeping the line of every field for errors.

Front matter is parsed with PyYAML's safe composer and converted by hand, so that
duplicate keys, anchors/aliases and odd tags are reported instead of silently
accepted, and so every value knows the line it came from. Dates stay text: the
validator checks them, which turns "2010-02-30" into a clear error, not a crash.
"""

from __future__ import annotations

import errno
import marshal
import os
import re
import stat
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problem

MAX_FILE_BYTES = 2_000_000
MAX_NODES = 20_000
MAX_DEPTH = 20
# Front matter this short (no anchors, no aliases) cannot nest deep enough to exhaust
# libyaml's recursive composer, nor hold more than a few thousand values: it is composed
# in C. Anything longer goes through the checked, event-by-event composer below.
_FAST_COMPOSE_BYTES = 8_192

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class RawRecord:
    """A parsed but not yet validated case file."""

    path: str
    data: dict[str, Any]
    body: str
    # The line of every field (FieldPath -> line), marshalled: read only to report a problem, and held
    # as a dict it would be some 10 KB a case (500 MB at 50,000) for the life of the build.
    packed_lines: bytes = b""
    body_line: int = 1

    def line_of(self, path: FieldPath) -> int:
        """The line of a field, or of its nearest parent that has one."""
        lines = _unpacked(self.packed_lines)
        for end in range(len(path), -1, -1):
            line = lines.get(tuple(path[:end]))
            if line:
                return line
        return 1


@lru_cache(maxsize=1)
def _unpacked(packed: bytes) -> dict[FieldPath, int]:
    """The lines of the record being reported on: a file with thousands of problems unpacks them once."""
    return marshal.loads(packed) if packed else {}


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
    """Read a case file from disk (see ``case_bytes``)."""
    name = display or str(path)
    return parse_case(case_bytes(path, name), name)


def case_bytes(path: Path, name: str) -> bytes:
    """The bytes of a case file; CaseFileError if it is not one.

    The file is opened without following a symbolic link and must be a regular file
    (not a folder, a pipe or a device, which could block the build for ever); at most
    ``MAX_FILE_BYTES`` are read, however large the file claims or grows to be.
    """
    try:
        if path.is_symlink():
            raise CaseFileError([Problem(name, None, "", "is a symbolic link; case files must be regular files.",
                                         "replace the link with the file itself", "symlink")])
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise CaseFileError([Problem(name, None, "", "is not a regular file (a folder, pipe or device).",
                                             "case files are ordinary Markdown files; rename or remove this one", "not-a-file")])
            raw = handle.read(MAX_FILE_BYTES + 1)
        if info.st_size > MAX_FILE_BYTES or len(raw) > MAX_FILE_BYTES:
            size = max(info.st_size, len(raw))
            raise CaseFileError([Problem(name, None, "", f"is {size:,} bytes; a case file may be at most {MAX_FILE_BYTES:,}.",
                                         "shorten the summary; link to the judgment instead of copying it", "too-large")])
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise CaseFileError([Problem(name, None, "", "is a symbolic link; case files must be regular files.",
                                         "replace the link with the file itself", "symlink")]) from None
        raise CaseFileError([Problem(name, None, "", f"cannot be read: {exc.strerror or exc}.",
                                     "check that the file exists and is readable", "unreadable")]) from None
    return raw


def parse_case(raw: bytes | str, path: str) -> RawRecord:
    """Parse the bytes of a case file: front matter between '---' lines, then Markdown."""
    text = _decode(raw, path) if isinstance(raw, bytes) else _encodable(raw, path)
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
    return RawRecord(path=path, data=data, body=body, packed_lines=marshal.dumps(positions), body_line=end + 2)


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


def _encodable(text: str, path: str) -> str:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        line = text.count("\n", 0, exc.start) + 1
        raise CaseFileError([Problem(path, line, "", f"contains a character that is not valid Unicode (offset {exc.start}).",
                                     "save the file as UTF-8 in your editor", "encoding")]) from None
    return text


def _load_yaml(text: str, path: str, offset: int) -> tuple[dict[str, Any], dict[FieldPath, int]]:
    loader = _Loader(text)
    try:
        simple = len(text) <= _FAST_COMPOSE_BYTES and "&" not in text and "*" not in text
        node = loader.get_single_node() if simple else _compose(loader, path, offset)
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
        if "nesting depth" in what:  # newer libyaml stops deep nesting itself
            raise CaseFileError([Problem(path, line, "", "front matter is nested too deeply.",
                                         "use the flat structure of the case record reference", "too-deep")]) from None
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


def _compose(loader: _Loader, path: str, offset: int) -> Node | None:
    """Build the node tree from parser events without recursion, refusing what case files never need.

    PyYAML's composer recurses once per level of nesting; libyaml's does so in C, where
    a few hundred thousand '[' crash the interpreter instead of raising an error. Here
    the depth, the number of values, anchors and aliases are checked event by event,
    before anything is built.
    """
    def fail(event: yaml.Event, message: str, hint: str, code: str) -> CaseFileError:
        line = (event.start_mark.line if event.start_mark else 0) + offset
        return CaseFileError([Problem(path, line, "", message, hint, code)])

    root: Node | None = None
    stack: list[Node] = []
    keys: list[Node | None] = []  # the pending key of each open mapping
    documents = count = 0
    while True:
        event = loader.get_event()
        if isinstance(event, yaml.StreamEndEvent):
            return root
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise fail(event, "front matter holds more than one YAML document.",
                           "the front matter ends at the first line of '---'; remove the extra '---' or '...' lines", "yaml")
            continue
        if isinstance(event, (yaml.StreamStartEvent, yaml.DocumentEndEvent)):
            continue
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise fail(event, "uses a YAML anchor (&name) or alias (*name); they are not allowed in case files.",
                       "write the value out in full", "alias")
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            done = stack.pop()
            keys.pop()
            done.end_mark = event.end_mark
            continue
        count += 1
        if count > MAX_NODES:
            raise fail(event, f"front matter has more than {MAX_NODES:,} values.", "shorten the front matter", "too-large")
        node: Node
        if isinstance(event, yaml.ScalarEvent):
            tag = event.tag if event.tag not in (None, "!") else loader.resolve(ScalarNode, event.value, event.implicit)
            node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
        else:
            if len(stack) >= MAX_DEPTH:
                raise fail(event, "front matter is nested too deeply.", "use the structure of the case record reference", "too-deep")
            kind = SequenceNode if isinstance(event, yaml.SequenceStartEvent) else MappingNode
            tag = event.tag if event.tag not in (None, "!") else loader.resolve(kind, None, event.implicit)
            node = kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
        if stack:
            parent = stack[-1]
            if isinstance(parent, SequenceNode):
                parent.value.append(node)
            elif keys[-1] is None:
                keys[-1] = node
            else:
                parent.value.append((keys[-1], node))
                keys[-1] = None
        else:
            root = node
        if isinstance(node, (SequenceNode, MappingNode)):
            stack.append(node)
            keys.append(None)


# Field names and codes ('first_instance', 'NGA', dates) recur in every case: interned, each is one object
# in a worker's results (pickle shares it) and the corpus holds half the memory (some 5 KB a case less).
_SHARED_LENGTH = 40


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
                key = sys.intern(key if isinstance(key, str) else str(key))
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
            value = self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError:
            raise self.fail(node, f"uses the YAML tag '{node.tag}', which is not allowed.", "remove the tag (the word starting with '!')", "tag") from None
        except ValueError as exc:
            raise self.fail(node, f"has a value YAML cannot read: {exc}.", _YAML_HINT, "yaml") from None
        if isinstance(value, str) and len(value) <= _SHARED_LENGTH and " " not in value:
            value = sys.intern(value)
        return value


def _kind(value: Any) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "true/false"}.get(type(value), type(value).__name__)
