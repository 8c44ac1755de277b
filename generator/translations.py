"""Translations: vocabulary labels per language, and translated case summaries.

The multilingual site (issue 9) will read these; they are loaded and checked now so
that a term added to a vocabulary, or a case translation that drifts from its case, is
caught at once rather than when the languages go live.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from .corpus import TRANSLATION, Corpus
from .reader import CaseFileError, read_case
from .vocabularies import VOCABULARY_DIR, load_vocabularies

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")  # the six UN languages
TRANSLATIONS_DIR = VOCABULARY_DIR / "translations"


@cache
def vocabulary_labels(language: str) -> dict[str, dict[str, tuple[str, str]]]:
    """vocabulary -> term key -> (label, definition) in ``language``."""
    raw = yaml.safe_load((TRANSLATIONS_DIR / f"{language}.yml").read_text(encoding="utf-8"))
    return {name: {key: (term["label"], term.get("definition", "")) for key, term in vocab["terms"].items()}
            for name, vocab in raw["vocabularies"].items()}


def missing_labels(language: str) -> list[str]:
    """'vocabulary.key' for every term of the project's vocabularies with no label in ``language``."""
    translated = vocabulary_labels(language)
    vocabs = load_vocabularies()
    # The jurisdictions file holds the international bodies; country names come translated with pycountry.
    files = {p.stem: vocabs["international_bodies" if p.stem == "jurisdictions" else p.stem] for p in sorted(VOCABULARY_DIR.glob("*.yml"))}
    return [f"{name}.{key}" for name, vocab in files.items() for key in vocab
            if not translated.get(name, {}).get(key, ("", ""))[0].strip()]


@dataclass(frozen=True)
class CaseTranslation:
    path: str
    case_id: str
    language: str
    summary: str
    body: str


_SECTION = re.compile(r"^##\s+\S", re.M)


def translation_problems(cases_dir: Path, corpus: Corpus) -> list[str]:
    """Every translation file checked against its case: language, case, summary, sections."""
    problems = []
    for path in sorted(cases_dir.rglob("*.md")):
        match = TRANSLATION.search(path.name)
        if not match:
            continue
        try:
            raw = read_case(path)
        except CaseFileError as exc:
            problems += [p.human() for p in exc.problems]
            continue
        data, name = raw.data, str(path)
        case = corpus.by_id.get(str(data.get("translation_of", "")))
        if data.get("language") != match.group(1) or data.get("language") not in LANGUAGES:
            problems.append(f"{name}: language must be the code in the file name, one of {', '.join(LANGUAGES)}")
        if case is None:
            problems.append(f"{name}: translation_of names no case in the database")
            continue
        if not path.name.startswith(Path(case.path).stem + "."):
            problems.append(f"{name}: must sit beside {case.path} and share its name")
        if not 20 <= len(str(data.get("summary", ""))) <= 400:
            problems.append(f"{name}: summary must be 20 to 400 characters")
        if bool(data.get("landmark_reason")) != bool(case.get("landmark_reason")):
            problems.append(f"{name}: landmark_reason must be translated exactly when the case has one")
        if len(_SECTION.findall(raw.body)) != len(_SECTION.findall(case.body)):
            problems.append(f"{name}: has {len(_SECTION.findall(raw.body))} sections, the case has {len(_SECTION.findall(case.body))}")
    return problems
