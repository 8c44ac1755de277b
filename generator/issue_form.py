"""The GitHub issue form to propose a case, generated from the schema and the vocabularies.

Generated rather than written so that the form cannot drift from the record: every
field of the schema has a form element (except the few an editor fills in, listed in
``NOT_ASKED`` with the reason), a controlled field offers every term of its vocabulary,
and a required field is required. A test compares the committed
``.github/ISSUE_TEMPLATE/propose-a-case.yml`` with a fresh render.

Element ids are the schema's field names; a part of a field has ``<field>__<part>``
(GitHub allows only letters, digits, ``-`` and ``_`` in ids), so an issue can be
turned back into a case file mechanically.
"""

from __future__ import annotations

import unicodedata
from typing import Any

import yaml

from .schema import load_schema, resolve
from .vocabularies import Term, Vocabulary, load_vocabularies

FORM_PATH = ".github/ISSUE_TEMPLATE/propose-a-case.yml"
# Code lists whose options show the code too, since the code is what the record holds.
CODED = {"countries", "jurisdictions", "languages", "currencies"}
# Fields an editor fills in when turning a proposal into a case file, with why.
NOT_ASKED = {
    "id": "made from the jurisdiction, year and case name by `caselaw new`",
    "last_reviewed": "the day an editor checks the record against the judgment",
    "aliases": "only for a published case whose id changes",
}
LABELS = {
    "title": "Case name", "citation": "Citation", "summary": "Summary", "country": "Jurisdiction", "court": "Court",
    "case_number": "Case number", "decision_date": "Decision date", "languages": "Languages of the decision",
    "procedural_history": "Procedural history", "victims": "Victims", "defendants": "Defendants",
    "charges": "Charges, verdicts and sentences", "keywords": "Keywords", "landmark": "Landmark case",
    "landmark_reason": "Why it is a landmark", "related_cases": "Related cases in this database",
    "cites": "Cases in this database that the decision cites",
}
# Where the schema's description speaks of YAML, what a proposer reads instead.
DESCRIPTIONS = {"case_number": "The court's own file or docket number."}
# Free-text fields of more than a line.
PROSE = {"summary", "landmark_reason"}
PLACEHOLDERS = {
    "victims": "total: 3\nfemale: 2\nmale: 1\nchildren: 1\nnationalities: ROU\ninitials: O.R., A.B.",
    "defendants": "total: 2\nmale: 2\nnationalities: GBR",
    "charges": "- defendants: First defendant\n  offence: Trafficking in persons\n  statute: Modern Slavery Act 2015 s. 2\n"
               "  verdict: Convicted\n  sentence: 6 years' imprisonment",
    "procedural_history": "- Crown Court, 2019-03-01: convicted on all counts\n- Court of Appeal, 2020-06-01 (the decision recorded): appeal dismissed",
}
BODY = (
    ("facts", "Facts", True, "The facts the judgment establishes, in your own words (at least 20 words). "
     "Victims and witnesses by initials only (O.R.) or by role (\"the victim\")."),
    ("legal_reasoning", "Legal reasoning", False, "How the court reasoned, in your own words."),
    ("commentary", "Commentary and significance", False, "Why the decision matters, if it does."),
)
RULES = (
    "It is a real decision of a court or tribunal, and it is public.",
    "The link above is to the court's own website or an official legal portal (https).",
    "I wrote the text in my own words; nothing is copied from the judgment or a commentary.",
    "Victims and witnesses are named by initials only (O.R.) or by role, never by name.",
)


def option(vocab: Vocabulary, term: Term) -> str:
    """The text of a term in a dropdown: its label, with its code for ISO code lists."""
    return f"{term.label} ({term.key})" if vocab.name in CODED else term.label


def ordered(vocab: Vocabulary) -> list[Term]:
    """Terms in the order a dropdown shows them: the vocabulary's own order, alphabetical for ISO code lists."""
    if vocab.name not in CODED:
        return list(vocab.terms)

    def key(term: Term) -> str:
        return unicodedata.normalize("NFKD", term.label).encode("ascii", "ignore").decode().casefold()

    return sorted(vocab.terms, key=key)


def _vocab_of(node: dict[str, Any]) -> str | None:
    return node.get("x-vocabulary") or (node.get("items") or {}).get("x-vocabulary")


def _label(key: str, node: dict[str, Any]) -> str:
    vocab = _vocab_of(node)
    if key in LABELS:
        return LABELS[key]
    if vocab and vocab not in CODED:
        return load_vocabularies()[vocab].label
    return key.replace("_", " ").capitalize()


def _describe(node: dict[str, Any], key: str = "") -> str:
    text = DESCRIPTIONS.get(key) or node.get("description", "")
    hint = node.get("x-hint")
    return f"{text} Form: {hint}." if hint else text


def _dropdown(ident: str, label: str, description: str, vocab_name: str, *, multiple: bool, required: bool,
              default: str | None = None) -> dict[str, Any]:
    vocab = load_vocabularies()[vocab_name]
    terms = ordered(vocab)
    options = [option(vocab, t) for t in terms]
    if len(set(options)) != len(options) or any(o.strip().lower() == "none" for o in options):
        raise ValueError(f"vocabulary {vocab_name}: dropdown options must be unique and none may be 'None'")
    attributes: dict[str, Any] = {"label": label, "description": description, "multiple": multiple, "options": options}
    if default is not None:
        attributes["default"] = [t.key for t in terms].index(default)
    return {"type": "dropdown", "id": ident, "attributes": attributes, "validations": {"required": required}}


