"""Text analysis per language: how text becomes index terms, here and in the browser.

Each language of the site has one analyzer; the index of a language analyses every
document with it (an English original in the French index goes through the French
analyzer), and the browser (``browser/analysis.js``) analyses queries with the same
steps, so that a word typed in the search box becomes the term it was indexed as.
``tests/test_search_languages.py`` runs both on every word of the shipped translations
and of the English records, in Chromium, and requires them to agree.

- ``en``: lunr's pipeline, unchanged (diacritics folded first, then lunr's tokenizer,
  trimmer, stop words and Porter stemmer), so the English index stays equal to lunr.py's.
  The browser follows lunr.py where lunr.js differs from it: lunr.py's trimmer leaves a
  token with inner punctuation whole ('"08/03895"'), and its Porter stemmer makes "day"
  "dai" and leaves "try" (lunr.js: "day", "tri"); queries analysed by lunr.js missed the
  cases indexed under such terms.
- ``fr``, ``es``, ``ru``: lower-cased, split on white space, hyphens, dashes, slashes and
  apostrophes (French elision: "l'exploitation" is "l" and "exploitation", and "l" is a
  stop word), non-word characters trimmed at both ends (Unicode letters, marks and digits
  are word characters), lunr-languages' stop words dropped (read from the vendored files
  the browser loads, so the lists are the same), the Snowball stemmer (NLTK's, as lunr.py
  registers it, here; lunr-languages' in the browser) applied to words of the language's
  script, then diacritics folded *after* stemming: the French rules see the accents, and
  "Sao Paulo" still finds "São Paulo". Russian writes ё as е before stemming (NLTK's
  stemmer does, lunr-languages' does not) and keeps й (a letter, not и with a mark).
- ``ar``: normalisation and Larkey's light10 stemmer, written here and in the browser (see
  :func:`light10`): lunr-languages' Arabic stemmer and NLTK's disagree on about half the
  words.
- ``zh``: overlapping character bigrams over runs of CJK characters (a run of one
  character is indexed as itself), as Lucene's CJK analyzer does; other words are
  lower-cased and folded, not stemmed. Every query term is required, so a query of
  several characters must contain all its bigrams.

A fault of NLTK's Russian stemmer is corrected so that both sides agree (see
``_russian_stemmer``); NLTK's French stemmer never un-accents a word's first letter ("él"),
which folding makes harmless. NLTK and lunr-languages still differ on rare forms outside the
project's texts, measured once on word lists: 17 of the 346,205 words of Debian's French
list (e.g. "indicatrice", "momentanément", "yéti") and 60 of 294,389 Russian forms drawn
from hunspell-ru (NLTK stems a Latin transliteration, which cuts "ъе", "юющ" and "йш"
wrongly: "объем", "воюющий", "гейша"). Spanish agreed on all 86,014 words of Debian's
list. None of these occurs in the project's texts, which the tests check in full.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable
from functools import cache, lru_cache
from pathlib import Path

from .lunr_index import term_of, tokens
from .text import fold

LANGUAGES = ("en", "fr", "es", "ar", "ru", "zh")
VENDOR = Path(__file__).parent / "browser" / "vendor"

# White space (as JavaScript's \s and Python's agree on it), hyphens and dashes, slash, apostrophes.
SEPARATORS = ("\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
              "\\-\u2010-\u2015/'\u2019\u02bc")
_SPLIT = re.compile(f"[{SEPARATORS}]+")
_MARKS = re.compile(r"[\u0300-\u036f]")


def words(text: str) -> list[str]:
    """Lower-cased words: split on SEPARATORS (the browser's ``words``)."""
    return [w for w in _SPLIT.split(text.lower()) if w]


def _is_word_char(char: str) -> bool:
    return unicodedata.category(char)[0] in "LMN"


def trim(word: str) -> str:
    """Non-word characters cut at both ends; word characters are Unicode letters, marks and digits."""
    start, end = 0, len(word)
    while start < end and not _is_word_char(word[start]):
        start += 1
    while end > start and not _is_word_char(word[end - 1]):
        end -= 1
    return word[start:end]


def fold_marks(text: str) -> str:
    """Diacritics folded away ('são' -> 'sao'), the rest recomposed (Arabic, Hangul stay whole)."""
    return unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFD", text)))


class Analyzer(ABC):
    """Text to index terms. ``prepare`` runs on a document's fields before ``terms``; a query is ``analyze``d."""

    language = ""
    pipeline: tuple[str, ...] = ()  # the serialized Lunr pipeline: labels lunr.js and lunr.py both know

    def prepare(self, text: str) -> str:
        return text

    @abstractmethod
    def terms(self, text: str) -> list[str]:
        """The index terms of a text, in order."""

    def analyze(self, text: str) -> list[str]:
        return self.terms(self.prepare(text))

    def sort_key(self, term: str) -> object:
        """Terms in the order lunr.js's TokenSet.Builder wants them: by UTF-16 code units."""
        return term.encode("utf-16-be")


class English(Analyzer):
    language = "en"
    pipeline = ("stemmer",)

    def prepare(self, text: str) -> str:
        return fold(text)

    def terms(self, text: str) -> list[str]:
        return [t for t in map(term_of, tokens(text)) if t is not None]

    def sort_key(self, term: str) -> object:
        return term  # as lunr.py sorts: the English index stays byte for byte lunr.py's


class _Words(Analyzer):
    """Split, trim, then one cached function per distinct word."""

    def __init__(self) -> None:
        self.term = lru_cache(maxsize=300_000)(self._term)

    @abstractmethod
    def _term(self, word: str) -> str | None:
        """The term of one word, or None when the word is not indexed (a stop word)."""

    def terms(self, text: str) -> list[str]:
        out = []
        for word in words(text):
            term = self.term(word)
            if term:
                out.append(term)
        return out


def stop_words(language: str) -> frozenset[str]:
    """lunr-languages' stop words for a language, read from the very file the browser loads."""
    source = (VENDOR / f"lunr.{language}.js").read_text(encoding="utf-8")
    found = re.findall(r"lunr\.generateStopWordFilter\('([^']*)'\.split\(' '\)\)", source)
    if len(found) != 1:
        raise ValueError(f"no stop word list in lunr.{language}.js")
    return frozenset(found[0].split(" "))


def _russian_stemmer():  # -> nltk.stem.snowball.SnowballStemmer
    """NLTK's Russian stemmer, its list of adjectival endings corrected.

    NLTK lists "ui^ushchaia" where it means "ui^ushchai^a" (-ующая), so "действующая"
    stemmed to "действующ" rather than "действ" (as lunr-languages and Snowball do).
    """
    from lunr.languages.stemmer import get_language_stemmer

    stemmer = get_language_stemmer("ru")
    inner = stemmer.stemmer
    name = "_RussianStemmer__adjectival_suffixes"
    suffixes = getattr(inner, name, ())
    if "ui^ushchaia" in suffixes:
        setattr(inner, name, tuple("ui^ushchai^a" if s == "ui^ushchaia" else s for s in suffixes))
    return stemmer


def _latin(word: str) -> bool:
    return all(ord(c) < 0x250 for c in word)


def _cyrillic(word: str) -> bool:
    return all(0x400 <= ord(c) <= 0x4FF for c in word)


def _import_nltk() -> None:
    """NLTK without SciPy: NLTK imports SciPy where it is installed (a second and more) for statistics we never
    use, and does without it where it is not (every such import is guarded)."""
    if "nltk" in sys.modules or "scipy" in sys.modules:
        return
    sys.modules["scipy"] = None  # type: ignore[assignment]  # "import scipy" fails at once
    try:
        import nltk  # noqa: F401
    finally:
        del sys.modules["scipy"]


class Snowball(_Words):
    """French, Spanish or Russian: stop words, Snowball stemming of the language's own words, folding."""

    def __init__(self, language: str) -> None:
        super().__init__()
        _import_nltk()
        from lunr.languages.stemmer import get_language_stemmer  # importing lunr.languages needs nltk; no download

        self.language = language
        self.stop = stop_words(language)
        if language == "ru":
            self.stem = _russian_stemmer().stem
            self.stems: Callable[[str], bool] = _cyrillic
        else:
            self.stem = get_language_stemmer(language).stem
            self.stems = _latin

    def _term(self, word: str) -> str | None:
        word = trim(word)
        if not word or word in self.stop:
            return None
        if self.language == "ru":
            word = word.replace("ё", "е")
        if not self.stems(word):
            return fold_marks(word) or None
        stem = self.stem(word)
        # Russian letters keep their marks (й is no и); ё is е already.
        return (stem if self.language == "ru" else fold_marks(stem)) or None


# --- Arabic --------------------------------------------------------------------------------

_AR_MARKS = re.compile("[\u064b-\u065f\u0670\u0640]")  # tashkeel (harakat, shadda, sukun...), superscript alef, tatweel
_AR_LETTERS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه",
                             **{chr(0x660 + d): str(d) for d in range(10)}, **{chr(0x6F0 + d): str(d) for d in range(10)}})
