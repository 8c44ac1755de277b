"""The search index builder: Lunr-compatible output, shards that score like the whole, compact files."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from lunr import lunr
from lunr.index import Index
from lunr.query import QueryPresence

from generator.links import Links
from site_search import text as search_text
from site_search.bundle import LUNR, LUNR_SHA256, build_search
from site_search.documents import FIELDS, facet_data, ref_of, result_card, search_document
from site_search.lunr_index import build, build_shards, dumps, plan_shards, shard_of, term_of, tokens
from site_search.text import fold, plain


@pytest.fixture(scope="module")
def documents(corpus):
    links = Links()
    return [search_document(case, i, links) for i, case in enumerate(corpus)]


@pytest.fixture(scope="module")
def full_index(documents):
    return build(documents, "ref", FIELDS)


def _canonical(index) -> str:
    return json.dumps(index, sort_keys=True, default=dict)


def test_builder_equals_lunr_py(documents):
    fields = [{"field_name": f.name, "boost": f.boost} for f in FIELDS]
    reference = lunr(ref="ref", fields=fields, documents=documents).serialize()
    assert _canonical(build(documents, "ref", FIELDS)) == _canonical(reference)


def test_index_has_no_position_metadata(full_index):
    for _term, posting in full_index["invertedIndex"]:
        for field, docs in posting.items():
            if field != "_index":
                assert all(meta == {} for meta in docs.values())


def test_refs_are_short(documents):
    assert [d["ref"] for d in documents[:3]] == ["0", "1", "2"]
    assert ref_of(36) == "10" and ref_of(1295) == "zz"


def test_documents_fold_diacritics_and_carry_labels(corpus):
    links = Links()
    case = next(c for c in corpus if "União" in c.body)
    doc = search_document(case, 0, links)
    assert "Uniao" in doc["body"] and "União" not in doc["body"]
    rantsev = search_document(corpus.by_id["ecthr-2010-rantsev"], 0, links)
    assert "Sexual exploitation" in rantsev["keywords"] and "Cyprus" in rantsev["keywords"]
    assert "European Court of Human Rights" in rantsev["court"]


def _search(index: dict, query: str) -> list[tuple[str, float]]:
    """The browser's query semantics (every word required), run by lunr.py."""
    idx = Index.load(index)
    q = idx.create_query()
    terms = [term_of(t) for t in tokens(fold(query))]
    for term in filter(None, terms):
        q.term(term, use_pipeline=False, presence=QueryPresence.REQUIRED)
    return [(r["ref"], round(r["score"], 6)) for r in idx.query(q)]


def _merge(parts: list[dict]) -> dict:
    vectors: dict[str, list] = {}
    for part in parts:
        for ref, elements in part["fieldVectors"]:
            vectors.setdefault(ref, []).extend(zip(elements[::2], elements[1::2], strict=True))
    return {**parts[0], "invertedIndex": sorted((t for p in parts for t in p["invertedIndex"]), key=lambda t: t[0]),
            "fieldVectors": [[ref, [v for pair in sorted(pairs) for v in pair]] for ref, pairs in vectors.items()]}


def _split(index: dict, prefixes: list[str]) -> dict[str, dict]:
    """The definition of the shards: the whole index, each term and each vector component put in the
    shard of the term's longest matching prefix (build_shards makes them without the whole index)."""
    terms: dict[str, list] = {}
    shard_of_index = {}
    for term, posting in index["invertedIndex"]:
        key = shard_of(term, prefixes)
        terms.setdefault(key, []).append([term, posting])
        shard_of_index[posting["_index"]] = key
    vectors: dict[str, list] = {}
    for ref, elements in index["fieldVectors"]:
        parts: dict[str, list] = {}
        for term_index, score in zip(elements[::2], elements[1::2], strict=True):
            parts.setdefault(shard_of_index[term_index], []).extend([term_index, score])
        for key, part in parts.items():
            vectors.setdefault(key, []).append([ref, part])
    return {key: {**index, "fieldVectors": vectors.get(key, []), "invertedIndex": terms[key]} for key in prefixes if key in terms}


