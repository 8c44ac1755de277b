"""Fuzzing the loader and validator: every input ends as a valid record or a clear Problem.

Hypothesis throws generated case files at ``reader.parse_case``/``read_case``,
``validate_record`` and ``validate_corpus``: random bytes, non-UTF-8, BOM, CRLF, tabs,
empty front matter, huge bodies, deep nesting, duplicate keys, YAML anchor bombs,
unknown fields, odd file names and symbolic links. Nothing may raise anything but
``CaseFileError``, run past a time limit (a real SIGALRM, so a hang fails instead of
stalling the suite) or allocate without bound (tracemalloc on the bomb cases).

The example counts add up to FUZZ_TOTAL (at least 10,000); the whole module runs in
well under a minute on two cores.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import string
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.corpus import load
from generator.problems import Problem
from generator.reader import CaseFileError, RawRecord, parse_case, read_case
from generator.validate import validate_corpus, validate_record
from tests.conftest import SYNTHETIC_CASE, TODAY

NAME = "cases/gbr/fuzz.md"
SECONDS_PER_EXAMPLE = 5
EXAMPLES = {
    "random_bytes": 2500,
    "random_text": 1500,
    "yaml_alphabet": 2000,
    "mutations": 2000,
    "encodings": 84,  # every combination
    "structured": 800,
    "field_values": 800,
    "corpus": 600,
    "resource_bombs": 40,
    "files_on_disk": 300,
}
FUZZ_TOTAL = sum(EXAMPLES.values())
RAN: dict[str, int] = dict.fromkeys(EXAMPLES, 0)  # examples actually run, checked at the end


def fuzz_settings(name: str, **extra: object) -> settings:
    return settings(max_examples=EXAMPLES[name], deadline=None, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                                           HealthCheck.function_scoped_fixture, HealthCheck.large_base_example],
                    **extra)


class TooSlow(Exception):
    """An example ran past its time limit: a hang, or work that grows faster than the input."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise TooSlow(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def assert_clear(problem: Problem, path: str = NAME, lines: int | None = None) -> None:
    """A problem a contributor can act on: where, what, how to fix; short; printable in every format."""
    assert isinstance(problem, Problem)
    assert problem.path == path
    assert isinstance(problem.message, str) and problem.message.strip(), problem
    assert isinstance(problem.hint, str) and problem.hint.strip(), f"no fix given: {problem}"
    assert problem.code and isinstance(problem.field, str)
    assert len(problem.message) <= 1000 and len(problem.hint) <= 1000, f"unreadably long: {problem.message[:200]}"
    assert problem.line is None or (isinstance(problem.line, int) and problem.line >= 1)
    if lines is not None and problem.line is not None:
        assert problem.line <= lines + 1, (problem.line, lines, problem)
    problem.human()
    assert "\n" not in problem.github()


def ran(name: str) -> None:
    RAN[name] += 1


def outcome(raw: bytes | str, path: str = NAME) -> RawRecord | None:
    """Parse and validate; return the record when it is valid, None when it was rejected clearly."""
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    lines = text.count("\n") + text.count("\r") + 1
    with time_limit(SECONDS_PER_EXAMPLE):
        try:
            record = parse_case(raw, path)
        except CaseFileError as exc:
            assert exc.problems
            for problem in exc.problems:
                assert_clear(problem, path, lines)
            return None
        problems = validate_record(record, TODAY)
    assert isinstance(record.data, dict) and isinstance(record.body, str)
    for problem in problems:
        assert_clear(problem, path, lines)
    return None if problems else record


# --- the whole file at random ----------------------------------------------------------------------

@fuzz_settings("random_bytes")
@given(st.one_of(st.binary(max_size=600), st.binary(max_size=300).map(lambda b: b"---\n" + b + b"\n---\n## Facts\n")))
def test_random_bytes(raw):
    ran("random_bytes")
    assert outcome(raw) is None


@fuzz_settings("random_text")
@given(st.text(max_size=600).map(lambda t: "---\n" + t + "\n---\n" + t))
def test_random_text_between_fences(text):
    ran("random_text")
    outcome(text)


