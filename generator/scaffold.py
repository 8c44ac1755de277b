"""``caselaw new``: write a case file with every field present and explained.

The file is generated from the schema and vocabularies, so a new field or term shows
up in new files without anyone editing a template.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

import yaml

from .schema import load_schema, resolve
from .vocabularies import load_vocabularies

REQUIRED_INPUTS = ("title", "country", "court", "court_level", "decision_date", "crime_types")


def slug(text: str, words: int = 3) -> str:
    """A short ASCII slug: 'Hounga v Allen' -> 'hounga-v-allen'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    parts = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(parts[:words]) or "case"


def make_id(country: str, decision_date: str, title: str) -> str:
    return f"{country.lower()}-{decision_date[:4]}-{slug(title)}"


def check_inputs(values: dict[str, Any]) -> list[str]:
    """Messages for values given on the command line that cannot be right."""
    vocabs = load_vocabularies()
    errors = []
    checks = {"country": "jurisdictions", "court_level": "court_levels"}
    for key, vocab_name in checks.items():
        value = values.get(key)
        if value and value not in vocabs[vocab_name]:
            close = vocabs[vocab_name].suggest(value) or ([value.upper()] if value.upper() in vocabs[vocab_name] else [])
            errors.append(f"{key}: '{value}' is not a known term" + (f"; did you mean '{close[0]}'?" if close else "."))
    for crime in values.get("crime_types") or []:
        if crime not in vocabs["crime_types"]:
            close = vocabs["crime_types"].suggest(crime)
            errors.append(f"crime_types: '{crime}' is not a known term" + (f"; did you mean '{close[0]}'?" if close else "."))
    date = values.get("decision_date")
    if date:
        try:
            dt.date.fromisoformat(date)
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
                raise ValueError
        except ValueError:
            errors.append(f"decision_date: '{date}' is not a real date in the form YYYY-MM-DD.")
    return errors


def _comment(node: dict[str, Any], required: bool) -> str:
    vocabs = load_vocabularies()
    text = node.get("description", "")
    name = node.get("x-vocabulary") or node.get("items", {}).get("x-vocabulary")
    if name:
        vocab = vocabs[name]
        many = node.get("type") == "array"
        if len(vocab.terms) <= 30:
            text += f" {'One or more' if many else 'One'} of: {', '.join(vocab)}."
        else:
            text += f" See {vocab.source}."
    return f"# {'(required) ' if required else ''}{text}".rstrip()


def _value(value: Any) -> str:
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1000).strip().removesuffix("...").strip()


def render_new_case(values: dict[str, Any], today: dt.date) -> str:
    """The text of a new case file, with the given values filled in."""
    schema = load_schema()
    required = set(schema["required"])
    filled = {"landmark": False, "last_reviewed": today.isoformat(), "summary": "", "citation": "", "languages": [],
              "outcome": "", "sources": [{"url": "https://", "title": "Judgment", "kind": "judgment", "language": "en", "official": True}],
              **{k: v for k, v in values.items() if v not in (None, "", [])}}
    lines = ["---"]
    for key, node in schema["properties"].items():
        node = resolve(schema, node)
        lines.append(_comment(node, key in schema["required"]))
        if key in filled:
            lines.append(f"{key}: {_value(filled[key])}")
        elif node.get("type") == "object":
            # Commented out as a block: uncommenting the lines you know gives valid YAML.
            lines.append(f"# {key}:")
            for sub, subnode in node["properties"].items():
                subnode = resolve(schema, subnode)
                lines.append("#   " + _comment(subnode, False).removeprefix("# "))
                lines.append(f"#   {sub}: {'[]' if subnode.get('type') == 'array' else ''}".rstrip())
        elif node.get("type") == "array":
            lines.append(f"{key}: []")
        elif key in required:
            lines.append(f"{key}: \"\"")
        else:
            lines.append(f"# {key}: \"\"")
    lines += [
        "---",
        "",
        "## Facts",
        "",
        "<!-- What the judgment establishes, in your own words. Victims and witnesses by initials only. -->",
        "",
        "## Legal reasoning",
        "",
        "<!-- How the court reasoned: the legal test, how it applied it, and the result. -->",
        "",
        "## Commentary and significance",
        "",
        "<!-- Why the case matters for practitioners. -->",
        "",
    ]
    return "\n".join(lines)
