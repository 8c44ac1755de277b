"""Translations of the content: vocabulary labels per language, and case translations.

A case translation (``<case>.<lang>.md`` beside the case) holds the summary, the
landmark reason and the body in another language; ``localize`` gives the corpus as a
reader of that language sees it, falling back to the original where there is none.
Names of countries, languages and currencies come from CLDR (Babel), the project's own
vocabulary labels from ``schema/vocabularies/translations/<lang>.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from . import languages
from .corpus import TRANSLATION, Case, Corpus
from .reader import CaseFileError, read_case
from .vocabularies import VOCABULARY_DIR, Term, Vocabulary, load_vocabularies

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")  # the six UN languages
TRANSLATIONS_DIR = VOCABULARY_DIR / "translations"


@cache
def vocabulary_labels(language: str) -> dict[str, dict[str, tuple[str, str]]]:
    """vocabulary -> term key -> (label, definition) in ``language``."""
    raw = yaml.safe_load((TRANSLATIONS_DIR / f"{language}.yml").read_text(encoding="utf-8"))
    return {name: {key: (term["label"], term.get("definition", "")) for key, term in vocab["terms"].items()}
            for name, vocab in raw["vocabularies"].items()}


@cache
def _vocabulary_headings(language: str) -> dict[str, tuple[str, str]]:
    raw = yaml.safe_load((TRANSLATIONS_DIR / f"{language}.yml").read_text(encoding="utf-8"))
    return {name: (vocab.get("label", ""), vocab.get("description", "")) for name, vocab in raw["vocabularies"].items()}


def _translated(vocab: Vocabulary, terms: dict[str, tuple[str, str]], heading: tuple[str, str] | None) -> Vocabulary:
    label, description = heading or (vocab.label, vocab.description)
    return Vocabulary(vocab.name, label or vocab.label, description or vocab.description,
                      tuple(Term(t.key, *(terms.get(t.key) or (t.label, t.definition))) for t in vocab.terms), vocab.source)


def _cldr(vocab: Vocabulary, name_of: object) -> Vocabulary:
    return Vocabulary(vocab.name, vocab.label, vocab.description,
                      tuple(Term(t.key, name_of(t.key) or t.label, t.definition) for t in vocab.terms), vocab.source)  # type: ignore[operator]


@cache
def localized_vocabularies(language: str) -> dict[str, Vocabulary]:
    """Every vocabulary with its labels in ``language`` (English keeps the originals)."""
    vocabs = load_vocabularies()
    if language == languages.DEFAULT:
        return vocabs
    import pycountry

    terms, headings = vocabulary_labels(language), _vocabulary_headings(language)
    out = {name: _translated(vocab, terms.get(name, {}), headings.get(name)) for name, vocab in vocabs.items()
           if name not in ("countries", "jurisdictions", "international_bodies", "languages", "currencies")}

    def country(code: str) -> str | None:
        found = pycountry.countries.get(alpha_3=code)
        return languages.territory_name(found.alpha_2, language) if found else None

    countries = _cldr(vocabs["countries"], country)
    bodies = _translated(vocabs["international_bodies"], terms.get("jurisdictions", {}), headings.get("jurisdictions"))
    out["countries"] = countries
    out["international_bodies"] = bodies
    out["jurisdictions"] = Vocabulary("jurisdictions", bodies.label, bodies.description, countries.terms + bodies.terms,
                                      vocabs["jurisdictions"].source)
    out["languages"] = _cldr(vocabs["languages"], lambda code: languages.language_name(code, language))
    out["currencies"] = _cldr(vocabs["currencies"], lambda code: languages.currency_name(code, language))
    return out


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
    landmark_reason: str = ""


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


def load_case_translations(cases_dirs: list[Path]) -> dict[tuple[str, str], CaseTranslation]:
    """(case id, language) -> translation, for every ``<case>.<lang>.md`` under the case folders.

    Files are checked by ``translation_problems`` (run by ``caselaw validate`` and the build); here a file
    that cannot be read is simply not used.
    """
    found: dict[tuple[str, str], CaseTranslation] = {}
    for folder in cases_dirs:
        for path in sorted(folder.rglob("*.md")):
            match = TRANSLATION.search(path.name)
            if not match or any(part.startswith(("_", ".")) for part in path.relative_to(folder).parts):
                continue
            try:
                raw = read_case(path)
            except CaseFileError:
                continue
            data = raw.data
            key = (str(data.get("translation_of", "")), str(data.get("language", match.group(1))))
            found[key] = CaseTranslation(str(path), key[0], key[1], str(data.get("summary", "")), raw.body,
                                         str(data.get("landmark_reason") or ""))
    return found


def localize(corpus: Corpus, translations: dict[tuple[str, str], CaseTranslation], language: str) -> Corpus:
    """The corpus as a reader of ``language`` sees it: translated texts where they exist, the originals elsewhere."""
    if language == languages.DEFAULT:
        return corpus
    cases = []
    for case in corpus:
        found = translations.get((case.id, language))
        if found is None:
            cases.append(case)
            continue
        data = {**case.data, "summary": found.summary}
        if found.landmark_reason:
            data["landmark_reason"] = found.landmark_reason
        cases.append(Case(data, found.body, case.path, language))
    return Corpus(tuple(cases))
