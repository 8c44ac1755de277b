"""Victims and witnesses by initials only: the name detector."""

from __future__ import annotations

import pytest

from generator.privacy import allowed_words, find_names


@pytest.mark.parametrize("text, name", [
    ("The victim, Maria Lopez, was 17.", "Maria Lopez"),
    ("Ms Rantseva died.", "Rantseva"),
    ("Anna Petrova, a 17-year-old victim, testified.", "Anna Petrova"),
    ("One witness, called Olga, was heard.", "Olga"),
    ("the complainant named João da Silva left", "João da Silva"),
    ("La víctima, Ana García, declaró.", "Ana García"),
])
def test_names_are_found(text, name):
    assert [h.name for h in find_names(text)] == [name]


@pytest.mark.parametrize("text", [
    "O.R. was a victim of trafficking.",
    "The victims, Nigerian nationals, were recruited in Lagos.",
    "The witness, Limassol Police Station, recorded the complaint.",
    "The applicant, a Russian national, left the cabaret.",
    "Mr Rantsev complained to the Court.",
])
def test_initials_roles_places_and_title_words_pass(text):
    assert find_names(text, allowed_words("Rantsev v. Cyprus and Russia")) == []


def test_line_offset_points_at_the_name():
    hits = find_names("First line.\nSecond line.\nThe victim, Maria Lopez, spoke.")
    assert hits[0].line_offset == 2
