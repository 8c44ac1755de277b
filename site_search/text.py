"""Text preparation shared by the index builder and mirrored by the browser code.

Diacritics are folded away on both sides, so "Sao Paulo" finds "São Paulo" and the
ASCII-only trimmer of lunr.js never cuts a word at an accented letter.
"""

from __future__ import annotations

import re
import unicodedata

_MARKS = re.compile(r"[\u0300-\u036f]")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_HEADING = re.compile(r"^#{1,6}\s.*$", re.M)
_MD_NOISE = re.compile(r"([*_`>]|<!--.*?-->|<[^>]+>)", re.S)
_NOISE_CHARACTERS = "*_`>"  # what _MD_NOISE takes out of text without a "<"


def fold(text: str) -> str:
    """Lower-case-agnostic diacritic folding: 'São Tomé' -> 'Sao Tome' (same as the browser's)."""
    return _MARKS.sub("", unicodedata.normalize("NFD", text))


def plain(markdown: str) -> str:
    """Markdown body to plain text for indexing and snippets (section headings dropped).

    Each pattern runs only on text holding the character it needs; without a "<", the noise is
    single characters, taken out by plain replacing (every language's search does this to every body).
    """
    text = _MD_HEADING.sub("", markdown) if "#" in markdown else markdown
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "<" in text:
        text = _MD_NOISE.sub("", text)
    else:
        for character in _NOISE_CHARACTERS:
            text = text.replace(character, "")
    return " ".join(text.split())
