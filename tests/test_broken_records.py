"""A catalogue of broken case files, each rejected with the right file, line, field and message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.corpus import load
from tests.conftest import SYNTHETIC_CASE, TODAY, write_case


@dataclass(frozen=True)
class Broken:
    name: str
    make: Callable[[str], str | bytes]
    code: str
    field: str
    line_of: str | int | None  # text whose first line is expected, an exact line, or None (whole file)
    says: str


def sub(old: str, new: str) -> Callable[[str], str]:
    def make(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)
    return make


def drop(line: str) -> Callable[[str], str]:
    return sub(line + "\n", "")


CATALOGUE = [
    Broken("empty file", lambda t: "", "empty", "", None, "is empty"),
    Broken("only whitespace", lambda t: "  \n\n", "empty", "", None, "is empty"),
    Broken("no front matter", lambda t: t.split("---\n", 2)[2], "no-front-matter", "", 1, "first line must be '---'"),
    Broken("unclosed front matter", lambda t: t.replace("\n---\n\n## Facts", "\n\n## Facts"), "unclosed-front-matter", "", 1, "not closed"),
    Broken("empty front matter", lambda t: "---\n---\n\n## Facts\n", "empty-front-matter", "", 1, "front matter is empty"),
    Broken("front matter is a list", lambda t: "---\n- a\n- b\n---\n", "not-a-mapping", "", 2, "not a list"),
    Broken("bad YAML indentation", sub("  female: 2\n", "   female: 2\n"), "yaml", "", "   female: 2", "YAML syntax error"),
    Broken("unquoted colon in value", sub("court: Synthetic Test Court\n", "court: Court: of tests\n"), "yaml", "", "court: Court: of tests", "YAML syntax error"),
    Broken("tab indentation", sub("  female: 2", "\tfemale: 2"), "tab", "", "\tfemale: 2", "tab character"),
    Broken("non-UTF-8 bytes", lambda t: t.replace("well-paid", "well\xffpaid").encode("latin-1"), "encoding", "", "paid farm work", "not valid UTF-8"),
    Broken("duplicate key", sub("outcome: conviction\n", "outcome: conviction\noutcome: acquittal\n"), "duplicate-key", "", "outcome: acquittal", "appears twice"),
    Broken("YAML alias", sub("acts: [recruitment, harbouring]\nmeans: [deception]", "acts: &a [recruitment]\nmeans: *a"), "alias", "", "acts: &a", "anchor"),
    Broken("python tag", sub("court_level: first_instance", "court_level: !!python/name:os.system"), "tag", "", "court_level: !!python", "tag"),
    Broken("missing title", drop("title: Synthetic Test Case v. Nobody"), "missing", "", 1, "missing required field 'title'"),
    Broken("missing sources", lambda t: t.replace(t[t.index("sources:"):t.index("landmark:")], ""), "missing", "", 1, "'sources'"),
    Broken("missing landmark reason", sub("landmark: false", "landmark: true"), "missing", "", 1, "landmark_reason"),
    Broken("unknown field", sub("outcome: conviction\n", "outcome: conviction\nverdict_date: 2020-01-01\n"), "unknown-field", "verdict_date", "verdict_date:", "unknown field"),
    Broken("misspelt field suggests", sub("keywords:", "keywrods:"), "unknown-field", "keywrods", "keywrods:", "unknown field"),
    Broken("number where text expected", sub('case_number: "TEST-1"', "case_number: 12345"), "type", "case_number", "case_number: 12345", "expected text"),
    Broken("text where list expected", sub("languages: [en]", "languages: en"), "type", "languages", "languages: en", "expected a list"),
    Broken("text where number expected", sub("  total: 3", "  total: three"), "type", "victims.total", "  total: three", "expected a whole number"),
    Broken("negative count", sub("  total: 3", "  total: -3"), "range", "victims.total", "  total: -3", "at least 0"),
    Broken("unknown vocabulary term", sub("purposes: [forced_labour]", "purposes: [forced_labor]"), "unknown-term", "purposes[0]", "purposes:", "'forced_labor' is not a term"),
    Broken("label instead of key", sub("court_level: first_instance", "court_level: First instance"), "unknown-term", "court_level", "court_level:", "not a term"),
    Broken("unknown country", sub("country: GBR", "country: UK"), "unknown-term", "country", "country: UK", "'UK' is not a term"),
    Broken("unknown language", sub("languages: [en]", "languages: [english]"), "unknown-term", "languages[0]", "languages:", "not a term"),
    Broken("impossible date", sub("decision_date: 2020-06-01", "decision_date: 2020-02-30"), "date", "decision_date", "decision_date:", "not a real calendar date"),
    Broken("date in wrong form", sub("decision_date: 2020-06-01", "decision_date: 01/06/2020"), "date", "decision_date", "decision_date:", "YYYY-MM-DD"),
    Broken("future date", sub("decision_date: 2020-06-01", "decision_date: 2031-01-01"), "future-date", "decision_date", "decision_date:", "in the future"),
    Broken("review before decision", sub("last_reviewed: 2026-11-01", "last_reviewed: 2019-01-01"), "review-date", "last_reviewed", "last_reviewed:", "before the decision date"),
    Broken("http source", sub("url: https://example.org", "url: http://example.org"), "pattern", "sources[0].url", "  - url:", "not in the expected form"),
    Broken("javascript source", sub("url: https://example.org/synthetic-judgment", "url: javascript:alert(1)"), "pattern", "sources[0].url", "  - url:", "not in the expected form"),
    Broken("no official source", sub("official: true", "official: false"), "no-official-source", "sources", "sources:", "no official source"),
    Broken("bad id", sub("id: tst-2020-synthetic-one", "id: TST 2020 Synthetic"), "pattern", "id", "id:", "not in the expected form"),
    Broken("victim named in front matter initials", sub("initials: [A.B.]", "initials: [Anna Brown]"), "pattern", "victims.initials[0]", "initials:", "not in the expected form"),
    Broken("victim named in body", sub("A.B. gave\nevidence", "The victim, Anna Brown, gave\nevidence"), "names-person", "body", "The victim, Anna Brown", "named by initials only"),
    Broken("witness named with honorific", sub("A.B. gave\nevidence", "Ms Brown gave\nevidence"), "names-person", "body", "Ms Brown gave", "named by initials only"),
    Broken("victim named in summary", sub("summary: A synthetic record", "summary: The victim named Olga. A synthetic record"), "names-person", "summary", "summary:", "named by initials only"),
    Broken("counts do not add up", sub("  total: 3", "  total: 2"), "counts", "victims.total", "  total: 2", "add up to 3"),
    Broken("trafficking without purpose", drop("purposes: [forced_labour]"), "missing-purpose", "crime_types", "crime_types:", "no purpose"),
    Broken("no facts section", sub("## Facts", "## Background"), "no-facts", "body", "## Background", "no '## Facts' section"),
    Broken("summary too long", sub("summary: A synthetic record", "summary: " + "very " * 90 + "A synthetic record"), "length", "summary", "summary:", "at most 400"),
    Broken("duplicate list item", sub("acts: [recruitment, harbouring]", "acts: [recruitment, recruitment]"), "duplicate-item", "acts", "acts:", "same item twice"),
    Broken("refers to itself", sub("related_cases: []", "related_cases: [tst-2020-synthetic-one]"), "self-reference", "related_cases", "related_cases:", "refers to the case itself"),
    Broken("bad currency", sub("currency: GBP", "currency: POUNDS"), "unknown-term", "charges[0].sentence.fine.currency", "fine:", "not a term"),
]


def expected_line(text: str | bytes, locator: str | int | None) -> int | None:
    if locator is None or isinstance(locator, int):
        return locator
    body = text.decode("latin-1") if isinstance(text, bytes) else text
    for number, line in enumerate(body.split("\n"), start=1):
        if locator in line:
            return number
    raise AssertionError(f"locator {locator!r} not in text")


def test_catalogue_is_large_and_distinct():
    assert len(CATALOGUE) >= 30
    assert len({b.name for b in CATALOGUE}) == len(CATALOGUE)
    assert len({b.code for b in CATALOGUE}) >= 25


@pytest.mark.parametrize("broken", CATALOGUE, ids=lambda b: b.name)
def test_broken_record_is_rejected_precisely(broken: Broken, tmp_cases: Path):
    content = broken.make(SYNTHETIC_CASE)
    path = tmp_cases / "gbr" / "broken.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    corpus, problems = load([tmp_cases], today=TODAY, root=tmp_cases)
    assert len(corpus) == 0, "a broken record must not become a case"
    matching = [p for p in problems if p.code == broken.code]
    assert matching, f"expected a {broken.code!r} problem, got {[(p.code, p.message) for p in problems]}"
    problem = next((p for p in matching if broken.says in p.message), None)
    assert problem, f"no {broken.code} message containing {broken.says!r}: {[p.message for p in matching]}"
    assert problem.path == "gbr/broken.md"
    if broken.field:
        assert problem.field == broken.field
    assert problem.line == expected_line(content, broken.line_of)
    assert problem.hint, "every problem says how to fix it"


def test_valid_synthetic_record_passes(tmp_cases: Path):
    write_case(tmp_cases / "gbr", SYNTHETIC_CASE)
    corpus, problems = load([tmp_cases], today=TODAY)
    assert problems == []
    assert [c.id for c in corpus] == ["tst-2020-synthetic-one"]


def test_suggestions_name_the_right_term(tmp_cases: Path):
    text = SYNTHETIC_CASE.replace("purposes: [forced_labour]", "purposes: [forced labor]").replace("keywords:", "keywrods:")
    write_case(tmp_cases, text)
    _, problems = load([tmp_cases], today=TODAY)
    hints = {p.code: p.hint for p in problems}
    assert "did you mean 'forced_labour'" in hints["unknown-term"]
    assert "did you mean 'keywords'" in hints["unknown-field"]


def _second(case_id: str, **changes: str) -> str:
    text = SYNTHETIC_CASE.replace("tst-2020-synthetic-one", case_id)
    for old, new in changes.items():
        text = text.replace(old, new)
    return text


def test_duplicate_ids_name_both_files(tmp_cases: Path):
    write_case(tmp_cases, SYNTHETIC_CASE, "a.md")
    write_case(tmp_cases, SYNTHETIC_CASE.replace('"TEST-1"', '"TEST-2"').replace("Synthetic Test Case v. Nobody", "Other v. Nobody"), "b.md")
    _, problems = load([tmp_cases], today=TODAY, root=tmp_cases)
    dup = [p for p in problems if p.code == "duplicate-id"]
    assert len(dup) == 1 and dup[0].path == "b.md" and "a.md" in dup[0].message and dup[0].line == 2


def test_likely_duplicate_same_court_and_number(tmp_cases: Path):
    write_case(tmp_cases, SYNTHETIC_CASE, "a.md")
    write_case(tmp_cases, _second("tst-2020-other", **{"Synthetic Test Case v. Nobody": "Renamed v. Nobody"}), "b.md")
    _, problems = load([tmp_cases], today=TODAY, root=tmp_cases)
    assert [(p.code, p.path) for p in problems] == [("likely-duplicate", "b.md")]
    assert "court and case_number" in problems[0].message


def test_likely_duplicate_same_title_and_date(tmp_cases: Path):
    write_case(tmp_cases, SYNTHETIC_CASE, "a.md")
    write_case(tmp_cases, _second("tst-2020-other", **{'"TEST-1"': '"TEST-9"'}), "b.md")
    _, problems = load([tmp_cases], today=TODAY, root=tmp_cases)
    assert [(p.code, p.path) for p in problems] == [("likely-duplicate", "b.md")]
    assert "title and decision_date" in problems[0].message


def test_dangling_reference_suggests_close_id(tmp_cases: Path):
    write_case(tmp_cases, SYNTHETIC_CASE, "a.md")
    other = _second("tst-2021-other", **{'"TEST-1"': '"TEST-9"', "Synthetic Test Case": "Another", "cites: []": "cites: [tst-2020-synthetic-on, nowhere-1]"})
    write_case(tmp_cases, other, "b.md")
    _, problems = load([tmp_cases], today=TODAY, root=tmp_cases)
    dangling = sorted((p.field, p.hint) for p in problems if p.code == "dangling-reference")
    assert dangling[0] == ("cites[0]", "did you mean 'tst-2020-synthetic-one'?")
    assert dangling[1][0] == "cites[1]"


def test_symlink_is_rejected(tmp_cases: Path, tmp_path: Path):
    outside = write_case(tmp_path / "outside", SYNTHETIC_CASE)
    (tmp_cases / "link.md").symlink_to(outside)
    corpus, problems = load([tmp_cases], today=TODAY)
    assert len(corpus) == 0 and [p.code for p in problems] == ["symlink"]


def test_symlinked_folder_is_reported(tmp_cases: Path, tmp_path: Path):
    outside = write_case(tmp_path / "elsewhere" / "gbr", SYNTHETIC_CASE).parent
    (tmp_cases / "linked").symlink_to(outside, target_is_directory=True)
    corpus, problems = load([tmp_cases], today=TODAY, root=tmp_cases)
    assert len(corpus) == 0 and [(p.path, p.code) for p in problems] == [("linked", "symlink")]


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CASELAW_TODAY": TODAY.isoformat()}
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def test_cli_reports_every_error_of_every_file_without_traceback(tmp_path: Path):
    cases = tmp_path / "cases"
    for index, broken in enumerate(CATALOGUE):
        content = broken.make(SYNTHETIC_CASE)
        path = cases / f"b{index:02d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = run_cli("validate", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    reported = json.loads(result.stdout)
    files = {p["path"] for p in reported}
    assert files == {f"cases/b{i:02d}.md" for i in range(len(CATALOGUE))}

    human = run_cli("validate", cwd=tmp_path)
    assert human.returncode == 1 and "Traceback" not in human.stderr
    assert "cases/b22.md:" in human.stdout and "fix:" in human.stdout

    github = run_cli("validate", "--format", "github", cwd=tmp_path)
    assert github.returncode == 1
    assert all(line.startswith("::error file=cases/b") for line in github.stdout.splitlines())
    assert any(",line=" in line for line in github.stdout.splitlines())


def test_cases_read_by_workers_share_field_names_and_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """What keeps 50,000 cases within memory: every case's 'court_level', 'GBR', 'first_instance'... is one
    object, also when worker processes read the files, and a problem still finds its line."""
    import generator.corpus as corpus_module

    monkeypatch.setattr(corpus_module, "PARALLEL_FROM", 2)
    def case(n: int) -> str:
        return (SYNTHETIC_CASE.replace("tst-2020-synthetic-one", f"tst-2020-synthetic-{n}").replace('"TEST-1"', f'"TEST-{n}"')
                .replace("Synthetic Test Case v.", f"Synthetic Test Case {n} v."))

    for n in range(3):
        write_case(tmp_path, case(n), f"c{n}.md")
    write_case(tmp_path, case(9).replace("court_level: first_instance", "court_level: first_instanse"), "c9.md")
    corpus, problems = load([tmp_path], today=TODAY)
    first, second = corpus.cases[0], corpus.cases[1]
    assert len(corpus) == 3 and first.id != second.id
    for name in ("court_level", "country", "outcome"):
        assert next(k for k in first.data if k == name) is next(k for k in second.data if k == name)
        assert first[name] == second[name] and first[name] is second[name]
    assert first["victims"]["nationalities"][0] is second["victims"]["nationalities"][0]
    line = SYNTHETIC_CASE.splitlines().index("court_level: first_instance") + 1
    assert [(p.path.endswith("c9.md"), p.line, p.field, p.code) for p in problems] == [(True, line, "court_level", "unknown-term")]
