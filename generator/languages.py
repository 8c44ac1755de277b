"""The languages the site is published in: names, direction, where each lives, dates.

English is the language of the records and sits at the site root; every other language
is a full copy of the interface under its own prefix (``/fr/``, ``/ar/``...), with the
same paths below it, so a page's counterpart in another language is found by swapping
the prefix. Dates and names of countries and languages come from CLDR through Babel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache, lru_cache

from babel import Locale
from babel.dates import format_date


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself, as the switcher shows it
    direction: str = "ltr"
    comma: str = ", "  # between the items of a list


# The six UN languages, in the order the switcher lists them.
LANGUAGES: dict[str, Language] = {lang.code: lang for lang in (
    Language("en", "English"),
    Language("fr", "Français"),
    Language("es", "Español"),
    Language("ar", "العربية", "rtl", "، "),
    Language("ru", "Русский"),
    Language("zh", "中文", comma="、"),
)}
DEFAULT = "en"  # the language of the records and of the site root
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


class UnknownLanguage(ValueError):
    pass


def check(codes: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """The configured languages, English first; a clear error for a code the site has no interface in."""
    unknown = [c for c in codes if c not in LANGUAGES]
    if unknown:
        raise UnknownLanguage(f"languages: {', '.join(unknown)} not available; choose from {', '.join(LANGUAGES)}")
    if not codes or codes[0] != DEFAULT:
        raise UnknownLanguage(f"languages: the first language must be '{DEFAULT}', the language of the case records")
    return tuple(dict.fromkeys(codes))


def prefix(code: str) -> str:
    """Where a language's pages live, from the site root: '' for English, 'fr/' for French."""
    return "" if code == DEFAULT else f"{code}/"


@cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


@lru_cache(maxsize=100_000)  # Babel takes some 50 µs a date; a site has a few thousand, on every page that lists their case
def long_date(iso: str, code: str = DEFAULT) -> str:
    """'2010-01-07' -> '7 January 2010', '7 janvier 2010', '2010年1月7日': day, month name and year, never ambiguous."""
    day = dt.date.fromisoformat(iso)
    if code == DEFAULT:
        return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
    return format_date(day, format="long", locale=_locale(code))


def territory_name(alpha_2: str, code: str) -> str | None:
    """A country's name in a language (CLDR), or None when CLDR has none."""
    return _locale(code).territories.get(alpha_2)


def language_name(iso_639_1: str, code: str) -> str | None:
    return _locale(code).languages.get(iso_639_1)


def currency_name(iso_4217: str, code: str) -> str | None:
    return _locale(code).currencies.get(iso_4217)
