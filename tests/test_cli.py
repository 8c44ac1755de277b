"""The caselaw command: new, reference, schema, usage errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from generator.corpus import load
from generator.reference import render_reference
from generator.schema import load_schema
from generator.vocabularies import load_vocabularies
from tests.conftest import ROOT, TODAY
from tests.test_broken_records import run_cli

NEW = ["new", "--title", "Synthetic v. Test", "--country", "GBR", "--court", "Synthetic Court",
       "--court-level", "appeal", "--date", "2019-05-04", "--crime-type", "smuggling_of_migrants", "--no-input"]


def test_new_writes_every_field_at_the_right_path(tmp_path):
    result = run_cli(*NEW, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    path = tmp_path / "cases" / "gbr" / "gbr-2019-synthetic-v-test.md"
    assert result.stdout.strip() == "cases/gbr/gbr-2019-synthetic-v-test.md"
    text = path.read_text()
    for field in load_schema()["properties"]:
        assert f"{field}:" in text, field
    assert "One or more of: recruitment, transportation" in text
    _, problems = load([tmp_path / "cases"], today=TODAY)
    codes = {p.field: p.code for p in problems}
    # Only the fields left for the contributor are reported.
    assert set(codes) <= {"citation", "summary", "languages", "outcome", "sources[0].url", "body"}
    assert "country" not in codes and "decision_date" not in codes


def test_new_refuses_bad_values_with_suggestions(tmp_path):
    result = run_cli("new", "--title", "X v Y", "--country", "gbr", "--court", "C", "--court-level", "apeal",
                     "--date", "2019-02-30", "--crime-type", "trafficking", "--no-input", cwd=tmp_path)
    assert result.returncode == 2
    assert "did you mean 'GBR'" in result.stderr
    assert "did you mean 'appeal'" in result.stderr
    assert "not a real date" in result.stderr
    assert not (tmp_path / "cases").exists()


def test_new_lists_missing_flags_when_not_interactive(tmp_path):
    result = run_cli("new", "--title", "X v Y", "--no-input", cwd=tmp_path)
    assert result.returncode == 2
    assert "--country" in result.stderr and "--date" in result.stderr and "--crime-type" in result.stderr


def test_new_refuses_to_overwrite(tmp_path):
    assert run_cli(*NEW, cwd=tmp_path).returncode == 0
    again = run_cli(*NEW, cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr


def test_new_prompts_for_missing_values(tmp_path):
    # A pseudo-terminal makes stdin interactive, as for a contributor at a shell.
    import pty

    script = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from generator.cli import main; sys.exit(main(['new']))"
    answers = b"Prompted v. Test\nFRA\nCour d'appel de Test\nappeal\n2018-03-02\ntrafficking_in_persons\n"
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(tmp_path)
        os.execv(sys.executable, [sys.executable, "-c", script])
    os.write(fd, answers)
    output = b""
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, output
    assert b"Decision date (YYYY-MM-DD):" in output
    assert (tmp_path / "cases" / "fra" / "fra-2018-prompted-v-test.md").exists()


def test_reference_page_is_generated_and_current():
    committed = (ROOT / "docs" / "case-record.md").read_text()
    assert committed == render_reference() + "\n" or committed == render_reference(), "run: caselaw reference -o docs/case-record.md"
    for name, vocab in load_vocabularies().items():
        if name in {"countries", "jurisdictions", "languages", "currencies"}:
            continue
        for key in vocab:
            assert f"`{key}`" in committed, (name, key)
    for field in load_schema()["properties"]:
        assert f"`{field}`" in committed


def test_schema_command_resolves_vocabularies(tmp_path):
    result = run_cli("schema", cwd=tmp_path)
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert "sexual_exploitation" in schema["properties"]["purposes"]["items"]["enum"]


def test_validate_unknown_path_is_a_usage_error(tmp_path):
    result = run_cli("validate", "nowhere", cwd=tmp_path)
    assert result.returncode == 2 and "no such file" in result.stderr and "Traceback" not in result.stderr


def test_validate_one_file_checks_references_against_the_whole_database():
    env = {**os.environ, "CASELAW_TODAY": TODAY.isoformat()}
    target = ROOT / "cases" / "ecthr" / "ecthr-2021-vcl-an.md"  # it cites other cases
    result = subprocess.run([sys.executable, "-m", "generator.cli", "validate", str(target.relative_to(ROOT))],
                            cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stdout
    assert "1 case(s) valid" in result.stderr