def _text(kind: str, ident: str, label: str, description: str, *, required: bool, placeholder: str = "") -> dict[str, Any]:
    attributes: dict[str, Any] = {"label": label, "description": description}
    if placeholder:
        attributes["placeholder"] = placeholder
    return {"type": kind, "id": ident, "attributes": attributes, "validations": {"required": required}}


def _elements(key: str, node: dict[str, Any], required: bool) -> list[dict[str, Any]]:
    """The form elements for one top-level field of the schema."""
    schema = load_schema()
    node = resolve(schema, node)
    label, description, kind = _label(key, node), _describe(node, key), node.get("type")
    vocab = _vocab_of(node)
    if vocab:
        return [_dropdown(key, label, description, vocab, multiple=kind == "array", required=required)]
    if kind == "boolean":
        yes_no = {"type": "dropdown", "id": key,
                  "attributes": {"label": label, "description": description, "multiple": False, "options": ["No", "Yes"], "default": 0},
                  "validations": {"required": required}}
        return [yes_no]
    if key == "sources":
        return _source_elements(node)
    if key == "countries_involved":
        return [_dropdown(f"{key}__{part}", f"Countries of {part}", sub["description"], sub["items"]["x-vocabulary"],
                          multiple=True, required=False) for part, sub in node["properties"].items()]
    if kind in ("object", "array") and key in PLACEHOLDERS:
        parts = node.get("properties") or (node.get("items") or {}).get("properties") or {}
        listed = "; ".join(f"{name}: {resolve(schema, sub).get('description', '').rstrip('.')}" for name, sub in parts.items())
        how = "For each, give" if kind == "array" else "Give what the decision establishes, one per line"
        elements = [_text("textarea", key, label, f"{description} {how}: {listed}.", required=required,
                          placeholder=PLACEHOLDERS[key])]
        if key == "charges":
            elements.append(_dropdown("charges__verdict", "Verdicts on the charges", "Every verdict given on a charge.",
                                      "verdicts", multiple=True, required=False))
        return elements
    if kind == "array":
        return [_text("input", key, label, f"{description} Separate several with commas.", required=required)]
    if node.get("format") == "date":
        return [_text("input", key, label, description, required=required, placeholder="YYYY-MM-DD")]
    example = (node.get("examples") or [""])[0]
    return [_text("textarea" if key in PROSE else "input", key, label, description, required=required, placeholder=str(example))]


def _source_elements(node: dict[str, Any]) -> list[dict[str, Any]]:
    parts = node["items"]["properties"]
    return [
        _text("input", "sources__url", "Official link to the decision", _describe(parts["url"]), required=True, placeholder="https://"),
        _text("input", "sources__title", "What the link is", parts["title"]["description"], required=False),
        _dropdown("sources__kind", "Source kind", parts["kind"]["description"], "source_kinds", multiple=False, required=True,
                  default="judgment"),
        _dropdown("sources__language", "Language of the linked document", "ISO 639-1.", "languages", multiple=False, required=True),
        {"type": "checkboxes", "id": "sources__official",
         "attributes": {"label": "Official source", "description": parts["official"]["description"],
                        "options": [{"label": "The link is the court's own website or an official legal portal.", "required": True}]}},
        _text("textarea", "sources__more", "Other sources", "More links (official or not), one per line, each with what it is.",
              required=False),
    ]


def form() -> dict[str, Any]:
    """The issue form as data."""
    schema = load_schema()
    required = set(schema["required"])
    not_asked = "; ".join(f"`{k}` ({why})" for k, why in NOT_ASKED.items())
    intro = (
        "Thank you for proposing a case. An editor turns the proposal into a case record; the fields below are "
        "those of the record (see the case record reference, `docs/case-record.md`). Fill in what the judgment "
        "establishes and leave a field empty rather than guess.\n\n"
        f"An editor adds: {not_asked}.\n\n"
        "Want to add the case yourself? See `CONTRIBUTING.md`: `caselaw new`, fill it in, `caselaw validate`, open a pull request."
    )
    body: list[dict[str, Any]] = [{"type": "markdown", "attributes": {"value": intro}}]
    section = None
    for key, node in schema["properties"].items():
        if key in NOT_ASKED:
            continue
        if node.get("x-section") != section:
            section = node.get("x-section")
            body.append({"type": "markdown", "attributes": {"value": f"## {section}"}})
        body += _elements(key, node, key in required)
    body.append({"type": "markdown", "attributes": {"value": "## The decision in your own words"}})
    for ident, label, needed, description in BODY:
        body.append(_text("textarea", ident, label, description, required=needed))
    body.append({"type": "checkboxes", "id": "rules",
                 "attributes": {"label": "Before you submit", "options": [{"label": rule, "required": True} for rule in RULES]}})
    return {
        "name": "Propose a case",
        "description": "Suggest a court decision on trafficking in persons or smuggling of migrants for the database.",
        "title": "Case: ",
        "labels": ["case proposal"],
        "body": body,
    }


def render_issue_form() -> str:
    """The YAML of the issue form, as committed at ``.github/ISSUE_TEMPLATE/propose-a-case.yml``."""
    head = ("# Generated by `caselaw issue-form -o .github/ISSUE_TEMPLATE/propose-a-case.yml` from\n"
            "# generator/schema/case.schema.json and the vocabularies. Do not edit by hand.\n")
    return head + yaml.dump(form(), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=120, default_flow_style=False)


class _Dumper(yaml.SafeDumper):
    """Writes text of several lines as a literal block, as a person would."""


def _text_block(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _text_block)
