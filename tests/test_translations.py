"""Translations stay complete and in step with the cases and vocabularies they translate."""

from __future__ import annotations

import pytest

from generator.translations import LANGUAGES, missing_labels, translation_problems, vocabulary_labels
from tests.conftest import CASES


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_vocabulary_term_has_a_label(language):
    assert missing_labels(language) == []


def test_labels_are_in_the_language():
    assert vocabulary_labels("fr")["crime_types"]["trafficking_in_persons"][0] == "Traite des personnes"
    assert vocabulary_labels("es")["crime_types"]["smuggling_of_migrants"][0].startswith("Tráfico ilícito de migrantes")
    assert "贩运" in vocabulary_labels("zh")["crime_types"]["trafficking_in_persons"][0]


def test_a_term_without_a_label_is_reported(monkeypatch):
    from generator import translations

    real = translations.vocabulary_labels("fr")
    trimmed = {name: dict(terms) for name, terms in real.items()}
    del trimmed["purposes"]["forced_labour"]
    monkeypatch.setattr(translations, "vocabulary_labels", lambda language: trimmed)
    assert translations.missing_labels("fr") == ["purposes.forced_labour"]


def test_case_translations_match_their_cases(corpus):
    assert translation_problems(CASES, corpus) == []
    translated = sorted(p.name for p in CASES.rglob("*.??.md"))
    assert len([n for n in translated if n.endswith(".fr.md")]) >= 5
    assert len([n for n in translated if n.endswith(".es.md")]) >= 5


def test_a_drifting_translation_is_reported(tmp_path, corpus):
    import shutil

    cases = tmp_path / "cases"
    shutil.copytree(CASES, cases)
    french = cases / "ecthr" / "ecthr-2010-rantsev.fr.md"
    french.write_text(french.read_text().replace("## Commentaire et portée", "Commentaire et portée"))
    spanish = cases / "aus" / "aus-2008-tang.es.md"
    spanish.write_text(spanish.read_text().replace("translation_of: aus-2008-tang", "translation_of: aus-2008-nobody"))
    problems = [p.human() for p in translation_problems(cases, corpus)]
    assert any("ecthr-2010-rantsev.fr.md:" in p and "[body] has 2 sections, the case has 3" in p for p in problems), problems
    assert any("aus-2008-tang.es.md:" in p and "[translation_of] names no case" in p for p in problems), problems


def _scratch_cases(tmp_path):
    import shutil

    cases = tmp_path / "cases"
    shutil.copytree(CASES, cases)
    return cases


def test_validate_checks_a_translation_file_and_finds_names_of_victims(tmp_path):
    from tests.site_helpers import caselaw

    cases = _scratch_cases(tmp_path)
    french = cases / "ecthr" / "ecthr-2010-rantsev.fr.md"
    good = caselaw("validate", "cases/ecthr/ecthr-2010-rantsev.fr.md", cwd=tmp_path)
    assert good.returncode == 0, good.stdout + good.stderr
    text = french.read_text(encoding="utf-8")
    line = text.splitlines().index("## Faits") + 3
    french.write_text(text.replace("## Faits\n", "## Faits\n\nLa victime, Oxana Petrova, a témoigné.\n", 1), encoding="utf-8")
    bad = caselaw("validate", "cases/ecthr/ecthr-2010-rantsev.fr.md", cwd=tmp_path)
    assert bad.returncode == 1
    assert f"cases/ecthr/ecthr-2010-rantsev.fr.md:{line}: [body] appears to name a person ('Oxana Petrova'" in bad.stdout, bad.stdout
    assert "Traceback" not in bad.stderr
    whole = caselaw("validate", cwd=tmp_path)  # the whole database includes its translations
    assert whole.returncode == 1 and "ecthr-2010-rantsev.fr.md" in whole.stdout


def test_a_broken_translation_stops_the_build_and_keeps_the_last_site(tmp_path):
    from tests.site_helpers import caselaw, copy_project

    project = copy_project(tmp_path / "project")
    spanish = project / "cases" / "aus" / "aus-2008-tang.es.md"
    spanish.write_text(spanish.read_text(encoding="utf-8").replace("language: es", "language: pt"), encoding="utf-8")
    result = caselaw("build", "-d", "out", cwd=project)
    assert result.returncode == 1
    assert "aus-2008-tang.es.md:3: [language] must be the code in the file name" in result.stderr, result.stderr
    assert not (project / "out").exists()


@pytest.mark.parametrize("text, name", [
    ("Madame Oxana Rantseva, la victime, a témoigné.", "Oxana Rantseva"),
    ("La víctima, María López, declaró ante el tribunal.", "María López"),
    ("Потерпевшая, Анна Петрова, дала показания.", "Анна Петрова"),
    ("Гражданка Иванова была потерпевшей.", "Иванова"),
])
def test_names_are_found_in_the_languages_of_the_translations(text, name):
    from generator.privacy import find_names

    assert name in [hit.name for hit in find_names(text)]


@pytest.mark.parametrize("language", ["fr", "es"])
def test_related_cases_found_once_serve_every_language(corpus, language):
    """The build ranks related cases once, in English, and maps them onto each language's cases."""
    from generator.indexes import build_indexes
    from generator.translations import load_case_translations, localize

    local = localize(corpus, load_case_translations([CASES]), language)
    translated = [c for c in local if c.text_language == language]
    assert translated, "the starter corpus has translations in this language"
    english = {key: [c.id for c in cases] for key, cases in build_indexes(corpus).related.items()}
    ranked_here = build_indexes(local).related
    mapped = build_indexes(local, english).related
    assert {key: [c.id for c in cases] for key, cases in ranked_here.items()} == english
    assert mapped == ranked_here  # the translated cases themselves, not the English ones
    assert any(c in cases for cases in mapped.values() for c in translated)
