"""Search in the six UN languages: the same analysis in Python and in Chromium, indexes per language, the page's words.

The index of a language is analysed in Python (site_search/analysis.py) and its queries in the
browser (site_search/browser/analysis.js): the two must turn every word into the same term, or a
word typed in the search box misses the cases that contain it. They are compared here on every
word of the project's texts, in Chromium.

SYNTHETIC: the small corpora below are made up for these tests (their texts say so), on the
metadata of shipped cases, and never published.
"""

from __future__ import annotations

import dataclasses
import gettext
import hashlib
import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest
import yaml
from lunr import lunr
from lunr.index import Index
from lunr.query import QueryPresence

from generator.corpus import Corpus
from generator.links import Links
from site_search.analysis import (
    AR_PREFIXES,
    AR_STOP_WORDS,
    AR_SUFFIXES,
    CJK_RANGES,
    LANGUAGES,
    analyzer,
    bigrams,
    light10,
    normalize_arabic,
    stop_words,
)
from site_search.bundle import (
    BROWSER,
    LANGUAGE_SCRIPTS,
    LUNR,
    LUNR_LANGUAGES_SHA256,
    LUNR_SHA256,
    VENDOR,
    SearchBundle,
    build_search,
)
from site_search.documents import FIELDS, search_document
from site_search.lunr_index import build
from tests.browser import serve
from tests.conftest import CASES, ROOT

TRANSLATIONS = ROOT / "generator" / "schema" / "vocabularies" / "translations"
TRANSLATION_FILE = re.compile(r"\.(ar|en|es|fr|ru|zh)\.md$")
THEME = ROOT / "theme"
READY = "#cl-search[aria-busy=false][data-rendered-query]"


# --- the words --------------------------------------------------------------------------


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return []


def _chunks(texts: list[str]) -> set[str]:
    """Every whitespace-delimited piece of the texts: analysing each is analysing every word."""
    return {chunk for text in texts for chunk in text.split()}


@pytest.fixture(scope="module")
def words() -> dict[str, list[str]]:
    """Per language: every word its index holds from the project's texts.

    Translations (cases/**/*.<lang>.md, front matter and body; every string of
    translations/<lang>.yml) and, since untranslated originals are indexed in every
    language, every word of the English case records.
    """
    files = sorted(CASES.rglob("*.md"))
    english = [p.read_text(encoding="utf-8") for p in files if not TRANSLATION_FILE.search(p.name) and p.name != "README.md"]
    assert len(english) > 40
    out = {"en": sorted(_chunks(english))}
    for code in ("fr", "es", "ru", "ar", "zh"):
        texts = [p.read_text(encoding="utf-8") for p in files if p.name.endswith(f".{code}.md")]
        if code in ("fr", "es"):
            assert len(texts) >= 5, f"the shipped {code} case translations"
        texts += _strings(yaml.safe_load((TRANSLATIONS / f"{code}.yml").read_text(encoding="utf-8")))
        out[code] = sorted(_chunks(texts) | set(out["en"]))
    return out


@pytest.fixture(scope="module")
def analysis_page(browser, tmp_path_factory):
    """A page that loads the search's scripts as the search page does (lunr, lunr-languages, analysis.js), from disk."""
    folder = tmp_path_factory.mktemp("analysis")
    names = [LUNR.name, "lunr.stemmer.support.js", "lunr.fr.js", "lunr.es.js", "lunr.ru.js"]
    for name in names:
        (folder / name).write_bytes((VENDOR / name).read_bytes())
    (folder / "analysis.js").write_bytes((BROWSER / "analysis.js").read_bytes())
    tags = "".join(f'<script src="{name}"></script>' for name in [*names, "analysis.js"])
    (folder / "index.html").write_text(f"<!doctype html><meta charset=utf-8><title>analysis</title>{tags}", encoding="utf-8")
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((folder / "index.html").as_uri())
    page.wait_for_function("() => window.caselawAnalysis && window.lunr && lunr.fr && lunr.es && lunr.ru")
    yield page
    page.close()
    assert errors == []


def _browser_terms(page, language: str, texts: list[str]) -> list[list[str]]:
    return page.evaluate("([language, texts]) => texts.map(t => caselawAnalysis.analyzer(language).terms(t))", [language, texts])