@pytest.mark.parametrize("languages", [("en",), ("fr",), ("zh",)])
def test_shards_are_the_whole_index_split(documents, full_index, languages):
    from site_search.analysis import analyzer

    if languages == ("en",):
        whole, analysis = full_index, None
    else:
        analysis = analyzer(languages[0])
        whole = build(documents, "ref", FIELDS, analysis)
    prefixes, made = build_shards(documents, "ref", FIELDS, analysis, 300)
    shards = dict(made)
    assert prefixes == plan_shards(whole, 300) and len(shards) > 10
    expected = _split(whole, prefixes)
    assert list(shards) == list(expected)
    for key, text in shards.items():
        assert text == dumps(expected[key]), key


def test_shards_spooled_to_disk_are_the_same(documents, monkeypatch):
    """Past SPOOL_AT characters the shards' vectors wait in a temporary file: the shards must not change."""
    from site_search import lunr_index

    held = dict(build_shards(documents, "ref", FIELDS, None, 300)[1])
    spilled = []
    monkeypatch.setattr(lunr_index, "SPOOL_AT", 2000)
    monkeypatch.setattr(lunr_index._Spool, "_spill", lambda self, spill=lunr_index._Spool._spill: (spilled.append(1), spill(self)))
    assert dict(build_shards(documents, "ref", FIELDS, None, 300)[1]) == held
    assert len(spilled) > 20


@pytest.mark.parametrize("query", ["forced labour", "Rantsev", "smuggling boat", "debt bondage", "children domestic servitude"])
def test_shards_score_exactly_like_the_whole_index(documents, full_index, query):
    prefixes, texts = build_shards(documents, "ref", FIELDS, None, 300)
    shards = {key: json.loads(text) for key, text in texts}
    assert len(shards) > 10
    needed = {shard_of(term_of(t), prefixes) for t in tokens(fold(query)) if term_of(t)}
    merged = _merge([shards[p] for p in sorted(needed)])
    expected = _search(full_index, query)
    assert expected, query
    assert _search(merged, query) == expected


def test_shards_partition_terms_and_vectors(documents, full_index):
    prefixes, texts = build_shards(documents, "ref", FIELDS, None, 300)
    shards = {key: json.loads(text) for key, text in texts}
    assert len(set(prefixes)) == len(prefixes)
    terms = [t for s in shards.values() for t, _ in s["invertedIndex"]]
    assert sorted(terms) == [t for t, _ in full_index["invertedIndex"]]
    for key, shard in shards.items():
        for term, _ in shard["invertedIndex"]:
            # The longest matching prefix holds the term.
            assert term.startswith(key) and not any(p.startswith(key) and p != key and term.startswith(p) for p in prefixes)
    components = sum(len(v) for s in shards.values() for _, v in s["fieldVectors"])
    assert components == sum(len(v) for _, v in full_index["fieldVectors"])


def test_shard_plan_respects_the_size_limit(full_index):
    sizes = {t: sum(len(v) for k, v in p.items() if k != "_index") for t, p in full_index["invertedIndex"]}
    prefixes = plan_shards(full_index, 150)
    for prefix in prefixes:
        inside = [t for t in sizes if shard_of(t, prefixes) == prefix]
        total = sum(sizes[t] for t in inside)
        # Over the limit only when the shard holds a single term too big to split.
        assert total <= 150 or len(inside) == 1, prefix