YAML_ALPHABET = st.sampled_from([*"-:[]{},&*!|>'\"%@`#?~ \t\n\r\\", "\ufeff", "\x00", "\x85", "\u2028", "é", "😀", "<<",
                                 "title", "id", "yes", "null", "0x1F", "1e400", "---", "...", "!!python/object:os.system", "!!binary"])


@fuzz_settings("yaml_alphabet")
@given(st.lists(YAML_ALPHABET, max_size=120).map("".join))
def test_yaml_significant_characters(front):
    ran("yaml_alphabet")
    outcome("---\n" + front + "\n---\n\n## Facts\n\nx\n")


# --- the synthetic case, damaged ---------------------------------------------------------------------

LINES = SYNTHETIC_CASE.split("\n")


@st.composite
def mutated(draw: st.DrawFn) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "insert", "replace", "indent", "swap", "truncate", "unknown"]))
        at = draw(st.integers(0, len(lines) - 1)) if lines else 0
        if not lines:
            lines = [""]
        if op == "delete":
            del lines[at]
        elif op == "duplicate":  # a repeated key, or a repeated list item
            lines.insert(at, lines[at])
        elif op == "insert":
            lines.insert(at, draw(st.text(max_size=60)))
        elif op == "replace":
            line = lines[at]
            if line:
                i = draw(st.integers(0, len(line) - 1))
                lines[at] = line[:i] + draw(st.text(max_size=8)) + line[i + 1:]
        elif op == "indent":
            lines[at] = draw(st.sampled_from(["\t", " ", "   ", "\t "])) + lines[at]
        elif op == "swap":
            other = draw(st.integers(0, len(lines) - 1))
            lines[at], lines[other] = lines[other], lines[at]
        elif op == "truncate":
            lines = lines[:at]
        else:
            key = draw(st.text(string.ascii_letters + "_ -.$<>", min_size=1, max_size=20))
            lines.insert(1, f"{key}: {draw(st.text(max_size=30))!r}")
    return "\n".join(lines)


@fuzz_settings("mutations")
@given(mutated())
def test_damaged_synthetic_case(text):
    ran("mutations")
    outcome(text)


@fuzz_settings("encodings")
@given(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252", "utf-32"]),
       st.sampled_from(["\n", "\r\n", "\r"]), st.booleans(), st.booleans())
def test_encodings_boms_and_line_endings(encoding, newline, tabs, bom):
    ran("encodings")
    text = SYNTHETIC_CASE.replace("well-paid", "bien payé €").replace("\n", newline)
    if tabs:
        text = text.replace("  ", "\t", 1)
    raw = text.encode(encoding, "replace")
    if bom:
        raw = b"\xef\xbb\xbf" + raw
    record = outcome(raw)
    if encoding in ("utf-8", "utf-8-sig") and not tabs and not (bom and encoding == "utf-8-sig"):
        assert record is not None, "a UTF-8 file, with or without a BOM, with any line ending, is valid"
        assert "bien payé €" in record.body and "\r" not in record.body


# --- front matter built from the schema's field names --------------------------------------------------

FIELDS = ["id", "title", "citation", "summary", "aliases", "country", "court", "court_level", "case_number", "decision_date",
          "legal_system", "languages", "crime_types", "outcome", "procedural_history", "victims", "defendants", "charges",
          "acts", "means", "purposes", "form", "sectors", "themes", "keywords", "countries_involved", "sources",
          "landmark", "landmark_reason", "related_cases", "cites", "last_reviewed", "total", "url", "official",
          "unknown_field", "<script>", "ünïcödé", ""]
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**30), 10**30), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40), st.sampled_from(["2020-02-30", "2020-06-01", "2099-01-01", "GBR", "forced_labour", "https://example.org",
                                           "javascript:alert(1)", "A.B.", "tst-2020-x", "0x10", "1_000", ".inf", "~"]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(st.sampled_from(FIELDS), inner, max_size=5)), max_leaves=15)