# --- Python and the browser agree -------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_browser_analyses_every_word_as_the_index_did(analysis_page, words, language):
    texts = words[language]
    assert len(texts) > 5000
    python = [analyzer(language).analyze(t) for t in texts]
    browser = _browser_terms(analysis_page, language, texts)
    differ = {t: (p, b) for t, p, b in zip(texts, python, browser, strict=True) if p != b}
    assert not differ, f"{len(differ)} of {len(texts)} words analysed differently (Python, browser): {list(differ.items())[:20]}"
    assert sum(map(len, python)) > len(texts) / 2  # not agreement on nothing


def _ranges(codes: list[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for code in codes:
        if out and out[-1][1] == code - 1:
            out[-1][1] = code
        else:
            out.append([code, code])
    return out


def test_character_classes_agree_with_python(analysis_page):
    """Separators, word characters (for trimming) and CJK, over every code point Python's Unicode assigns."""
    found = analysis_page.evaluate("""() => {
        const a = caselawAnalysis.analyzer("fr");
        const sep = [], word = [], cjk = [];
        for (let c = 0; c < 0x110000; c++) {
            if (c >= 0xd800 && c <= 0xdfff) continue;
            const ch = String.fromCodePoint(c);
            if (/^[\\p{L}\\p{M}\\p{N}]$/u.test(ch)) word.push(c);
            if (caselawAnalysis.isCjk(ch)) cjk.push(c);
            if ((c < 0x3100 || c === 0xfeff) && a.terms("ab" + ch + "cd").length === 2) sep.push(c);
        }
        return { sep, word, cjk };
    }""")
    assigned = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and unicodedata.category(chr(c)) != "Cn"]
    js_word = set(found["word"])
    differ = [hex(c) for c in assigned if (unicodedata.category(chr(c))[0] in "LMN") != (c in js_word)]
    assert differ == [], f"word characters differ: {differ[:20]}"
    py_cjk = [c for c in range(0x110000) if any(lo <= c <= hi for lo, hi in CJK_RANGES)]
    assert _ranges(found["cjk"]) == _ranges(py_cjk)
    # Separators: what splits "ab?cd" in two words (the other non-word characters are trimmed at a word's ends only).
    french = analyzer("fr")
    py_sep = [c for c in [*range(0x3100), 0xFEFF] if len(french.analyze("ab" + chr(c) + "cd")) == 2]
    assert found["sep"] == py_sep and 0x20 in py_sep and ord("'") in py_sep and ord("x") not in py_sep


def test_browser_lists_are_the_python_lists():
    """Arabic stop words and affixes are written twice (analysis.py, analysis.js): the same."""
    source = (BROWSER / "analysis.js").read_text(encoding="utf-8")
    stop = re.search(r'AR_STOP_WORDS = \{\};\s*\((.*?)\)\.split\(" "\)', source, re.S)
    assert stop is not None
    js_stop = "".join(re.findall(r'"([^"]*)"', stop.group(1))).split(" ")
    assert frozenset(js_stop) == AR_STOP_WORDS and len(js_stop) == len(set(js_stop))
    assert all(normalize_arabic(w) == w for w in AR_STOP_WORDS), "stop words are compared once normalised"
    prefixes = re.search(r"AR_PREFIXES = \[(.*?)\];", source)
    suffixes = re.search(r"AR_SUFFIXES = \[(.*?)\];", source)
    assert prefixes and suffixes
    assert tuple(re.findall(r'"([^"]*)"', prefixes.group(1))) == AR_PREFIXES
    assert tuple(re.findall(r'"([^"]*)"', suffixes.group(1))) == AR_SUFFIXES


# --- the analyzers ----------------------------------------------------------------------


def test_english_is_lunr_py_pipeline_after_folding():
    a = analyzer("en")
    assert a.analyze("Trafficked workers of São Paulo") == ["traffick", "worker", "sao", "paulo"]
    assert a.analyze("the day an attorney") == ["dai", "attornei"]  # lunr.py's Porter stemmer, not lunr.js's
    assert a.pipeline == ("stemmer",)


def test_french_elision_stop_words_and_accents():
    a = analyzer("fr")
    assert a.analyze("l'exploitation") == a.analyze("exploitation") == a.analyze("exploitées") == ["exploit"]
    assert a.analyze("d’un réseau") == a.analyze("reseau")  # curly apostrophe, stop words, accents folded after stemming
    assert a.analyze("Sao Paulo") == a.analyze("São Paulo") == ["sao", "paulo"]
    assert "les" in stop_words("fr") and "de" in stop_words("fr")
    assert a.analyze("él") == ["el"]  # NLTK's step 6 leaves "él" (Snowball: "el"); folding after stemming evens it out


def test_spanish_and_russian():
    es, ru = analyzer("es"), analyzer("ru")
    assert es.analyze("explotación") == es.analyze("explotadas") == ["explot"]
    assert ru.analyze("эксплуатация") == ru.analyze("эксплуатации") == ["эксплуатац"]
    # NLTK's list of endings misspells -ующая: corrected, as lunr-languages and Snowball stem it.
    assert ru.analyze("действующая") == ru.analyze("действующий") == ["действ"]
    assert ru.analyze("её ещё") == []  # stop words, as lunr-languages lists them (with ё)
    assert ru.analyze("объём") == ru.analyze("объем")  # ё is е
    assert ru.analyze("Łódź") == ["łodz"]  # not Cyrillic: not stemmed (NLTK would transliterate it), folded


def test_arabic_light10():
    """Larkey's light10: one prefix (two letters must remain, three after و), then each suffix in turn."""
    assert normalize_arabic("أَحْمَد إِلى آخر مدرسة ٢٠١٥ كـتاب") == "احمد الي اخر مدرسه 2015 كتاب"
    assert light10("الكتاب") == "كتاب"
    assert light10("بالبشر") == "بشر"
    assert light10("والعمال") == "عمال"
    assert light10("وطن") == "وطن"  # و needs three letters after it
    assert light10("المعلمون") == "معلم"
    assert light10("مدرستها") == "مدرست"  # ها, then the ت of مدرسة stays (ة is ه only once normalised)
    assert light10("مدرسه") == "مدرس"
    assert light10("ال") == "ال" and light10("اله") == "ال"
    a = analyzer("ar")
    assert a.analyze("الاتجار بالبشر") == a.analyze("اتجار بشر") == ["اتجار", "بشر"]
    assert a.analyze("في من على إلى") == []  # stop words, normalised (على -> علي)


def test_chinese_bigrams():
    assert bigrams("强迫劳动") == ["强迫", "迫劳", "劳动"] and bigrams("案") == ["案"]
    a = analyzer("zh")
    assert a.analyze("强迫劳动，São Paulo案（２０１５）") == ["强迫", "迫劳", "劳动", "sao", "paulo", "案", "2015"]


# --- indexes per language (SYNTHETIC corpora) ------------------------------------------

FILLER_EN = "SYNTHETIC: no real decision. Workers were trafficked for forced labour on a farm."
CORPORA = {
    "fr": ("SYNTHÉTIQUE : aucune décision réelle. Des ouvrières exploitées dans un atelier de São Paulo ; "
           "l'employeur confisquait leurs passeports.",
           "SYNTHÉTIQUE : aucune décision réelle. Un passeur a transporté des migrants par bateau."),
    "es": ("SINTÉTICO: ninguna decisión real. Trabajadoras explotadas en un taller de costura; el empleador retenía sus pasaportes.",
           "SINTÉTICO: ninguna decisión real. Un traficante transportó migrantes en una lancha."),
    "ru": ("СИНТЕТИЧЕСКОЕ: не настоящее решение. Работники подвергались эксплуатации на стройке; работодатель отбирал паспорта.",
           "СИНТЕТИЧЕСКОЕ: не настоящее решение. Перевозчик переправлял мигрантов на лодке."),
    "ar": ("اصطناعي: ليس حكما حقيقيا. الاتجار بالبشر واستغلال العمال في المزارع.",
           "اصطناعي: ليس حكما حقيقيا. تهريب المهاجرين بالقوارب."),
    "zh": ("合成案例，并非真实判决。被告以强迫劳动方式剥削工人。",
           "合成案例，并非真实判决。走私移民案件。"),
}
# (query, the documents it must find: 0 the target text, 1 the other text, 2 the English original)
QUERIES = {
    "fr": [("exploitation", [0]), ("exploitées", [0]), ("l'exploitation", [0]), ("Sao Paulo", [0]), ("passeport", [0]),
           ("bateaux", [1]), ("exploitation bateau", []), ("trafficked", [2]), ("synthétique", [0, 1])],
    "es": [("explotación", [0]), ("explotada", [0]), ("pasaporte", [0]), ("lanchas", [1]), ("trafficked", [2])],
    "ru": [("эксплуатация", [0]), ("паспорт", [0]), ("лодка", [1]), ("эксплуатация лодка", []), ("trafficked", [2])],
    "ar": [("البشر", [0]), ("بشر", [0]), ("الاتجار", [0]), ("اتجار", [0]), ("استغلال", [0]), ("القارب", []),
           ("القوارب", [1]), ("trafficked", [2])],
    "zh": [("强迫劳动", [0]), ("剥削", [0]), ("劳动强迫", []), ("人工", []), ("走私移民", [1]), ("trafficked", [2])],
}
LABEL_LISTS = ("crime_types", "acts", "means", "purposes", "form", "sectors", "smuggling_elements", "transport_modes", "themes",
               "keywords")


def synthetic_corpus(corpus, language: str) -> Corpus:
    """Three SYNTHETIC cases on shipped metadata: two texts in ``language`` and an untranslated English one."""
    texts = [*CORPORA[language], FILLER_EN]
    cases = []
    for n, (base, text) in enumerate(zip(corpus.cases[:3], texts, strict=True)):
        data = {**base.data, "id": f"tst-2020-synthetic-{n}", "title": f"Synthetic {n} v. Nobody", "citation": f"SYNTHETIC {n}",
                "case_number": None, "court": "Synthetic Court", "summary": text, "decision_date": f"2020-01-0{n + 1}",
                "landmark": n == 0, **{name: [] for name in LABEL_LISTS}}
        cases.append(dataclasses.replace(base, data=data, body=text))
    return Corpus(tuple(cases))


def _payload(text: str) -> object:
    prefix = "caselawSearch.receive("
    assert text.startswith(prefix)
    decoder = json.JSONDecoder()
    _kind, end = decoder.raw_decode(text, len(prefix))
    payload, _ = decoder.raw_decode(text, end + 1)
    return payload


def _whole_index(bundle) -> dict:
    """The bundle's shards merged back into one index."""
    from tests.test_search_index import _merge

    return _merge([_payload(f.content) for f in bundle.files if f.path.startswith(bundle.manifest["shards"] + "/")])


def _found(index: dict, language: str, query: str) -> list[int]:
    """Document numbers for a query, every term required, as the browser asks."""
    idx = Index.load(index)
    q = idx.create_query()
    for term in analyzer(language).analyze(query):
        q.term(term, use_pipeline=False, presence=QueryPresence.REQUIRED)
    return sorted(int(r["ref"], 36) for r in idx.query(q))


@pytest.mark.parametrize("language", sorted(CORPORA))
def test_index_of_a_language_finds_inflected_words(corpus, language):
    small = synthetic_corpus(corpus, language)
    bundle = build_search(small, Links(), language=language)
    index = _whole_index(bundle)
    assert index["pipeline"] == []  # terms are final; nothing for lunr.js to resolve
    ids = [c.id for c in small]
    for query, want in QUERIES[language]:
        assert _found(index, language, query) == sorted(ids.index(f"tst-2020-synthetic-{n}") for n in want), query


def test_english_bundle_index_is_lunr_py(corpus):
    """The English bundle's shards, merged, are lunr.py's index of the same documents."""
    some = Corpus(corpus.cases[:12])
    links = Links()
    documents = [search_document(c, i, links) for i, c in enumerate(some)]
    reference = lunr(ref="ref", fields=[{"field_name": f.name, "boost": f.boost} for f in FIELDS], documents=documents).serialize()
    merged = _whole_index(build_search(some, links))
    canonical = lambda index: json.dumps(index, sort_keys=True, default=dict)  # noqa: E731
    assert canonical(build(documents, "ref", FIELDS)) == canonical(reference)
    assert {t for t, _ in merged["invertedIndex"]} == {t for t, _ in reference["invertedIndex"]}
    assert merged["pipeline"] == ["stemmer"]


def test_terms_are_in_utf16_order_for_lunr_js(corpus):
    """lunr.js's TokenSet.Builder wants terms sorted by UTF-16 code units, which differs from code points past U+FFFF."""
    small = synthetic_corpus(corpus, "fr")
    text = "SYNTHETIC 𠀀𠀁 ﬁle ﬁn"
    case = dataclasses.replace(small.cases[0], data={**small.cases[0].data, "summary": text}, body=text)
    cases = Corpus((case, *small.cases[1:]))
    french = analyzer("fr")
    documents = [search_document(c, i, Links(), prepare=french.prepare) for i, c in enumerate(cases)]
    terms = [t for t, _ in build(documents, "ref", FIELDS, french)["invertedIndex"]]
    assert {"𠀀𠀁", "ﬁle", "ﬁn"} <= set(terms) and terms.index("𠀀𠀁") < terms.index("ﬁle")
    assert terms == sorted(terms, key=lambda t: t.encode("utf-16-be")) != sorted(terms)
    bundle = build_search(cases, Links(), language="fr")
    for f in bundle.files:
        if f.path.startswith(bundle.manifest["shards"] + "/"):
            shard = [t for t, _ in _payload(f.content)["invertedIndex"]]
            assert shard == sorted(shard, key=lambda t: t.encode("utf-16-be"))


# --- bundles and vendored files ---------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_manifest_names_the_scripts_of_its_language(corpus, language):
    bundle = build_search(synthetic_corpus(corpus, language) if language != "en" else Corpus(corpus.cases[:5]), Links(), language=language)
    manifest, paths = bundle.manifest, {f.path: f for f in bundle.files}
    assert manifest["language"] == language
    scripts = manifest["scripts"]
    assert all(s in paths for s in scripts)
    assert re.fullmatch(r"search/lunr-2\.3\.9\.[0-9a-f]{10}\.js", scripts[0])
    assert re.fullmatch(r"search/analysis\.[0-9a-f]{10}\.js", scripts[-1])
    middle = [re.sub(r"\.[0-9a-f]{10}\.js$", ".js", s.removeprefix("search/")) for s in scripts[1:-1]]
    assert middle == list(LANGUAGE_SCRIPTS[language])
    assert middle == ([] if language in ("en", "ar", "zh") else ["lunr.stemmer.support.js", f"lunr.{language}.js"])
    for script in scripts[1:-1]:
        assert paths[script].content == (VENDOR / middle[scripts.index(script) - 1]).read_text(encoding="utf-8")
    assert bundle.script in paths and bundle.script not in scripts
    with pytest.raises(ValueError, match="languages"):
        build_search(corpus, Links(), language="de")


def test_vendored_files_are_the_published_ones():
    assert hashlib.sha256(LUNR.read_bytes()).hexdigest() == LUNR_SHA256
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    assert set(LUNR_LANGUAGES_SHA256) == {n for names in LANGUAGE_SCRIPTS.values() for n in names}
    for name, digest in LUNR_LANGUAGES_SHA256.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
        assert digest in readme, name
    assert "Mozilla Public License" in (VENDOR / "LICENSE-lunr-languages").read_text(encoding="utf-8")
    assert "MPL 1.1" in readme or "Mozilla Public License 1.1" in readme


# --- the page: messages, every string marked, right to left ----------------------------


class Marking(gettext.NullTranslations):
    """Every translated string between ⟦ and ⟧: what is not so marked was never translated."""

    def gettext(self, message: str) -> str:
        return f"⟦{message}⟧"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"⟦{singular if n == 1 else plural}⟧"


def render_search(manifest: dict, script: str, translations: gettext.NullTranslations | None = None) -> str:
    """theme/search.html's content, in an environment like the site's: i18n with newstyle gettext."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(THEME), extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(translations or gettext.NullTranslations(), newstyle=True)  # type: ignore[attr-defined]
    env.filters["url"] = lambda value: value
    template = env.get_template("search.html")
    context = template.new_context({"base_url": ".", "cl": Links(), "search": SearchBundle((), manifest, script),
                                    "citations": {"dir": "cite", "chunk": 50, "script": "search/citations.js"}})
    return "".join(template.blocks["content"](context))


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.scripts: dict[str, str] = {}
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script":
            self._script = a.get("id") or ""
        for name in ("placeholder", "aria-label", "title", "alt"):
            if a.get(name):
                self.texts.append(a[name] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.scripts[self._script] = self.scripts.get(self._script, "") + data
        elif data.strip():
            self.texts.append(data)


def _messages(html: str) -> dict:
    parser = _Visible()
    parser.feed(html)
    return json.loads(parser.scripts["cl-search-messages"])


def test_page_renders_with_null_translations(corpus):
    bundle = build_search(Corpus(corpus.cases[:3]), Links())
    html = render_search(bundle.manifest, bundle.script)
    assert "<h1>Search cases</h1>" in html and "Loading search…" in html
    messages = _messages(html)
    assert messages["cases"]["one"] == "%(count)s case" and messages["cases"]["other"] == "%(count)s cases"
    assert messages["foundPaged"] == "%(cases)s, page %(page)s of %(pages)s."
    assert json.loads(re.search(r'id="cl-search-manifest"[^>]*>(.*?)</script>', html).group(1)) == bundle.manifest


def test_every_visible_string_of_the_page_is_translated(corpus):
    bundle = build_search(Corpus(corpus.cases[:3]), Links())
    parser = _Visible()
    parser.feed(render_search(bundle.manifest, bundle.script, Marking()))
    # A translated sentence may hold links, so marked spans are looked for across text nodes and attributes.
    rest = re.sub(r"⟦.*?⟧", "", "\n".join(parser.texts), flags=re.S)
    untranslated = [line for line in rest.splitlines() if re.search(r"[^\W\d_]", line)]
    assert untranslated == [] and len(parser.texts) > 25
    messages = json.loads(parser.scripts["cl-search-messages"])
    flat = [v for value in messages.values() for v in (value.values() if isinstance(value, dict) else [value])]
    assert flat and all(v.startswith("⟦") and v.endswith("⟧") for v in flat)
    assert messages["cases"]["one"] == "⟦%(count)s case⟧" and messages["cases"]["few"] == "⟦%(count)s cases⟧"
    assert set(messages["cases"]) == {"zero", "one", "two", "few", "many", "other"}


def test_scripts_write_no_words_of_their_own():
    """search.js and citations.js take every word from the messages: no prose in their strings, every key rendered."""
    html = render_search({"language": "en"}, "search.js")
    keys = set(_messages(html))
    used: set[str] = set()
    for name in ("search.js", "citations.js"):
        source = (BROWSER / name).read_text(encoding="utf-8")
        code = re.sub(r"(?m)^\s*//.*$|//[^\"\n]*$", "", re.sub(r"/\*.*?\*/", "", source, flags=re.S))
        assert "'" not in code, f"{name}: strings in double quotes only, so that this test sees them all"
        literals = re.findall(r'"((?:[^"\\\n]|\\.)*)"', code)
        prose = [s for s in literals if (re.search(r"[A-Za-z]{2,}\s+[A-Za-z]", s) or re.match(r"[A-Z][a-z]", s))
                 and s != "use strict" and not all(w.startswith("cl-") for w in s.split())]
        assert prose == [], f"{name} writes words of its own: {prose}"
        used |= set(re.findall(r'\bt\("(\w+)"', code))
    assert used == keys, (used - keys, keys - used)


def _write(bundle, folder: Path, html: str, language: str) -> None:
    for f in bundle.files:
        path = folder / f.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f.content, encoding="utf-8")
    direction = "rtl" if language == "ar" else "ltr"
    (folder / "index.html").write_text(f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"><title>SYNTHETIC</title>'
                                       f'</head><body dir="{direction}">{html}</body></html>', encoding="utf-8")


def _shown(page) -> list[str]:
    return [h.rstrip("/").split("/")[-1] for h in page.eval_on_selector_all("#cl-results a", "els => els.map(e => e.getAttribute('href'))")]


@pytest.mark.parametrize("language", sorted(CORPORA))
def test_search_page_of_a_language_finds_its_words(corpus, page, tmp_path, language):
    """The page as built for a language: lunr.js loads the index, queries are analysed like it, results show."""
    small = synthetic_corpus(corpus, language)
    bundle = build_search(small, Links(), language=language)
    _write(bundle, tmp_path, render_search(bundle.manifest, bundle.script), language)
    with serve(tmp_path) as url:
        for query, want in QUERIES[language][:2] + [q for q in QUERIES[language] if not q[1]][:1]:
            page.goto(url + "index.html?q=" + query)
            page.wait_for_selector(READY)
            assert page.get_attribute("#cl-search", "data-rendered-query") == query
            assert _shown(page) == [f"tst-2020-synthetic-{n}" for n in want], query
            # The English messages (null translations), their plural form chosen by the page language's rules.
            status = page.inner_text("#cl-status")
            assert status == "No case matches." if not want else re.fullmatch(rf"{len(want)} cases?\.", status), status
        scripts = [u.split("/")[-1] for u in page.requests if "/search/" in u and "/index-" not in u and "/docs-" not in u]
        names = [re.sub(r"\.[0-9a-f]{10}\.js$", ".js", s) for s in scripts]
        assert set(LANGUAGE_SCRIPTS[language]) <= set(names) and "analysis.js" in names
        if language == "zh":
            page.goto(url + "index.html?q=强迫劳动")
            page.wait_for_selector(READY)
            assert set(page.eval_on_selector_all("#cl-results mark", "els => els.map(e => e.textContent)")) == {"强迫劳动"}
            page.goto(url + "index.html?q=劳")  # one character: the words it starts too
            page.wait_for_selector(READY)
            assert _shown(page) == ["tst-2020-synthetic-0"]


def test_typing_completes_the_last_word_in_french(corpus, page, tmp_path):
    small = synthetic_corpus(corpus, "fr")
    bundle = build_search(small, Links(), language="fr")
    _write(bundle, tmp_path, render_search(bundle.manifest, bundle.script), "fr")
    with serve(tmp_path) as url:
        page.goto(url + "index.html")
        page.wait_for_selector(READY)
        page.click("#cl-q")
        page.keyboard.type("ouvriè", delay=20)
        page.wait_for_selector('#cl-search[data-rendered-query="ouvriè"]')
        assert _shown(page) == ["tst-2020-synthetic-0"]
        assert set(page.eval_on_selector_all("#cl-results mark", "els => els.map(e => e.textContent)")) == {"ouvrières"}


def test_arabic_page_reads_right_to_left(corpus, page, tmp_path):
    """No left or right set by the script; the English title and text of a result say their language and direction."""
    small = synthetic_corpus(corpus, "ar")
    bundle = build_search(small, Links(), language="ar")
    _write(bundle, tmp_path, render_search(bundle.manifest, bundle.script), "ar")
    with serve(tmp_path) as url:
        page.goto(url + "index.html?q=trafficked")
        page.wait_for_selector(READY)
        assert page.eval_on_selector_all("#cl-search [style]", "els => els.length") == 0
        title = page.query_selector("#cl-results .cl-result__title")
        assert title.get_attribute("lang") == "en" and title.get_attribute("dir") == "ltr"
        snippet = page.query_selector("#cl-results .cl-snippet")
        # The caller localizes the corpus; a case whose text is the English original says so (Case.text_language).
        if snippet.get_attribute("lang"):
            assert snippet.get_attribute("dir") == "ltr"
        assert page.evaluate("getComputedStyle(document.querySelector('#cl-status')).direction") == "rtl"


def test_every_word_the_script_shows_comes_from_the_messages(corpus, page, tmp_path):
    """With every message marked, what search.js writes (status, pager, facets, years, landmark) is marked."""
    bundle = build_search(corpus, Links())
    _write(bundle, tmp_path, render_search(bundle.manifest, bundle.script, Marking()), "en")
    with serve(tmp_path) as url:
        page.goto(url + "index.html?q=court&sort=newest")
        page.wait_for_selector(READY)
        status = page.inner_text("#cl-status")
        assert re.fullmatch(r"⟦⟦\d+ cases⟧, page 1 of \d+\.⟧", status), status
        assert page.get_attribute("#cl-pager button[data-page='2']", "aria-label") == "⟦Page 2⟧"
        assert re.fullmatch(r"⟦Show all \d+⟧", page.inner_text(".cl-more[data-param=country]"))
        assert page.inner_text("[data-param=country] legend") == "⟦Country or court⟧"
        assert page.inner_text("#cl-from option[value='']") == "⟦Any year⟧"
        page.goto(url + "index.html?landmark=1")
        page.wait_for_selector(READY)
        metas = page.eval_on_selector_all("#cl-results .cl-meta:not(.cl-result__citation)", "els => els.map(e => e.textContent)")
        assert metas and all(m.endswith(" · ⟦Landmark⟧") for m in metas)
        page.goto(url + "index.html?q=zzzzqqq")
        page.wait_for_selector(READY)
        assert page.inner_text("#cl-status") == "⟦No case matches.⟧"
