"""The shipped starter corpus: every case valid, real-source rules, and its coverage."""

from __future__ import annotations

from collections import Counter

import jsonschema
import pytest

from generator.corpus import TRANSLATION, load
from generator.schema import published_schema
from generator.vocabularies import load_vocabularies
from tests.conftest import CASES, TODAY


@pytest.fixture(scope="module")
def corpus_and_problems():
    return load([CASES], today=TODAY, root=CASES.parent)


def test_every_shipped_case_validates(corpus_and_problems):
    corpus, problems = corpus_and_problems
    assert [p.human() for p in problems] == []
    assert len(corpus) >= 40


def test_coverage_of_the_starter_corpus(corpus_and_problems):
    corpus, _ = corpus_and_problems
    jurisdictions = {c["country"] for c in corpus}
    bodies = set(load_vocabularies()["international_bodies"])
    assert len(jurisdictions) >= 20
    assert jurisdictions & bodies, "international and regional courts are represented"
    assert sum("smuggling_of_migrants" in c["crime_types"] for c in corpus) >= 10
    assert sum(c["landmark"] for c in corpus) >= 8


def test_every_case_links_an_official_https_source(corpus_and_problems):
    corpus, _ = corpus_and_problems
    for case in corpus:
        official = [s for s in case["sources"] if s["official"]]
        assert official and all(s["url"].startswith("https://") for s in case["sources"]), case.path


def test_files_live_in_their_jurisdiction_folder(corpus_and_problems):
    corpus, _ = corpus_and_problems
    for case in corpus:
        assert case.path.split("/")[1] == case["country"].lower(), case.path


def test_published_schema_accepts_every_case_and_lists_terms(corpus_and_problems):
    corpus, _ = corpus_and_problems
    schema = published_schema()
    assert "forced_labour" in schema["properties"]["purposes"]["items"]["enum"]
    assert "ECTHR" in schema["properties"]["country"]["enum"]
    validator = jsonschema.Draft202012Validator(schema)
    for case in corpus:
        assert list(validator.iter_errors(case.data)) == [], case.path
    bad = dict(next(iter(corpus)).data, purposes=["not_a_purpose"])
    assert list(validator.iter_errors(bad))


def test_ids_are_unique_and_cover_all_files(corpus_and_problems):
    corpus, _ = corpus_and_problems
    counts = Counter(c.id for c in corpus)
    assert counts.most_common(1)[0][1] == 1
    case_files = [p for p in CASES.rglob("*.md") if p.parent != CASES and not TRANSLATION.search(p.name)]
    assert len(corpus) == len(case_files)
