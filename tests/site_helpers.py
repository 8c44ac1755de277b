"""Helpers for tests that build the site: copy the project, build it, read pages back."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

from tests.conftest import ROOT, TODAY


def copy_project(target: Path, *, languages: bool = False) -> Path:
    """mkdocs.yml, docs/, theme/ and cases/ in a scratch folder, to change without touching the repo.

    The copy builds in English only unless ``languages`` is set: the six-language site is built and
    checked once (the ``site`` fixture, tests/test_languages.py); tests of other things need not pay
    for six builds each.
    """
    target.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if not languages:
        config, count = re.subn(r"(?m)^(\s+languages: )\[.*\]$", r"\1[en]", config)
        assert count == 1, "mkdocs.yml: the caselaw plugin's languages line has moved"
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    for folder in ("docs", "theme", "cases"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


def caselaw(*args: str, cwd: Path, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CASELAW_TODAY": TODAY.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=timeout)


class PageParser(HTMLParser):
    """Collects links, ids, meta tags and JSON-LD of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()
        self.meta: dict[str, list[str]] = {}
        self.json_ld: list[str] = []
        self._in_ld = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        for attr in ("href", "src"):
            if attr in a:
                self.links.append((tag, attr, a[attr]))
        if tag == "meta":
            key = a.get("name") or a.get("property")
            if key:
                self.meta.setdefault(key, []).append(a.get("content", ""))
            if a.get("http-equiv") == "refresh":
                self.meta.setdefault("refresh", []).append(a.get("content", ""))
        if tag == "script" and a.get("type") == "application/ld+json":
            self._in_ld = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_ld = False

    def handle_data(self, data: str) -> None:
        if self._in_ld:
            self.json_ld.append(data)
        self.text.append(data)


def parse(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def page_file(site: Path, url: str) -> Path:
    path = site / url
    return path / "index.html" if url.endswith("/") or url == "" else path
