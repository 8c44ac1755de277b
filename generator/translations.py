"""Translations of the content: vocabulary labels per language, and case translations.

A case translation (``<case>.<lang>.md`` beside the case) holds the summary, the
landmark reason and the body in another language; ``localize`` gives the corpus as a
reader of that language sees it, falling back to the original where there is none.
Names of countries, languages and currencies come from CLDR (Babel), the project's own
vocabulary labels from ``schema/vocabularies/translations/<lang>.yml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from . import languages
from .corpus import TRANSLATION, Case, Corpus, translation_files
from .privacy import allowed_words, find_names
from .problems import Problem
from .reader import CaseFileError, RawRecord, read_case
from .sanitize import find_unsafe_urls
from .validate import CONTROL_CHARACTERS
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


def translation_problems(cases_dir: Path, corpus: Corpus, files: list[Path] | None = None) -> list[Problem]:
    """Every translation file (or only ``files``) checked against its case (language, case, summary, sections)
    and, like a case, for names of people, unsafe addresses and control characters: it is published as the case is."""
    problems: list[Problem] = []
    for path in sorted(files) if files is not None else translation_files(cases_dir):
        match = TRANSLATION.search(path.name)
        if not match:
            continue
        try:
            raw = read_case(path)
        except CaseFileError as exc:
            problems += exc.problems
            continue
        problems += list(_translation_problems(raw, path, match.group(1), corpus))
    return problems


def _translation_problems(raw: RawRecord, path: Path, code: str, corpus: Corpus) -> Iterator[Problem]:
    data, name = raw.data, raw.path

    def problem(at: str, message: str, hint: str, kind: str = "translation") -> Problem:
        return Problem(name, raw.line_of((at,)) if at != "body" else raw.body_line, at, message, hint, kind)

    if data.get("language") != code or code not in LANGUAGES:
        yield problem("language", f"must be the code in the file name, one of {', '.join(LANGUAGES)}.",
                      f"name the file <case>.<language>.md and set language: {code}")
    case = corpus.by_id.get(str(data.get("translation_of", "")))
    if case is None:
        yield problem("translation_of", "names no case in the database.", "give the id of the case this file translates")
        return
    if not path.name.startswith(Path(case.path).stem + "."):
        yield problem("translation_of", f"the file must sit beside {case.path} and share its name.",
                      f"move it to {Path(case.path).with_suffix('')}.{code}.md")
    if not 20 <= len(str(data.get("summary", ""))) <= 400:
        yield problem("summary", "must be 20 to 400 characters.", "translate the case's summary")
    if bool(data.get("landmark_reason")) != bool(case.get("landmark_reason")):
        yield problem("landmark_reason", "must be translated exactly when the case has one.",
                      "translate the case's landmark_reason, or remove it if the case has none")
    ours, theirs = len(_SECTION.findall(raw.body)), len(_SECTION.findall(case.body))
    if ours != theirs:
        yield problem("body", f"has {ours} sections, the case has {theirs}.", "translate every '## ' section of the case, no more")
    allowed = allowed_words(str(case.get("title", "")), str(case.get("citation", "")))
    texts = [("summary", str(data.get("summary", "")), raw.line_of(("summary",))),
             ("landmark_reason", str(data.get("landmark_reason") or ""), raw.line_of(("landmark_reason",))),
             ("body", raw.body, raw.body_line)]
    for at, text, line in texts:
        for hit in find_names(text, allowed):
            yield Problem(name, line + hit.line_offset, at,
                          f"appears to name a person ('{hit.name}': {hit.reason}); victims and witnesses are named by initials only.",
                          "write initials (e.g. 'O.R.') or a role, as the case does", "names-person")
        for unsafe in find_unsafe_urls(text):
            yield Problem(name, line + unsafe.line_offset, at, f"has an unsafe address: '{unsafe.shown}'.",
                          "use an http:// or https:// address", "unsafe-url")
        if CONTROL_CHARACTERS.search(text):
            yield Problem(name, line, at, "contains a control character, which cannot be published.", "delete it", "control-character")


def load_case_translations(cases_dirs: list[Path]) -> dict[tuple[str, str], CaseTranslation]:
    """(case id, language) -> translation, for every ``<case>.<lang>.md`` under the case folders.

    Files are checked by ``translation_problems`` (run by ``caselaw validate`` and the build); here a file
    that cannot be read is simply not used.
    """
    found: dict[tuple[str, str], CaseTranslation] = {}
    for folder in cases_dirs:
        for path in translation_files(folder):
            match = TRANSLATION.search(path.name)
            if not match:
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