AR_PREFIXES = ("ال", "وال", "بال", "كال", "فال", "لل", "و")
AR_SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")  # light10's ية and ة are يه and ه once normalised
# Particles, prepositions and pronouns too common to search for (normalised as above). The project's own list.
_AR_STOP_WORDS = """
في من الي علي عن مع او ثم ان كان كانت يكون التي الذي الذين اللذين اللتين هذا هذه ذلك تلك هؤلاء هو هي هم هما
هن انا نحن انت انتم لا ما لم لن قد كل بين بعد قبل عند حتي اذا كما اي غير حيث لكن بل اما ايضا له لها لهم به بها
فيه فيها منه منها عليه عليها وقد وهو وهي وفي ومن ام
"""
AR_STOP_WORDS = frozenset(_AR_STOP_WORDS.split())  # browser/analysis.js has the same list (a test checks)


def normalize_arabic(word: str) -> str:
    """Tashkeel and tatweel removed; أ إ آ -> ا, ى -> ي, ة -> ه; Arabic-Indic digits -> 0-9."""
    return _AR_MARKS.sub("", word).translate(_AR_LETTERS)


def light10(word: str) -> str:
    """Larkey's light10 stemmer on a normalised word (in code points, as the browser counts them).

    Larkey, Ballesteros and Connell, "Light Stemming for Arabic Information Retrieval", in
    Arabic Computational Morphology (Springer, 2007; first as "Improving stemming for
    Arabic information retrieval", SIGIR 2002), as Lucene's ArabicStemmer implements it:
    at most one prefix of ال وال بال كال فال لل و, tried in that order, removed if two
    letters remain (three for و); then each suffix of ها ان ات ون ين يه ية ه ة ي, in that
    order, removed where found at the end if two letters remain.
    """
    return _arabic_suffix(_arabic_prefix(word))


