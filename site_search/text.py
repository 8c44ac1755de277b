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


def fold(text: str) -> str:
    """Lower-case-agnostic diacritic folding: 'São Tomé' -> 'Sao Tome' (same as the browser's)."""
    return _MARKS.sub("", unicodedata.normalize("NFD", text))


def plain(markdown: str) -> str:
    """Markdown body to plain text for indexing and snippets (section headings dropped)."""
    text = _MD_HEADING.sub("", markdown)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_NOISE.sub("", text)
    return " ".join(text.split())
