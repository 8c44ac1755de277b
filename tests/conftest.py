"""Shared fixtures. Every case written here is SYNTHETIC: made up for tests, never published."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "cases"
TODAY = dt.date(2026, 11, 29)

SYNTHETIC_CASE = """\
---
id: tst-2020-synthetic-one
title: Synthetic Test Case v. Nobody
citation: Synthetic Test Case v. Nobody, TEST-1, 1 June 2020 (SYNTHETIC, not a real decision)
summary: A synthetic record used by the test suite; it describes no real decision and is never published.
country: GBR
court: Synthetic Test Court
court_level: first_instance
case_number: "TEST-1"
decision_date: 2020-06-01
legal_system: common_law
languages: [en]
crime_types: [trafficking_in_persons]
outcome: conviction
procedural_history:
  - court: Synthetic Test Court
    date: 2020-06-01
    decision: Conviction on all counts (synthetic).
victims:
  total: 3
  female: 2
  male: 1
  children: 1
  nationalities: [ROU]
  initials: [A.B.]
defendants:
  total: 1
  male: 1
charges:
  - defendants: The defendant
    offence: Trafficking in persons
    statute: Synthetic Act s. 1
    verdict: convicted
    sentence:
      imprisonment_months: 60
      fine: {amount: 1000, currency: GBP}
acts: [recruitment, harbouring]
means: [deception]
purposes: [forced_labour]
form: [transnational]
sectors: [agriculture]
themes: [victim_testimony]
keywords: [synthetic]
countries_involved:
  origin: [ROU]
  destination: [GBR]
sources:
  - url: https://example.org/synthetic-judgment
    title: Synthetic judgment
    kind: judgment
    language: en
    official: true
landmark: false
related_cases: []
cites: []
last_reviewed: 2026-11-01
---

## Facts

SYNTHETIC. The defendant recruited three workers abroad with false promises of
well-paid farm work and housed them in a caravan, keeping their wages. A.B. gave
evidence about the conditions on the farm.

## Legal reasoning

SYNTHETIC. The court found each element of the offence proved.
"""


def write_case(folder: Path, text: str, name: str = "case.md") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def corpus():
    """The shipped starter corpus, loaded once."""
    from generator.corpus import load

    corpus, problems = load([CASES], today=TODAY)
    assert problems == []
    return corpus


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The starter corpus built once with `caselaw build` (strict) into a scratch folder, in all six languages."""
    from tests.site_helpers import caselaw, copy_project

    project = copy_project(tmp_path_factory.mktemp("project"), languages=True)
    result = caselaw("build", "-d", "out", cwd=project)
    assert result.returncode == 0, result.stderr
    return project / "out"


@pytest.fixture(scope="module")
def browser():
    """A headless Chromium (Debian's) per test module: Playwright's sync API allows one at a time,
    and some modules drive their own."""
    from tests.browser import chromium

    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    """A fresh desktop-sized tab; it fails the test if a script on the page throws. page.requests lists every URL it asked for."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.requests = []  # type: ignore[attr-defined]
    page.on("request", lambda r: page.requests.append(r.url))  # type: ignore[attr-defined]
    yield page
    context.close()
    assert errors == []


@pytest.fixture(scope="session")
def base(site):
    """The built starter site served on 127.0.0.1."""
    from tests.browser import serve

    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def server(site):
    """The built starter site served as a careful host would, with caching headers and a request log."""
    from tests.readers import caching_server

    with caching_server(site) as s:
        yield s


@pytest.fixture
def synthetic_case() -> str:
    return SYNTHETIC_CASE


@pytest.fixture
def tmp_cases(tmp_path: Path) -> Path:
    folder = tmp_path / "cases"
    folder.mkdir()
    return folder