@fuzz_settings("structured")
@given(st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=12), st.text(max_size=200))
def test_structured_front_matter(data, body):
    ran("structured")
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    outcome(f"---\n{front}---\n{body}")


VALID = yaml.safe_load(SYNTHETIC_CASE.split("---\n")[1])


@fuzz_settings("field_values")
@given(st.sampled_from(sorted(VALID)), VALUES, st.text(max_size=300))
def test_one_field_replaced(field, value, body):
    ran("field_values")
    data = {**VALID, field: value}
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    outcome(f"---\n{front}---\n\n## Facts\n\n{body}\n")


# --- the corpus -------------------------------------------------------------------------------------------

@fuzz_settings("corpus")
@given(st.lists(st.tuples(st.sampled_from(["tst-a", "tst-b", "tst-c", "tst-2020-synthetic-one", 7, None]),
                          st.lists(st.sampled_from(["tst-a", "tst-b", "nowhere", 3, None, ""]), max_size=3),
                          st.sampled_from(["Same v. Same", "Other", None]), st.sampled_from(["2020-06-01", "2021", None])),
                max_size=8))
def test_corpus_checks(specs):
    ran("corpus")
    records = []
    for index, (case_id, refs, title, date) in enumerate(specs):
        data = {k: v for k, v in {"id": case_id, "cites": refs, "related_cases": refs[:1], "title": title,
                                  "decision_date": date, "court": "C", "case_number": "1"}.items() if v is not None}
        records.append(RawRecord(f"cases/{index}.md", data, ""))
    with time_limit(SECONDS_PER_EXAMPLE):
        problems = validate_corpus(records)
    for problem in problems:
        assert_clear(problem, problem.path)
        assert problem.path in {r.path for r in records}


# --- resource exhaustion ---------------------------------------------------------------------------------

def billion_laughs(levels: int, width: int) -> str:
    lines = ['a: &a ["lol"]']
    for level in range(1, levels):
        refs = ", ".join([f"*{chr(96 + level)}"] * width)
        lines.append(f"{chr(97 + level)}: &{chr(97 + level)} [{refs}]")
    return "\n".join(lines)


BOMBS = st.one_of(
    st.builds(billion_laughs, st.integers(2, 12), st.integers(2, 10)),
    st.integers(10, 200_000).map(lambda n: "x: " + "[" * n + "]" * n),                     # deep flow nesting
    st.integers(10, 200_000).map(lambda n: "x: " + "{a: " * n + "}" * n),
    st.integers(10, 400_000).map(lambda n: "x:\n" + "".join(" " * i + "- \n" for i in range(min(n, 1500)))),  # deep blocks
    st.integers(10, 400_000).map(lambda n: "x: " + "- " * min(n, 100_000)),
    st.integers(1000, 300_000).map(lambda n: "x: [" + "a," * n + "]"),                     # many values
    st.integers(1000, 60_000).map(lambda n: "\n".join(f"k{i}: {i}" for i in range(n))),    # many keys
    st.integers(1000, 1_900_000).map(lambda n: "title: " + "A" * n),                         # one huge value
    st.integers(100, 5000).map(lambda n: "x: " + "1" * n),                                   # a huge integer
    st.integers(1000, 1_900_000).map(lambda n: "id: " + "a" * n + "!"),                      # pattern on a huge value
    st.integers(1000, 50_000).map(lambda n: "title: x\n" + "title: y\n" * n),                # duplicate keys
)


def _kib(field: str) -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


@contextlib.contextmanager
def peak_growth() -> Iterator[list[int]]:
    """Bytes the process grew by at its peak during the block: Linux's resettable high-water mark
    (cheap, counts C allocations too), or tracemalloc where that is not available."""
    out: list[int] = []
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")  # reset VmHWM to the current resident size
        before = _kib("VmRSS")
    except OSError:
        tracemalloc.start()
        try:
            yield out
            out.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
        return
    yield out
    out.append((_kib("VmHWM") - before) * 1024)


