"""What a contributor reads and runs: the pull request checklist, CONTRIBUTING.md, pre-commit."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT
from tests.site_helpers import caselaw

PRE_COMMIT = ROOT / ".pre-commit-config.yaml"


def test_pull_request_checklist_covers_the_rules():
    text = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    boxes = re.findall(r"^- \[ \] (.+(?:\n {6}.+)*)", text, flags=re.M)
    joined = " ".join(" ".join(b.split()) for b in boxes)
    for rule in ("real decision", "public", "official", "https://", "own words", "initials only",
                 "`caselaw validate`", "`caselaw check-urls`", "aliases"):
        assert rule in joined, rule
    assert len(boxes) >= 6


def test_contributing_gives_the_steps_the_rules_and_the_reference():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    steps = re.findall(r"^\d\. \*\*(.+?)\*\*", text, flags=re.M)
    assert steps == ["Create the file.", "Fill it in.", "Validate.", "Preview.", "Open a pull request."]
    for command in ("caselaw new", "caselaw validate", "caselaw preview", "caselaw check-urls --update"):
        assert command in text, command
    for rule in ("Real and public", "An official source", "Your own words", "Initials only"):
        assert f"**{rule}.**" in text, rule
    assert "(docs/case-record.md)" in text and (ROOT / "docs" / "case-record.md").exists()
    assert "propose-a-case.yml" in text and (ROOT / ".github" / "ISSUE_TEMPLATE" / "propose-a-case.yml").exists()


def test_readme_points_to_contributing():
    assert "CONTRIBUTING.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_pre_commit_hooks_are_local_and_run_the_projects_tools():
    config = yaml.safe_load(PRE_COMMIT.read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"], "local hooks only: nothing to download"
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    assert {"caselaw-validate", "ruff"} <= set(hooks)
    for hook in hooks.values():
        assert hook["language"] == "system"
        where = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
        assert shutil.which(hook["entry"].split()[0], path=where), f"{hook['entry']} is installed with the test extra"
    validate = hooks["caselaw-validate"]
    assert validate["entry"] == "caselaw validate"
    picked = re.compile(validate["files"])
    skipped = re.compile(validate["exclude"])
    for path, expected in (("cases/gbr/gbr-2014-hounga.md", True), ("cases/README.md", False),
                           ("cases/gbr/_drafts/x.md", False), ("docs/about.md", False), ("generator/cli.py", False)):
        assert bool(picked.search(path) and not skipped.search(path)) is expected, path


def test_the_validate_hook_passes_on_a_case_and_fails_on_a_broken_one(tmp_path):
    case = next((ROOT / "cases").rglob("gbr-2014-hounga.md"))
    assert caselaw("validate", str(case), cwd=ROOT).returncode == 0
    broken = tmp_path / "broken.md"
    broken.write_text(case.read_text(encoding="utf-8").replace("court_level: supreme", "court_level: supremo"), encoding="utf-8")
    result = caselaw("validate", str(broken), cwd=ROOT)
    assert result.returncode == 1 and "did you mean 'supreme'?" in result.stdout
