"""MkDocs events -> generator functions. No logic of its own beyond the wiring.

on_config loads and validates the cases (a broken case stops the build before
anything is written); on_files adds every generated page and file without writing them
into the docs folder; on_page_context hands each template the data it renders.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from ..corpus import Corpus, load
from ..pages import Page as SitePage
from ..pages import SiteError, SiteModel, build_site
from ..problems import render
from .config import CaseLawConfig


class CaseLawPlugin(BasePlugin[CaseLawConfig]):
    def __init__(self) -> None:
        self.corpus: Corpus | None = None
        self.model: SiteModel | None = None
        self.by_src: dict[str, SitePage] = {}

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        cases_dir = root / self.config.cases_dir
        if not cases_dir.is_dir():
            raise PluginError(f"caselaw: cases_dir '{cases_dir}' is not a folder")
        pinned = self.config.today or os.environ.get("CASELAW_TODAY", "")
        today = dt.date.fromisoformat(pinned) if pinned else dt.date.today()
        corpus, problems = load([cases_dir], today=today, root=root)
        if problems:
            raise PluginError(f"{len(problems)} problem(s) in the cases; nothing was built.\n" + render(problems, "human"))
        try:
            self.model = build_site(corpus, site_url=config.site_url or "", site_name=config.site_name,
                                    directory_urls=config.use_directory_urls, per_page=self.config.per_page)
        except SiteError as exc:
            raise PluginError(f"caselaw: {exc}") from None
        self.corpus = corpus
        self.by_src = {p.src: p for p in self.model.pages}
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.model is not None
        for page in self.model.pages:
            if files.get_file_from_path(page.src) is None:
                files.append(File.generated(config, page.src, content=_markdown(page), inclusion=InclusionLevel.NOT_IN_NAV))
        for output in self.model.files:
            files.append(File.generated(config, output.path, content=output.content))
        return files

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig, **kwargs: Any) -> dict[str, Any]:
        assert self.model is not None
        site_page = self.by_src.get(page.file.src_uri)
        if site_page:
            context.update(site_page.context)
        return context

    def on_env(self, env, config: MkDocsConfig, files: Files):  # type: ignore[no-untyped-def]
        assert self.model is not None
        env.globals["cl"] = self.model.links
        return env


def _markdown(page: SitePage) -> str:
    """Front matter MkDocs reads (title, template, description, hide), then the body."""
    import json

    meta: dict[str, Any] = {"title": page.title, "template": page.template, "description": page.description}
    if page.hide:
        meta["hide"] = list(page.hide)
    head = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items())
    return f"---\n{head}\n---\n\n{page.markdown}"
