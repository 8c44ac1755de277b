"""Serve's quick rebuilds: the pages of edited cases, in every language, in a fraction of a second.

A full build of thousands of cases in six languages takes minutes, and a contributor
editing a case wants to see it now. Each build made by ``caselaw serve`` leaves here, per
language, the shells its case pages were stamped into (see stamp.py) and the Jinja
environment that stamped them. When only case files change, serve re-reads the cases
(unchanged files come from corpus.load's cache), finds the cases whose page changed and
stamps just those pages, as the full build would (same shells, same partials, related
and citing cases found against the whole corpus); the full rebuild that brings lists,
statistics, search and the other cases' pages in step follows in the background.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..corpus import Corpus
from ..links import Links
from ..pages import Page, case_page, neighbour_ids
from ..translations import CaseTranslation
from .stamp import Shell, shape, stamp, write_page


@dataclass(frozen=True)
class Renderer:
    """What one language's build needs to stamp a case page again."""

    language: str
    links: Links  # the build's: its vocabularies in the language, loaded once
    shells: dict[tuple[str, int], Shell]  # the case page shells, by page shape
    env: Any
    site_url: str
    site_name: str
    directory_urls: bool
    prefix: str
    permalink_title: str
    render_markdown: Callable[[str], str]


# Set by serve before its builds: only then do builds keep their renderers (they hold each language's theme
# environment and shells, which an ordinary build frees).
keep = False
RENDERERS: dict[str, Renderer] = {}


def remember(renderer: Renderer, sample: Page | None = None) -> None:
    """Keep a language's renderer (when serving); ``sample``, a case page of the build, is stamped once more so
    that the templates it needs are compiled now, not at the first edit (the build compiled them in its workers)."""
    if not keep:
        return
    RENDERERS[renderer.language] = renderer
    shell = renderer.shells.get(shape(sample.src)) if sample is not None else None
    if sample is not None and shell is not None:
        stamp(sample, shell, renderer.env, renderer.render_markdown(sample.markdown), renderer.site_url,
              renderer.directory_urls, renderer.prefix, renderer.permalink_title)


Translations = dict[tuple[str, str], CaseTranslation]


def changed_cases(old: Corpus, new: Corpus, old_translations: Translations, new_translations: Translations) -> set[str]:
    """Ids of the cases whose own page differs between two versions of the database: new or edited cases,
    and cases whose translation was added, edited or removed."""
    changed = {case.id for case in new if old.by_id.get(case.id) != case}
    for key in old_translations.keys() | new_translations.keys():
        if old_translations.get(key) != new_translations.get(key) and key[0] in new.by_id:
            changed.add(key[0])
    return changed


def render_cases(site_dir: Path, corpus: Corpus, translations: Translations, ids: set[str]) -> list[str]:
    """Write the page of every case in ``ids``, in every language a build left a renderer for; return the URLs."""
    bodies: dict[str, str] = {}  # Markdown -> HTML, shared by the languages (untranslated cases)
    neighbours = {case_id: neighbour_ids(corpus, case_id) for case_id in ids}  # the same in every language
    urls = []
    for renderer in RENDERERS.values():
        for case_id in sorted(ids):
            page = case_page(corpus, case_id, renderer.links, site_url=renderer.site_url, site_name=renderer.site_name,
                             case_translations=translations, neighbours=neighbours[case_id])
            shell = renderer.shells.get(shape(page.src))
            if shell is None:  # no case page of this shape was built yet: the full rebuild will write it
                continue
            if page.markdown not in bodies:
                bodies[page.markdown] = renderer.render_markdown(page.markdown)
            url, html = stamp(page, shell, renderer.env, bodies[page.markdown], renderer.site_url, renderer.directory_urls,
                              renderer.prefix, renderer.permalink_title)
            write_page(site_dir, url, html)
            urls.append(url)
    return urls
