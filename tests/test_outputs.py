"""Writing and moving the built site's files."""

from __future__ import annotations

from pathlib import Path

from generator.outputs import LaterFile, OutputFile, move_into, write_outputs


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.is_file()}


def test_write_outputs_makes_the_folders_once_and_writes_text_and_bytes(tmp_path: Path):
    write_outputs(tmp_path, [OutputFile("a/b/one.json", "1"), OutputFile("a/b/two.json", "2"), OutputFile("c/img.png", b"\x89PNG"),
                             OutputFile("top.txt", "é")])
    assert _tree(tmp_path / "a") == {"b/one.json": "1", "b/two.json": "2"}
    assert (tmp_path / "c" / "img.png").read_bytes() == b"\x89PNG"
    assert (tmp_path / "top.txt").read_text(encoding="utf-8") == "é"


def test_a_later_file_is_made_when_it_is_written_and_only_then(tmp_path: Path):
    made = []

    def make(text: str) -> str:
        made.append(text)
        return text

    outputs = [LaterFile("data/a.json", lambda: make("a")), LaterFile("og/b.png", lambda: b"\x89PNG"), OutputFile("c.txt", "c"),
               LaterFile("data/big.csv", lambda: iter(["id,title\n", "x,é\n"]))]  # pieces, written as they come
    assert made == []  # describing the files makes none of them
    write_outputs(tmp_path, outputs)
    assert made == ["a"]  # once, when written
    assert _tree(tmp_path / "data") == {"a.json": "a", "big.csv": "id,title\nx,é\n"} and (tmp_path / "og" / "b.png").read_bytes() == b"\x89PNG"


def test_move_into_moves_new_folders_whole_and_keeps_what_the_target_has(tmp_path: Path):
    source, target = tmp_path / "scratch", tmp_path / "site"
    write_outputs(source, [OutputFile("fr/cases/x/index.html", "fr page"), OutputFile("search/lunr.js", "from fr"),
                           OutputFile("search/index-fr/0.js", "fr shard"), OutputFile("sitemap.xml", "fr sitemap"),
                           OutputFile("404.html", "fr 404")])
    write_outputs(target, [OutputFile("index.html", "en"), OutputFile("search/lunr.js", "from en"), OutputFile("404.html", "en 404")])
    folder = (source / "fr").stat().st_ino
    move_into(source, target, skip={"sitemap.xml"})
    assert (target / "fr").stat().st_ino == folder  # one rename, not a copy file by file
    assert _tree(target) == {"404.html": "en 404", "fr/cases/x/index.html": "fr page", "index.html": "en",
                             "search/index-fr/0.js": "fr shard", "search/lunr.js": "from en"}
    assert _tree(source) == {"404.html": "fr 404", "search/lunr.js": "from fr", "sitemap.xml": "fr sitemap"}
