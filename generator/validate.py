"""Validation of raw records: one record at a time, then the corpus as a whole.

Structure comes from the JSON Schema (via jsonschema); vocabulary terms, dates,
people counts and names are checked here so every error can carry a precise fix.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

import jsonschema

from .privacy import allowed_words, find_names
from .problems import Problem
from .reader import RawRecord, first_text_line
from .sanitize import SAFE_SCHEMES, find_unsafe_urls, is_safe_url, url_scheme
from .schema import load_schema, walk
from .vocabularies import Vocabulary, load_vocabularies

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_FACTS = re.compile(r"^##\s+Facts\s*$", re.M)
_PY_TYPES = {str: "text", int: "a whole number", float: "a number", bool: "true or false",
             list: "a list", dict: "a set of fields", type(None): "nothing"}
_SCHEMA_TYPES = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
                 "array": "a list", "object": "a set of fields"}
# Free-text fields that never describe people: not checked for names.
_NOT_PROSE = {"id", "title", "citation", "court", "url", "case_number", "aliases", "statute", "keywords"}


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema())


def dotted(path: Iterable[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


Fields = list[tuple[tuple, dict[str, Any], Any]]  # (path, subschema, value) of every value of a record, as schema.walk gives them


def validate_record(record: RawRecord, today: dt.date) -> list[Problem]:
    """Every problem of one record; empty when it is valid."""
    fields = list(walk(record.data, load_schema()))  # once, for the checks below
    problems = list(_schema_problems(record))
    problems += _value_problems(record, fields, today)
    problems += _consistency_problems(record)
    problems += _body_problems(record)
    problems += _name_problems(record, fields)
    problems += _url_problems(record, fields)
    problems += _control_problems(record, fields)
    return [_readable(p) for p in problems]


_DEFAULT_HINT = "see docs/case-record.md (caselaw reference) for what this field holds"


def _readable(problem: Problem) -> Problem:
    """Every problem says how to fix it, in a message short enough to read."""
    if problem.hint and len(problem.message) <= 1000 and len(problem.hint) <= 1000:
        return problem
    return dataclasses.replace(problem, message=_short(problem.message, 1000), hint=_short(problem.hint or _DEFAULT_HINT, 1000))


def _problem(record: RawRecord, at: tuple, message: str, hint: str, code: str) -> Problem:
    return Problem(record.path, record.line_of(at), dotted(at), message, hint, code)


def _schema_problems(record: RawRecord) -> Iterator[Problem]:
    schema = load_schema()
    for error in _validator().iter_errors(record.data):
        at = tuple(error.absolute_path)
        kind = error.validator
        sub = error.schema if isinstance(error.schema, dict) else {}
        hint = sub.get("x-hint") or sub.get("description", "")
        if kind == "required":
            name = re.search(r"'([^']+)' is a required property", error.message)
            field = name.group(1) if name else "?"
            parent_schema = sub.get("properties", {}).get(field) or schema["properties"].get(field, {})
            why = " (required because landmark is true)" if field == "landmark_reason" else ""
            example = parent_schema.get("examples", [None])[0]
            fix = parent_schema.get("description", "")
            if example is not None:
                fix += f" Example: {field}: {example}"
            yield _problem(record, at, f"missing required field '{dotted((*at, field))}'{why}.", fix.strip(), "missing")
        elif kind == "additionalProperties":
            known = list(sub.get("properties", {}))
            for extra in sorted(set(error.instance) - set(known)):
                close = difflib.get_close_matches(extra, known, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"known fields here: {', '.join(known)}"
                yield _problem(record, (*at, extra), f"unknown field '{_short(dotted((*at, extra)))}'.", hint, "unknown-field")
        elif kind == "type":
            expected = _SCHEMA_TYPES.get(error.validator_value, str(error.validator_value))
            got = _PY_TYPES.get(type(error.instance), type(error.instance).__name__)
            fix = hint
            if expected == "text" and isinstance(error.instance, (int, float, bool)):
                fix = "put the value in quotes so YAML reads it as text"
            elif expected == "a list":
                fix = "write a list, e.g. [a, b], even for one item"
            yield _problem(record, at, f"expected {expected}, found {got} ({_short(repr(error.instance))}).", fix, "type")
        elif kind == "pattern":
            yield _problem(record, at, f"{_short(repr(error.instance))} is not in the expected form.", hint, "pattern")
        elif kind in ("minLength", "maxLength"):
            size = len(error.instance)
            bound = "at least" if kind == "minLength" else "at most"
            yield _problem(record, at, f"is {size} characters long; it must be {bound} {error.validator_value}.", hint, "length")
        elif kind == "minItems":
            yield _problem(record, at, f"needs at least {error.validator_value} item(s).", hint, "min-items")
        elif kind == "uniqueItems":
            dupes = sorted({repr(x) for x in error.instance if error.instance.count(x) > 1})
            yield _problem(record, at, f"lists the same item twice: {_short(', '.join(dupes))}.", "remove the repeated item", "duplicate-item")
        elif kind in ("minimum", "maximum"):
            word = "at least" if kind == "minimum" else "at most"
            yield _problem(record, at, f"is {error.instance}; it must be {word} {error.validator_value}.", hint, "range")
        elif kind in ("if", "then", "format"):
            continue
        else:
            yield _problem(record, at, _short(error.message, 300) + ".", hint, kind)


def _value_problems(record: RawRecord, fields: Fields, today: dt.date) -> Iterator[Problem]:
    vocabs = load_vocabularies()
    for at, node, value in fields:
        name = node.get("x-vocabulary")
        if name and isinstance(value, str):
            yield from _term_problem(record, at, value, vocabs[name])
        if node.get("format") == "date" and isinstance(value, str):
            yield from _date_problem(record, at, value, today)


def _term_problem(record: RawRecord, at: tuple, value: str, vocab: Vocabulary) -> Iterator[Problem]:
    if value in vocab:
        return
    close = vocab.suggest(value)
    if not close and value.upper() in vocab:
        close = [value.upper()]
    hint = f"did you mean '{close[0]}'?" if close else ""
    many = len(vocab.terms) > 30
    listing = f"see {vocab.source}" if many else "use one of: " + ", ".join(vocab)
    hint = f"{hint} {listing}".strip() if hint else listing
    yield _problem(record, at, f"'{_short(value)}' is not a term of the {vocab.label.lower()} vocabulary.", hint, "unknown-term")


def _date_problem(record: RawRecord, at: tuple, value: str, today: dt.date) -> Iterator[Problem]:
    if not _DATE.match(value):
        yield _problem(record, at, f"'{_short(value)}' is not a date in the form YYYY-MM-DD.", "write the date as YYYY-MM-DD, e.g. 2010-01-07", "date")
        return
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        yield _problem(record, at, f"'{value}' is not a real calendar date.", "check the day and month (e.g. there is no 30 February)", "date")
        return
    if day > today:
        yield _problem(record, at, f"{value} is in the future.", "use the date the decision was given, not a hearing still to come", "future-date")
    elif day.year < 1800:
        yield _problem(record, at, f"{value} is before 1800.", "check the year", "date")


def _consistency_problems(record: RawRecord) -> Iterator[Problem]:
    data = record.data
    for group in ("victims", "defendants"):
        people = data.get(group)
        if not isinstance(people, dict):
            continue
        total = people.get("total")
        parts = {k: people.get(k) for k in ("female", "male", "legal_persons") if isinstance(people.get(k), int)}
        if isinstance(total, int) and sum(parts.values()) > total:
            yield _problem(record, (group, "total"), f"total is {total} but {' + '.join(parts)} add up to {sum(parts.values())}.",
                           "make the total at least the sum of its parts, or leave out counts you are unsure of", "counts")
        children = people.get("children")
        if isinstance(total, int) and isinstance(children, int) and children > total:
            yield _problem(record, (group, "children"), f"{children} children but only {total} in total.",
                           "children are counted within the total", "counts")
        lo, hi = people.get("age_min"), people.get("age_max")
        if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
            yield _problem(record, (group, "age_min"), f"age_min {lo} is above age_max {hi}.", "swap the two ages", "counts")
    sources = data.get("sources")
    if isinstance(sources, list) and sources and not any(isinstance(s, dict) and s.get("official") is True for s in sources):
        yield _problem(record, ("sources",), "has no official source.",
                       "link the judgment on the court's own website or an official legal portal, with official: true", "no-official-source")
    decided, reviewed = data.get("decision_date"), data.get("last_reviewed")
    if isinstance(decided, str) and isinstance(reviewed, str) and _DATE.match(decided) and _DATE.match(reviewed) and reviewed < decided:
        yield _problem(record, ("last_reviewed",), f"{reviewed} is before the decision date {decided}.",
                       "set it to the day you checked the record against the judgment", "review-date")
    crimes = data.get("crime_types")
    if isinstance(crimes, list) and "trafficking_in_persons" in crimes and not data.get("purposes"):
        yield _problem(record, ("crime_types",), "is a trafficking case but names no purpose of exploitation.",
                       "add 'purposes', e.g. purposes: [forced_labour]", "missing-purpose")
    for key in ("related_cases", "cites"):
        if isinstance(data.get(key), list) and data.get("id") in data[key]:
            yield _problem(record, (key,), "refers to the case itself.", "remove the case's own id", "self-reference")


def _body_problems(record: RawRecord) -> Iterator[Problem]:
    match = _FACTS.search(record.body)
    if not match:
        yield Problem(record.path, first_text_line(record), "body", "has no '## Facts' section.",
                      "add a line '## Facts' followed by a summary of the facts", "no-facts")
        return
    rest = record.body[match.end():]
    following = re.split(r"^##\s", rest, maxsplit=1, flags=re.M)[0]
    if len(following.split()) < 20:
        line = record.body_line + record.body.count("\n", 0, match.start())
        yield Problem(record.path, line, "body", "the '## Facts' section has fewer than 20 words.",
                      "summarise the facts the judgment establishes in your own words", "short-facts")


def _name_problems(record: RawRecord, fields: Fields) -> Iterator[Problem]:
    data = record.data
    allowed = allowed_words(str(data.get("title", "")), str(data.get("citation", "")))
    texts: list[tuple[tuple, str, int | None]] = [(("body",), record.body, record.body_line)]
    for at, _node, value in fields:
        if isinstance(value, str) and at and not (set(map(str, at)) & _NOT_PROSE):
            texts.append((at, value, None))  # its line is looked up only for a problem
    for at, text, line in texts:
        for hit in find_names(text, allowed):
            line = record.line_of(at) if line is None else line
            yield Problem(record.path, line + hit.line_offset, dotted(at),
                          f"appears to name a person ('{hit.name}': {hit.reason}); victims and witnesses are named by initials only.",
                          "write initials (e.g. 'O.R.') or a role ('the victim', 'the second defendant')", "names-person")


# Fields whose value is an address, besides those the schema marks with a URI format.
_URL_KEYS = {"url", "href", "link", "uri"}
_UNSAFE_HINT = ("use an http:// or https:// address (mailto: and links within the site also work); "
                "scripts (javascript:), data: addresses and other schemes are never allowed")


def _scheme_said(url: str) -> str:
    scheme = url_scheme(url)
    return f"the '{scheme}:' scheme" if scheme else "a disguised scheme"


# Characters XML cannot carry (feeds would not parse) and terminals act on (escape sequences in CI logs).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _control_problems(record: RawRecord, fields: Fields) -> Iterator[Problem]:
    match = CONTROL_CHARACTERS.search(record.body)
    if match:
        yield Problem(record.path, record.body_line + record.body.count("\n", 0, match.start()), "body",
                      f"contains the control character U+{ord(match.group()):04X}, which cannot be published.",
                      "delete it (it is invisible in most editors; retype the words around it)", "control-character")
    for at, _node, value in fields:
        if isinstance(value, str) and at:
            match = CONTROL_CHARACTERS.search(value)
            if match:
                yield _problem(record, at, f"contains the control character U+{ord(match.group()):04X}, which cannot be published.",
                               "delete it; YAML escapes such as \\e or \\x1b are not text", "control-character")


def _url_problems(record: RawRecord, fields: Fields) -> Iterator[Problem]:
    """Addresses that could run script or leave the web: in the body, URL fields and free text."""
    for hit in find_unsafe_urls(record.body):
        yield Problem(record.path, record.body_line + hit.line_offset, "body",
                      f"has an unsafe address in {hit.context}: '{hit.shown}' ({_scheme_said(hit.url)}); "
                      f"only {', '.join(sorted(SAFE_SCHEMES))} and relative links are allowed.",
                      _UNSAFE_HINT, "unsafe-url")
    for at, node, value in fields:
        if not isinstance(value, str) or not at:
            continue
        if node.get("format") in ("uri", "uri-reference", "iri") or at[-1] in _URL_KEYS:
            if not is_safe_url(value):
                yield _problem(record, at, f"'{_short(value)}' is not a safe address ({_scheme_said(value)}).",
                               _UNSAFE_HINT, "unsafe-url")
            continue
        if at[0] == "aliases":
            yield from _alias_problems(record, at, value)
            continue
        for hit in find_unsafe_urls(value):
            yield Problem(record.path, record.line_of(at) + hit.line_offset, dotted(at),
                          f"contains an unsafe address in {hit.context}: '{hit.shown}' ({_scheme_said(hit.url)}).",
                          "remove it: " + _UNSAFE_HINT, "unsafe-url")
            break


def _alias_problems(record: RawRecord, at: tuple, alias: str) -> Iterator[Problem]:
    """An alias becomes a folder of the built site: no '.', '..' or empty segments that climb out of it."""
    parts = alias.strip("/").split("/")
    if "//" in alias or any(part in ("", ".", "..") for part in parts):
        yield _problem(record, at, f"'{_short(alias)}' has an empty, '.' or '..' segment; an alias is an old address of this "
                       "case on this site, written from the site root.", "write it like /cases/old-id/", "alias-path")


def _short(value: Any, limit: int = 80) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def validate_corpus(records: list[RawRecord]) -> list[Problem]:
    """Problems that need all records: unique ids, likely duplicates, references."""
    problems: list[Problem] = []
    by_id: dict[str, list[RawRecord]] = defaultdict(list)
    for record in records:
        if isinstance(record.data.get("id"), str):
            by_id[record.data["id"]].append(record)
    for case_id, same in by_id.items():
        for record in same[1:]:
            problems.append(_problem(record, ("id",), f"id '{_short(case_id)}' is already used by {same[0].path}.",
                                     "ids are unique and never reused; choose another id", "duplicate-id"))
    problems += _likely_duplicates(records)
    for record in records:
        for key in ("related_cases", "cites"):
            refs = record.data.get(key)
            if not isinstance(refs, list):
                continue
            for index, ref in enumerate(refs):
                if isinstance(ref, str) and ref not in by_id:
                    close = difflib.get_close_matches(ref, list(by_id), n=1)
                    hint = f"did you mean '{close[0]}'?" if close else "use the id of a case in cases/, or remove the reference"
                    problems.append(_problem(record, (key, index), f"refers to '{_short(ref)}', which is not a case in the database.",
                                             hint, "dangling-reference"))
    return problems


def _normal(text: Any) -> str:
    return " ".join(re.findall(r"\w+", str(text).lower()))


def _likely_duplicates(records: list[RawRecord]) -> list[Problem]:
    problems = []
    seen: dict[tuple, RawRecord] = {}
    for record in records:
        data = record.data
        keys = []
        if data.get("court") and data.get("case_number"):
            keys.append((("court", "case_number"), ("court", _normal(data["court"]), _normal(data["case_number"]))))
        if data.get("title") and data.get("decision_date"):
            keys.append((("title", "decision_date"), ("title", _normal(data["title"]), str(data["decision_date"]))))
        for fields, key in keys:
            other = seen.setdefault(key, record)
            if other is not record and other.data.get("id") != data.get("id"):
                problems.append(_problem(record, (fields[0],), f"looks like a duplicate of {other.path} (same {' and '.join(fields)}).",
                                         "if it is the same decision, merge the two files; if not, correct the field", "likely-duplicate"))
                break
    return problems
