"""Controlled vocabularies: one list of stable keys, labels and definitions per field.

The YAML files in ``schema/vocabularies/`` are the single source that the validator,
templates, search facets, the issue form and the docs read. Countries, languages and
currencies come from pycountry (ISO 3166, 639 and 4217) rather than a copy of our own.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pycountry
import yaml

VOCABULARY_DIR = Path(__file__).parent / "schema" / "vocabularies"


@dataclass(frozen=True)
class Term:
    key: str
    label: str
    definition: str = ""


@dataclass(frozen=True)
class Vocabulary:
    """An ordered set of terms; order is the display order."""

    name: str
    label: str
    description: str
    terms: tuple[Term, ...]
    source: str = ""
    _index: dict[str, Term] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {t.key: t for t in self.terms})

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self.terms)

    def label_of(self, key: str) -> str:
        term = self._index.get(key)
        return term.label if term else key

    def term(self, key: str) -> Term | None:
        return self._index.get(key)

    def suggest(self, value: str, limit: int = 3) -> list[str]:
        """Keys close to a wrong value, matching on keys and on labels."""
        norm = _norm(value)
        by_label = {_norm(t.label): t.key for t in self.terms}
        by_key = {_norm(t.key): t.key for t in self.terms}
        if norm in by_key:
            return [by_key[norm]]
        if norm in by_label:
            return [by_label[norm]]
        candidates = {**by_label, **by_key}
        close = difflib.get_close_matches(norm, list(candidates), n=limit, cutoff=0.6)
        return list(dict.fromkeys(candidates[c] for c in close))


def _norm(text: str) -> str:
    return " ".join(str(text).lower().replace("_", " ").replace("-", " ").split())


def _from_file(path: Path) -> Vocabulary:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    terms = tuple(Term(str(t["key"]), t["label"], t.get("definition", "")) for t in raw["terms"])
    return Vocabulary(path.stem, raw["label"], raw.get("description", ""), terms, f"vocabularies/{path.name}")


def _countries() -> tuple[Term, ...]:
    return tuple(Term(c.alpha_3, getattr(c, "common_name", None) or c.name) for c in pycountry.countries)


@cache
def load_vocabularies() -> dict[str, Vocabulary]:
    """Every vocabulary by name: the project's files plus ISO code lists."""
    vocabs = {p.stem: _from_file(p) for p in sorted(VOCABULARY_DIR.glob("*.yml"))}
    countries = Vocabulary("countries", "Countries", "ISO 3166-1 alpha-3 country codes.", _countries(), "ISO 3166-1 (pycountry)")
    vocabs["countries"] = countries
    bodies = vocabs["jurisdictions"]
    vocabs["jurisdictions"] = Vocabulary(
        "jurisdictions", "Jurisdictions", "A country (ISO 3166-1 alpha-3) or an international or regional court.",
        countries.terms + bodies.terms, "ISO 3166-1 and vocabularies/jurisdictions.yml",
    )
    vocabs["international_bodies"] = bodies
    vocabs["languages"] = Vocabulary(
        "languages", "Languages", "ISO 639-1 two-letter language codes.",
        tuple(Term(lang.alpha_2, lang.name) for lang in pycountry.languages if hasattr(lang, "alpha_2")), "ISO 639-1 (pycountry)",
    )
    vocabs["currencies"] = Vocabulary(
        "currencies", "Currencies", "ISO 4217 currency codes.",
        tuple(Term(c.alpha_3, c.name) for c in pycountry.currencies), "ISO 4217 (pycountry)",
    )
    return vocabs