def _arabic_prefix(word: str) -> str:
    for prefix in AR_PREFIXES:
        if word.startswith(prefix) and len(word) >= len(prefix) + (3 if prefix == "و" else 2):
            return word[len(prefix):]
    return word


def _arabic_suffix(word: str) -> str:
    for suffix in AR_SUFFIXES:
        if word.endswith(suffix) and len(word) >= len(suffix) + 2:
            word = word[: -len(suffix)]
    return word


class Arabic(_Words):
    language = "ar"

    def _term(self, word: str) -> str | None:
        word = normalize_arabic(trim(word))
        if not word or word in AR_STOP_WORDS:
            return None
        return fold_marks(light10(word)) or None


# --- Chinese -------------------------------------------------------------------------------

# Han (with its extensions and compatibility ideographs, 々〆〇), kana and Hangul: the scripts Lucene bigrams.
CJK_RANGES = ((0x1100, 0x11FF), (0x3005, 0x3007), (0x3040, 0x30FF), (0x3130, 0x318F), (0x31F0, 0x31FF),
              (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0x20000, 0x2FA1F))


def is_cjk(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in CJK_RANGES)


def bigrams(run: str) -> list[str]:
    """Overlapping character bigrams of a run of CJK characters; a run of one is itself."""
    return [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]


class Chinese(Analyzer):
    """NFKC (full-width forms to their plain ones), lower case, then CJK runs as bigrams and other words folded."""

    language = "zh"

    def terms(self, text: str) -> list[str]:
        out: list[str] = []
        for word in _SPLIT.split(unicodedata.normalize("NFKC", text).lower()):
            out += _chinese_word(word)
        return out


@lru_cache(maxsize=200_000)
def _chinese_word(word: str) -> tuple[str, ...]:
    """The terms of one space-separated word (memoised: most words of a corpus repeat)."""
    out: list[str] = []
    cjk: list[str] = []
    other: list[str] = []
    for char in word:
        if is_cjk(char):
            if other:
                out.append(fold_marks("".join(other)))
                other = []
            cjk.append(char)
        elif _is_word_char(char):
            if cjk:
                out += bigrams("".join(cjk))
                cjk = []
            other.append(char)
        else:
            if cjk:
                out += bigrams("".join(cjk))
                cjk = []
            if other:
                out.append(fold_marks("".join(other)))
                other = []
    if cjk:
        out += bigrams("".join(cjk))
    if other:
        out.append(fold_marks("".join(other)))
    return tuple(t for t in out if t)


@cache
def analyzer(language: str) -> Analyzer:
    """The analyzer of one of the site's languages."""
    if language == "en":
        return English()
    if language in ("fr", "es", "ru"):
        return Snowball(language)
    if language == "ar":
        return Arabic()
    if language == "zh":
        return Chinese()
    raise ValueError(f"search has no analyzer for '{language}'; languages: {', '.join(LANGUAGES)}")