def test_bundle_written_as_made_is_the_bundle_held(corpus, tmp_path):
    """A worker writes the cards and shards under a folder as they are made: the same files as held in memory."""
    held = build_search(corpus, Links(), language="fr", shard_postings=300)
    written = build_search(corpus, Links(), language="fr", shard_postings=300, folder=tmp_path)
    assert written.manifest == held.manifest and len(held.manifest["prefixes"]) > 10
    on_disk = {p.relative_to(tmp_path).as_posix(): p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.js")}
    assert len(written.files) < 10 < len(on_disk)
    assert {f.path: f.content for f in held.files} == {**on_disk, **{f.path: f.content for f in written.files}}
    again = build_search(corpus, Links(), language="fr", shard_postings=300, folder=tmp_path)  # folders already there
    assert again.manifest == held.manifest
    assert sorted(p.name for p in (tmp_path / "search").iterdir()) == sorted([held.manifest["docs"][7:], held.manifest["shards"][7:]])


def test_facet_data_decodes_to_the_right_cases(corpus):
    links = Links()
    data = facet_data(corpus, links)
    assert data["n"] == len(corpus)
    assert sum(run[1] for run in data["years"]) == len(corpus)
    crime = next(f for f in data["facets"] if f["param"] == "crime")
    for key, _label, deltas in crime["terms"]:
        docs, last = [], 0
        for gap in map(int, deltas.split(",")):
            last += gap
            docs.append(last)
        assert docs == [i for i, c in enumerate(corpus) if key in c["crime_types"]]


MARKDOWN_SAMPLES = [
    "## Facts\n\nSee [the judgment](https://example.org/j) and ![a map](m.png), *this* and __that__, `code`.\n> quoted",
    "Text with <b>bold</b>, a <!-- hidden\ncomment --> and a > sign, 3 < 4 and 5 > 2; a_b*c.",
    "# Only a heading\nA line with a #hash and [brackets] (not a link) and ]( alone.",
    "",
]


def test_plain_text_of_a_body(corpus):
    assert plain(MARKDOWN_SAMPLES[0]) == "See the judgment and a map, this and that, code. quoted"
    assert plain(MARKDOWN_SAMPLES[1]) == "Text with bold, a and a sign, 3 2; abc."
    # Each pattern skipped on text without its character: the same as every pattern on every text.
    def everything(markdown: str) -> str:
        text = search_text._MD_HEADING.sub("", markdown)
        text = search_text._MD_NOISE.sub("", search_text._MD_LINK.sub(r"\1", text))
        return " ".join(text.split())

    bodies = [case.body for case in corpus] + MARKDOWN_SAMPLES
    assert [plain(body) for body in bodies] == [everything(body) for body in bodies]


def test_result_card_is_plain_text(corpus):
    card = result_card(corpus.by_id["ecthr-2010-rantsev"], 0, Links())
    assert card["u"] == "cases/ecthr-2010-rantsev/" and card["t"] == "Rantsev v. Cyprus and Russia"
    assert "##" not in card["x"] and "<" not in card["x"]


def test_vendored_lunr_is_the_published_file():
    """Taken from the npm package as published, never edited: its hash is the one recorded."""
    assert hashlib.sha256(LUNR.read_bytes()).hexdigest() == LUNR_SHA256
    assert LUNR_SHA256 in (LUNR.parent / "README.md").read_text()


def test_bundle_names_are_content_hashed_and_small(corpus):
    bundle = build_search(corpus, Links())
    names = {f.path for f in bundle.files}
    assert any(re.fullmatch(r"search/lunr-2\.3\.9\.[0-9a-f]{10}\.js", n) for n in names)
    assert any(re.fullmatch(r"search/facets\.[0-9a-f]{10}\.js", n) for n in names)
    lunr_file = next(f for f in bundle.files if f.path.startswith("search/lunr-"))
    assert 'version="2.3.9"' in lunr_file.content
    facets = next(f for f in bundle.files if f.path.startswith("search/facets."))
    assert len(facets.content) < 60 * len(corpus) + 8000
    smaller = build_search(type(corpus)(corpus.cases[1:]), Links())
    assert {f.path for f in smaller.files if f.path.startswith("search/facets.")} != {facets.path}
    assert bundle.manifest["prefixes"] and bundle.manifest["n"] == len(corpus)
    shard_files = [f for f in bundle.files if f.path.startswith(bundle.manifest["shards"] + "/")]
    assert len(shard_files) == len(bundle.manifest["prefixes"])
    assert all(f.content.startswith('caselawSearch.receive("shard:') for f in shard_files)
    assert dumps({"a": 1}) == '{"a":1}'
