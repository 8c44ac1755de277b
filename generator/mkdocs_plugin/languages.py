"""The other languages: one more MkDocs build per language, merged into the English site.

Material takes its own interface strings and text direction from ``theme.language``,
and MkDocs builds one navigation per build, so each language is a build of its own,
with its nav and site name translated and every page under its prefix (``fr/...``).
It runs in a scratch folder inside the site, reusing the cases the English build has
read, and its pages and search files are moved into the site; the theme's assets and
the files every language shares (data, feeds, citations) stay the English build's, so
a reader switching language downloads nothing twice. The pages of ``docs/`` are shown in
English inside each language, with a notice (theme/main.html).
"""

from __future__ import annotations

import gc
import gettext
import logging
import posixpath
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from .. import languages
from ..corpus import Corpus
from ..outputs import move_into
from ..search_jobs import SearchJobs
from ..translations import CaseTranslation
from .stamp import RenderedBodies

# Files each language's build makes that the English build already has or that only make sense once.
_NOT_MERGED = {"404.html", "sitemap.xml", "sitemap.xml.gz"}


@dataclass
class Shared:
    """What the English build hands to the build of each other language."""

    languages: tuple[str, ...]
    corpus: Corpus
    case_translations: dict[tuple[str, str], CaseTranslation]
    citations: dict[str, Any] | None = None  # the search page's citation files
    files: set[str] = field(default_factory=set)  # paths of the files every language shares
    page_urls: list[str] = field(default_factory=list)  # every page of every language, for the sitemap
    bodies: RenderedBodies = field(default_factory=RenderedBodies)  # case bodies rendered to HTML
    searches: SearchJobs | None = None  # every language's search, being built in a worker
    related_ids: dict[str, list[str]] | None = None  # each case's related cases, found once for every language


def _translate_nav(nav: Any, t: gettext.NullTranslations, prefix: str) -> Any:
    if isinstance(nav, str):
        return nav if "://" in nav else prefix + nav
    if isinstance(nav, dict):
        return {t.gettext(title): _translate_nav(value, t, prefix) for title, value in nav.items()}
    if isinstance(nav, list):
        return [_translate_nav(item, t, prefix) for item in nav]
    return nav


def localize_config(config: MkDocsConfig, language: str, t: gettext.NullTranslations) -> None:
    """Material's language and direction, the translated site name and navigation, pages under the prefix."""
    config.theme["language"] = language
    config.site_name = t.gettext(config.site_name)
    if config.site_description:
        description = " ".join(config.site_description.split())  # as the catalogue holds it (folded)
        config.site_description = t.gettext(description)
    if config.copyright:
        config.copyright = t.gettext(config.copyright)
    if config.nav:
        config.nav = _translate_nav(config.nav, t, languages.prefix(language))
    # Links from the pages of docs/ to files only the English build makes (data/cases.json...) are fixed in
    # the HTML (shared_links); MkDocs cannot see those files from here, so it is not asked to warn about them.
    config.validation.links.not_found = logging.DEBUG
    config.validation.links.unrecognized_links = logging.DEBUG


def rehome_docs(files: Files, config: MkDocsConfig, language: str, shared: set[str]) -> set[str]:
    """Move the pages of docs/ under the language's prefix; drop every other file (the English build has them)."""
    prefix = languages.prefix(language)
    moved: set[str] = set()
    for file in list(files):
        files.remove(file)
        if file.is_documentation_page():
            copy = File.generated(config, prefix + file.src_uri, abs_src_path=file.abs_src_path, inclusion=file.inclusion)
            files.append(copy)
            moved.add(copy.src_uri)
    return moved


_HREF = re.compile(r'(href|src)="([^"#?:]+)([#?][^"]*)?"')


def shared_links(html: str, src_uri: str, page_url: str, language: str, shared: set[str]) -> str:
    """In a page of docs/ moved under a prefix, point relative links to shared files back at the site root."""
    prefix = languages.prefix(language)
    source_dir = posixpath.dirname(src_uri.removeprefix(prefix))
    page_dir = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"

    def fix(match: re.Match[str]) -> str:
        attribute, href, rest = match.group(1), match.group(2), match.group(3) or ""
        if href.startswith("/"):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(source_dir, href))
        if target not in shared:
            return match.group(0)
        return f'{attribute}="{posixpath.relpath(target, page_dir or ".")}{rest}"'

    return _HREF.sub(fix, html)


def build_languages(config: MkDocsConfig, shared: Shared) -> None:
    """Build every language but English into the site MkDocs has just written."""
    site_dir = Path(config.site_dir)
    for language in shared.languages[1:]:
        scratch = Path(tempfile.mkdtemp(prefix=f".caselaw-{language}-", dir=site_dir))
        try:
            child = load_config(config_file=config.config_file_path, site_dir=str(scratch), docs_dir=config.docs_dir,
                                site_url=config.site_url, use_directory_urls=config.use_directory_urls, strict=config.strict)
            plugin = child.plugins["caselaw"]
            plugin.child_of, plugin.language = shared, language  # type: ignore[attr-defined]
            build(child)
            move_into(scratch, site_dir, skip=_NOT_MERGED)  # its own folder whole, new files (its search data)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        # A build's config, plugins, files and site model refer to each other: free them now, not
        # when the collector next gets round to it, or every language's model stays in memory.
        del child, plugin
        gc.collect()