@fuzz_settings("resource_bombs")
@given(BOMBS, st.sampled_from(["", "## Facts\n" + "Victim named Aa Bb, the victim. " * 20_000, "[x](" * 100_000,
                               "<a href=" * 100_000, "javascript:" * 50_000, "&#106;" * 100_000]))
def test_bombs_end_quickly_in_bounded_memory(front, body):
    ran("resource_bombs")
    raw = f"---\n{front}\n---\n{body}"
    assume(len(raw.encode()) <= 2_000_000)
    with peak_growth() as peak:
        outcome(raw)
    assert peak[0] < 300 * 2**20, f"grew by {peak[0] / 2**20:.0f} MiB for a {len(raw):,}-character file"


def test_billion_laughs_is_refused_at_the_anchor():
    with pytest.raises(CaseFileError) as caught:
        parse_case("---\n" + billion_laughs(12, 10) + "\n---\n", NAME)
    assert [p.code for p in caught.value.problems] == ["alias"] and caught.value.problems[0].line == 2


def test_deep_nesting_does_not_crash_the_interpreter():
    # libyaml's composer recurses in C: this used to end the process with a segfault.
    with pytest.raises(CaseFileError) as caught:
        parse_case("---\nx: " + "[" * 500_000 + "]" * 500_000 + "\n---\n", NAME)
    assert [p.code for p in caught.value.problems] == ["too-deep"]


# --- files on disk ----------------------------------------------------------------------------------------

FILE_NAMES = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=40)


@fuzz_settings("files_on_disk")
@given(name=FILE_NAMES, kind=st.sampled_from(["file", "symlink-out", "symlink-in", "dangling", "dir", "fifo", "empty", "unreadable"]),
       content=st.sampled_from([SYNTHETIC_CASE.encode(), b"", b"\xff\xfe", b"---\n---\n"]))
def test_files_on_disk(tmp_path_factory, name, kind, content):
    ran("files_on_disk")
    assume(name not in (".", "..") and len(name.encode()) < 200)
    root = tmp_path_factory.mktemp("fuzzfs")
    cases, outside = root / "cases", root / "outside.md"
    (cases / "sub dir é").mkdir(parents=True)
    outside.write_bytes(SYNTHETIC_CASE.encode())
    target = cases / "sub dir é" / (name + ".md")
    if kind == "file":
        target.write_bytes(content)
    elif kind == "symlink-out":
        target.symlink_to(outside)
    elif kind == "symlink-in":
        (cases / "real.md").write_bytes(content)
        target.symlink_to(cases / "real.md")
    elif kind == "dangling":
        target.symlink_to(root / "nowhere.md")
    elif kind == "dir":
        target.mkdir()
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "empty":
        target.write_bytes(b"")
    else:
        target.write_bytes(content)
        target.chmod(0)
    with time_limit(SECONDS_PER_EXAMPLE):
        direct = None
        try:
            direct = read_case(target, "shown.md")
        except CaseFileError as exc:
            for problem in exc.problems:
                assert_clear(problem, "shown.md")
        corpus, problems = load([cases], today=TODAY, root=root)
    for problem in problems:
        assert_clear(problem, problem.path)
    if kind.startswith("symlink") or kind == "dangling":
        assert direct is None, "a symbolic link is never read as a case"
        assert all(c.path != str(target.relative_to(root)) for c in corpus)
    if kind in ("dir", "fifo"):
        assert direct is None


def test_symlinked_folder_pointing_outside_is_not_followed(tmp_path: Path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text(SYNTHETIC_CASE)
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "linked").symlink_to(outside, target_is_directory=True)
    corpus, problems = load([cases], today=TODAY, root=tmp_path)
    assert len(corpus) == 0 and all("secret" not in p.path for p in problems)


def test_the_budget_is_at_least_ten_thousand_examples():
    assert FUZZ_TOTAL >= 10_000
    if all(RAN.values()):  # the whole module ran (not a -k selection): count what actually ran
        print(f"fuzz examples run: {sum(RAN.values()):,} {RAN}")
        assert sum(RAN.values()) >= 10_000, RAN


def test_today_is_pinned():
    assert dt.date(2026, 11, 29) == TODAY
