"""Victims and witnesses by initials only: the name detector."""

from __future__ import annotations

from pathlib import Path

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


def _variants(key: str) -> list[str]:
    """A key as a summary might write it: any case, with a dotless ı or a dotted İ (which case-folds to two characters)."""
    return [key, key.upper(), key.title(), key.replace("i", "ı"), key.upper().replace("I", "İ"), key.replace("s", "ſ")]


def _every_text() -> list[str]:
    from generator import privacy

    texts = [path.read_text(encoding="utf-8") for path in (Path(__file__).parent.parent / "cases").rglob("*.md")]
    words = [*privacy._VICTIM_WORDS, *privacy._TITLES, *privacy._TITLES_ANY_CASE]
    for fragment in words:
        for variant in _variants(privacy._key(fragment)):
            for tail in ("", "s", "es", "e", ". Maria Lopez, 17", ", Maria Lopez, a", " named Olga Ivanova,"):
                texts += [f"{variant}{tail}", f"Anna Smith, a {variant}{tail} x", f"x{variant}{tail}", f"Mr. {variant}{tail} Mrs Doña Ana"]
    return texts


def test_the_words_are_looked_for_only_where_their_keys_are_yet_found_as_everywhere():
    """The scan that tries the patterns only where a key begins finds what trying them everywhere finds."""
    from generator import privacy

    texts = _every_text()
    assert len(texts) > 5000
    for text in texts:
        folded = privacy._folded(text)
        for pattern, keys in ((privacy._HONORIFIC_NAME[0], privacy._HONORIFIC_KEYS), (privacy._VICTIM_WORD, privacy._VICTIM_KEYS)):
            expected = [(m.span(), m.groupdict()) for m in pattern.finditer(text)]
            assert [(m.span(), m.groupdict()) for m in privacy._scan(pattern, keys, text, folded)] == expected, text


@pytest.mark.parametrize("fragment, key", [("victims?", "victim"), ("witness(?:es)?", "witness"), (r"M\.", "M."),
                                           (r"потерпевш\w*", "потерпевш"), ("señora?", "señor"), ("the domestic workers?", "the domestic worker")])
def test_a_key_is_what_every_match_begins_with(fragment, key):
    from generator.privacy import _key

    assert _key(fragment) == key


@pytest.mark.parametrize("text", ["The VİCTIM, Maria Lopez, was 17.", "The vıctim, Maria Lopez, was 17.", "The WITNEſS, Maria Lopez, was 17."])
def test_names_are_found_beside_letters_that_case_fold_oddly(text):
    assert [h.name for h in find_names(text)] == ["Maria Lopez"]
