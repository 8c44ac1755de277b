"""The issue form to propose a case: generated from the schema, and in step with it."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from generator.issue_form import FORM_PATH, NOT_ASKED, render_issue_form
from generator.schema import load_schema, resolve
from generator.vocabularies import load_vocabularies
from tests.conftest import ROOT
from tests.site_helpers import caselaw

FORM = ROOT / FORM_PATH
TEMPLATES = ROOT / ".github" / "ISSUE_TEMPLATE"


@pytest.fixture(scope="module")
def form() -> dict:
    return yaml.safe_load(FORM.read_text(encoding="utf-8"))


def _fields(form: dict) -> list[dict]:
    return [e for e in form["body"] if e["type"] != "markdown"]


def _required(element: dict) -> bool:
    if element["type"] == "checkboxes":
        return any(o.get("required") for o in element["attributes"]["options"])
    return bool(element.get("validations", {}).get("required"))


def _schema_node(ident: str) -> dict | None:
    """The schema node a form element stands for: 'field' or 'field__part'; None for the body and the rules."""
    schema = load_schema()
    field, _, part = ident.partition("__")
    if field not in schema["properties"]:
        return None
    node = resolve(schema, schema["properties"][field])
    if part:
        inner = resolve(schema, node["items"]) if node.get("type") == "array" else node
        if part not in inner["properties"]:
            return None  # e.g. sources__more: further items of the list, as free text
        node = resolve(schema, inner["properties"][part])
    return node


def test_committed_form_is_generated_and_current():
    assert FORM.read_text(encoding="utf-8") == render_issue_form(), "run: caselaw issue-form -o " + FORM_PATH


def test_issue_form_command_writes_the_form(tmp_path):
    result = caselaw("issue-form", "-o", "form.yml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "form.yml").read_text(encoding="utf-8") == render_issue_form()


def test_every_schema_field_has_a_form_element_and_required_ones_are_required(form):
    schema = load_schema()
    elements = _fields(form)
    ids = [e["id"] for e in elements]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids)
    for field in schema["properties"]:
        mine = [e for e in elements if e["id"] == field or e["id"].startswith(field + "__")]
        if field in NOT_ASKED:
            assert not mine, field
            continue
        assert mine, f"the schema field '{field}' has no element in the issue form"
        if field in schema["required"]:
            assert any(_required(e) for e in mine), f"'{field}' is required by the schema but not by the form"
    # The few fields an editor fills in are said in the form, and none of them is left for a proposer to guess.
    intro = form["body"][0]["attributes"]["value"]
    assert set(NOT_ASKED) <= {"id", "last_reviewed", "aliases"}
    assert all(f"`{field}`" in intro for field in NOT_ASKED)
    # The body's required section and the contributor rules are required too.
    assert _required(next(e for e in elements if e["id"] == "facts"))
    assert all(o["required"] for o in next(e for e in elements if e["id"] == "rules")["attributes"]["options"])


def test_every_vocabulary_term_is_offered(form):
    vocabs = load_vocabularies()
    controlled = 0
    for element in _fields(form):
        node = _schema_node(element["id"])
        if node is None:
            continue
        name = node.get("x-vocabulary") or (node.get("items") or {}).get("x-vocabulary")
        if not name:
            assert element["type"] != "dropdown" or element["attributes"]["options"] == ["No", "Yes"], element["id"]
            continue
        controlled += 1
        assert element["type"] == "dropdown", element["id"]
        if node.get("type") == "array":
            assert element["attributes"]["multiple"] is True, element["id"]
        elif "__" not in element["id"]:
            assert element["attributes"]["multiple"] is False, element["id"]
        options = element["attributes"]["options"]
        vocab = vocabs[name]
        assert len(options) == len(vocab), (element["id"], name)
        for term in vocab.terms:
            coded = name in {"countries", "jurisdictions", "languages", "currencies"}
            expected = f"{term.label} ({term.key})" if coded else term.label
            assert expected in options, (element["id"], term.key)
    assert controlled >= 20


def test_form_and_config_pass_github_schemas():
    for schema, path in (("vendor.github-issue-forms", FORM), ("vendor.github-issue-config", TEMPLATES / "config.yml")):
        result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
                                capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
