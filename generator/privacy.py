"""Victims and witnesses are named by initials only: find text that names them.

Structured fields cannot hold a name (the schema only allows initials). Prose is
checked for the ways summaries name people: an honorific before a name ("Ms Maria
Lopez"), a name in apposition to a victim word ("the victim, Maria Lopez"), a name
introduced as a victim ("Maria Lopez, a 17-year-old victim"), or "named"/"called".
Words of the case title and citation are allowed: they are the case's public name.
Case translations are checked too, so the honorifics and victim words of French,
Spanish, Portuguese and Russian are known, and names may be written in Cyrillic.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_NAME = r"[A-ZÀ-ÖØ-ÞА-ЯЁ][a-zà-öø-ÿа-яё'’-]+"
_PARTICLE = r"(?:(?:de|da|do|dos|das|van|von|der|del|la|le|bin|binti|al|el)\s+)"
_NAMES = rf"{_NAME}(?:\s+{_PARTICLE}?{_NAME})*"
_FULL = rf"{_NAME}(?:\s+{_PARTICLE}?{_NAME})+"
# Words for victims and witnesses (any case), and honorifics (as written, then any case).
_VICTIM_WORDS = ("victims?", "witness(?:es)?", "complainants?", "survivors?", "claimants?", "applicants?",
                 *(f"the {who}s?" for who in ("girl", "boy", "woman", "man", "child", "minor", "worker", "employee", "domestic worker")),
                 "víctimas?", "testigos?", "victimes?", "témoins?", "vítimas?", "testemunhas?", r"потерпевш\w*", r"свидетел\w*", r"жертв\w*")
_TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Mme", "Mlle", r"M\.", "Sr", "Sra", "Srta", "Don", "Doña", "Dr", "Herr", "Frau", "г-н", "г-жа")
_TITLES_ANY_CASE = ("madame", "mademoiselle", "monsieur", "señora?", "señorita", "господин", "госпожа", "гражданин", "гражданка")
_VICTIM = "(?i:" + "|".join(_VICTIM_WORDS) + ")"
_HONORIFIC = r"(?<!\w)(?:" + "|".join(_TITLES) + "|(?i:" + "|".join(_TITLES_ANY_CASE) + r"))\.?\s+"

_HONORIFIC_NAME = (re.compile(_HONORIFIC + rf"(?P<name>{_NAMES})"), "an honorific before a name")
# Patterns around a victim word, tried only where one occurs: one scan of the text finds
# the victim words, instead of every pattern being tried at every position of a long body.
_VICTIM_WORD = re.compile(rf"\b{_VICTIM}\b")
_AFTER: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf",?\s+(?:named|called|known as|identified as)\s+(?P<name>{_NAMES})"), "a victim or witness introduced by name"),
    (re.compile(rf",\s+(?P<name>{_FULL})\s*[,.;)]"), "a name beside a victim or witness"),
)
_BEFORE = (re.compile(rf"(?P<name>{_FULL}),\s+(?:a|an|the|one of the|une?|la|le|l'|el|una?|o|a|одн\w*)\s*(?:[\w-]+\s+){{0,3}}$"),
           "a name introduced as a victim or witness")


def _key(fragment: str) -> str:
    """The text every match of a regex ``fragment`` begins with: its leading literal characters (a character
    a quantifier makes optional left out). "victims?" -> "victim", "witness(?:es)?" -> "witness", "M\\." -> "M."."""
    key, at = "", 0
    while at < len(fragment):
        char = fragment[at]
        if char == "\\" and at + 1 < len(fragment) and not fragment[at + 1].isalnum():
            char, at = fragment[at + 1], at + 1
        elif char in "\\()[]{}|.^$*+?":
            return key[:-1] if char in "?*{" else key
        key += char
        at += 1
    return key


def _keys(fragments: Iterable[str]) -> tuple[str, ...]:
    """The keys of ``fragments``, less those that begin with another (where that one is found, so are they)."""
    keys = {_key(fragment) for fragment in fragments}
    return tuple(sorted(key for key in keys if not any(key != other and key.startswith(other) for other in keys)))


# Where a match can begin: the key of every alternative, found by str.find, which is many times faster than
# the regex engine trying its alternation at every position of a long body. Keys of words of any case are
# looked for in the text case-folded (see _folded). (Keys as written, keys of any case.)
_VICTIM_KEYS = ((), _keys(_VICTIM_WORDS))
_HONORIFIC_KEYS = (_keys(_TITLES), _keys(_TITLES_ANY_CASE))
_WINDOW = 160


# Words that make a capitalised phrase a place or an institution, not a person.
_NOT_A_PERSON = {
    "court", "police", "station", "street", "road", "club", "hotel", "restaurant", "farm", "bar",
    "company", "ltd", "inc", "ministry", "office", "service", "agency", "embassy", "republic",
    "island", "islands", "city", "province", "state", "district", "county", "region", "airport",
    "port", "centre", "center", "house", "prison", "tribunal", "government", "department",
}


@dataclass(frozen=True)
class NameHit:
    """A stretch of text that looks like it names a person."""

    name: str
    reason: str
    line_offset: int


# Enough to show a contributor what to fix; a hostile file could otherwise yield one per line.
MAX_HITS = 50


def find_names(text: str, allowed_words: Iterable[str] = ()) -> list[NameHit]:
    """Names in ``text`` that are not made only of ``allowed_words`` (title words, etc.)."""
    if text == text.lower():
        return []  # every pattern needs a capitalised name (vocabulary keys, dates: most short fields)
    folded = _folded(text)
    pattern, reason = _HONORIFIC_NAME
    found = [(m.start("name"), m.group("name"), reason) for m in _scan(pattern, _HONORIFIC_KEYS, text, folded)]
    for victim in _scan(_VICTIM_WORD, _VICTIM_KEYS, text, folded):
        for pattern, reason in _AFTER:
            match = pattern.match(text, victim.end())
            if match:
                found.append((match.start("name"), match.group("name"), reason))
        pattern, reason = _BEFORE
        match = pattern.search(text, max(0, victim.start() - _WINDOW), victim.start())
        if match:
            found.append((match.start("name"), match.group("name"), reason))
    if not found:
        return []
    allowed = {w.lower() for w in allowed_words}  # only now: most texts have no candidate at all
    hits: list[NameHit] = []
    newlines: list[int] | None = None
    for at, name, reason in sorted(set(found)):
        words = [w for w in re.split(r"[\s'’-]+", name) if w]
        if all(w.lower() in allowed for w in words) or words[-1].lower() in _NOT_A_PERSON:
            continue
        if newlines is None:  # line numbers by bisection: counting per hit is quadratic on a hostile file
            newlines = [m.start() for m in re.finditer("\n", text)]
        hits.append(NameHit(name, reason, bisect.bisect_left(newlines, at)))
        if len(hits) >= MAX_HITS:
            break
    return hits


def _folded(text: str) -> str | None:
    """``text`` case-folded, where that keeps every character at its place; else None.

    Where Python's regexes match a letter of a key ignoring case, the text's character case-folds
    to that letter, save the dotless ı (taken as i here) and the dotted İ (two characters folded:
    the text is then scanned the slow way).
    """
    folded = text.casefold()
    return folded.replace("ı", "i") if len(folded) == len(text) else None


def _scan(pattern: re.Pattern[str], keys: tuple[tuple[str, ...], tuple[str, ...]], text: str, folded: str | None) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds, the pattern tried only where one of ``keys`` begins: (keys as
    written, keys of any case). Its matches are never empty, so after one the next is looked for from its end."""
    if folded is None:
        yield from pattern.finditer(text)
        return
    starts: set[int] = set()
    for where, found in ((text, keys[0]), (folded, keys[1])):
        for key in found:
            at = where.find(key)
            while at != -1:
                starts.add(at)
                at = where.find(key, at + 1)
    end = 0
    for start in sorted(starts):
        if start >= end:
            match = pattern.match(text, start)
            if match:
                yield match
                end = match.end()


def allowed_words(*texts: str) -> set[str]:
    """Words that are the public name of the case (title, citation, court)."""
    return {w for t in texts for w in re.findall(r"[^\W\d_]+", t or "")}
