"""MkDocs events -> generator functions. No logic of its own beyond the wiring.

on_config loads and validates the cases (a broken case stops the build before
anything is written) and derives the site model; on_files adds the generated pages and
files without writing them into the docs folder; on_page_context hands each template
the data it renders; on_post_build stamps the case and list pages into their shells
(see stamp.py), fills in the search page once its search is done (see search_jobs.py),
builds the other languages (see languages.py) and writes the sitemap.
"""

from __future__ import annotations

import datetime as dt
import gettext
import html
import json
import os
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import markdown
from jinja2.bccache import Bucket, BytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.utils import normalize_url

from .. import languages
from ..catalogues import translations as catalogue
from ..corpus import load
from ..fingerprint import fingerprint, rewrite
from ..links import CASE_FILES
from ..outputs import write_outputs
from ..pages import Page as SitePage
from ..pages import SiteError, SiteModel, build_site
from ..parallel import Background, BackgroundFailed
from ..problems import render
from ..sanitize import clean_html
from ..search_jobs import PendingSearch, SearchJobs
from ..translations import load_case_translations, translation_problems
from . import fast_markdown, fast_templates, quick
from .config import CaseLawConfig
from .languages import Shared, build_languages, localize_config, rehome_docs, shared_links
from .stamp import PATH, PERMALINK, Stamper, write_sitemap


def _nav_srcs(nav: Any) -> set[str]:
    """Source paths the navigation names: those pages stay ordinary MkDocs pages."""
    found: set[str] = set()
    if isinstance(nav, str):
        found.add(nav)
    elif isinstance(nav, dict):
        for value in nav.values():
            found |= _nav_srcs(value)
    elif isinstance(nav, list):
        for item in nav:
            found |= _nav_srcs(item)
    return found


class _CompiledTemplates(BytecodeCache):
    """Templates compiled once per process: each language's build, and each rebuild of ``serve``, reuses them
    (Jinja checks every template's source checksum, so an edited template is compiled again)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _CompiledTemplates()


class CaseLawPlugin(BasePlugin[CaseLawConfig]):
    def __init__(self) -> None:
        self.model: SiteModel | None = None
        self.by_src: dict[str, SitePage] = {}
        self.stamper: Stamper | None = None
        self.env: Any = None
        self.page_urls: list[str] = []
        self.assets: dict[str, tuple[str, bytes]] = {}
        self.translations: gettext.NullTranslations = gettext.NullTranslations()
        self.shared: Shared | None = None
        # Set by the English build on the build of each other language: what they share, and the language.
        self.child_of: Shared | None = None
        self.language = languages.DEFAULT
        self.permalink_title = "Permanent link"
        self.rehomed: set[str] = set()
        self.writing: Background | None = None  # the case files being written
        self.unfilled: list[tuple[Page, PendingSearch]] = []  # search pages written before their search was done

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        try:
            codes = languages.check(self.config.languages)
        except languages.UnknownLanguage as exc:
            raise PluginError(f"caselaw: {exc}") from None
        self.shared = self._load(config, codes) if self.child_of is None else self.child_of
        language = self.language
        self.translations = catalogue(language)
        if language != languages.DEFAULT:
            localize_config(config, language, self.translations)
        self.permalink_title = self.translations.gettext("Permanent link")  # the title of headings' ¶ links
        config.mdx_configs["toc"] = {**config.mdx_configs.get("toc", {}), "permalink_title": self.permalink_title}
        if len(codes) > 1:
            config.extra["alternate"] = True  # Material's header includes partials/alternate.html, our per-page switcher
        try:
            self.model = build_site(self.shared.corpus, site_url=config.site_url or "", site_name=config.site_name,
                                    directory_urls=config.use_directory_urls, per_page=self.config.per_page,
                                    language=language, languages=codes, translations=self.translations,
                                    case_translations=self.shared.case_translations, shared_citations=self.shared.citations,
                                    search=self.shared.searches.search(language) if self.shared.searches else None,
                                    related_ids=self.shared.related_ids)
        except SiteError as exc:
            raise PluginError(f"caselaw: {exc}") from None
        if language == languages.DEFAULT:
            self.shared.citations = self.model.citations
            self.shared.related_ids = {key: [c.id for c in cases] for key, cases in self.model.indexes.related.items()}
            self.shared.files = {f.path for f in self.model.files}
        self.by_src = {p.src: p for p in self.model.pages}
        self.stamper = Stamper.for_pages(list(self.model.pages), keep=_nav_srcs(config.nav))
        self.page_urls = []
        self.unfilled = []
        # The theme's own assets under content-hashed names (see fingerprint.py), so hosts can cache them for good.
        self.assets = fingerprint(Path(config.theme.custom_dir) if config.theme.custom_dir else None)
        config.extra_css = rewrite(config.extra_css, self.assets)
        config.extra_javascript = rewrite(config.extra_javascript, self.assets)
        if config.theme.get("favicon") in self.assets:
            config.theme["favicon"] = self.assets[config.theme["favicon"]][0]
        return config

    def _load(self, config: MkDocsConfig, codes: tuple[str, ...]) -> Shared:
        """The English build reads and checks the cases and their translations; the other languages reuse them."""
        root = Path(config.config_file_path).parent
        cases_dir = root / self.config.cases_dir
        if not cases_dir.is_dir():
            raise PluginError(f"caselaw: cases_dir '{cases_dir}' is not a folder")
        corpus, problems = load([cases_dir], today=self.today(), root=root)
        if problems:
            raise PluginError(f"{len(problems)} problem(s) in the cases; nothing was built.\n" + render(problems, "human"))
        wrong = translation_problems(cases_dir, corpus)
        if wrong:
            raise PluginError(f"{len(wrong)} problem(s) in the case translations; nothing was built.\n" + render(wrong, "human"))
        case_translations = load_case_translations([cases_dir])
        searches = SearchJobs.start(corpus, case_translations, codes, config.use_directory_urls, Path(config.site_dir))
        return Shared(codes, corpus, case_translations, searches=searches)

    def today(self) -> dt.date:
        """The date cases are checked against (decisions cannot be in the future): pinned in tests, else today."""
        pinned = self.config.today or os.environ.get("CASELAW_TODAY", "")
        return dt.date.fromisoformat(pinned) if pinned else dt.date.today()

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.model is not None and self.stamper is not None and self.shared is not None
        if self.language != languages.DEFAULT:
            self.rehomed = rehome_docs(files, config, self.language, self.shared.files)
        stamped = self.stamper.srcs
        for page in self.model.pages:
            if page.src not in stamped and files.get_file_from_path(page.src) is None:
                files.append(File.generated(config, page.src, content=_markdown(page), inclusion=InclusionLevel.NOT_IN_NAV))
        for src, text in self.stamper.shell_markdown().items():
            files.append(File.generated(config, src, content=text, inclusion=InclusionLevel.NOT_IN_NAV))
        # The data files (each case's data and citation files: thousands; the exports: the site's biggest files)
        # are written now, by a child process while MkDocs renders the pages, not held in MkDocs' files until
        # the end of the build. MkDocs is told of those that pages of docs/ may link to, and leaves them alone.
        if self.model.files:
            self.writing = Background(write_outputs, Path(config.site_dir), self.model.files)
        for output in self.model.files:
            if not output.path.startswith(CASE_FILES):
                files.append(_WrittenApart.generated(config, output.path, content=b""))
        self.model = replace(self.model, files=())
        for hashed, content in self.assets.values():
            files.append(File.generated(config, hashed, content=content))
        return files

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        assert self.model is not None
        env.bytecode_cache = _COMPILED
        env.add_extension("jinja2.ext.i18n")
        env.install_gettext_translations(self.translations, newstyle=True)
        fast_templates.install(env)
        env.globals["cl"] = self.model.links
        env.globals["cl_assets"] = {path: hashed for path, (hashed, _) in self.assets.items()}
        self.env = env
        return env

    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig, **kwargs: Any) -> dict[str, Any]:
        assert self.stamper is not None
        shell = self.stamper.shell_for_src(page.file.src_uri)
        # The page's own URL, for the language switcher; a shell's is filled in per page when stamping.
        context["cl_path"] = PATH if shell else page.url
        if shell:
            shell.context = dict(context)
            return context
        if page.file.src_uri in self.rehomed:
            context["cl_untranslated"] = True  # a page of docs/ shown in English inside another language's site
        site_page = self.by_src.get(page.file.src_uri)
        if site_page:
            context.update(site_page.context)
        return context

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Case bodies that MkDocs renders itself (a case named in the nav, a preview) get the allow-list too."""
        if page.file.src_uri in self.rehomed:
            assert self.shared is not None
            return shared_links(html, page.file.src_uri, page.url, self.language, self.shared.files)
        site_page = self.by_src.get(page.file.src_uri)
        return clean_html(html) if site_page is not None and site_page.markdown else html

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        assert self.stamper is not None
        shell = self.stamper.shell_for_src(page.file.src_uri)
        context = self.by_src.get(page.file.src_uri, _LISTED).context
        if shell:
            shell.html = output
        elif context.get("in_sitemap", True):  # embed cards stay out
            self.page_urls.append(page.url)
        search = context.get("search")
        if isinstance(search, PendingSearch):
            self.unfilled.append((page, search))
        return output

    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.stamper is not None and self.shared is not None
        self._written()
        # Bodies are rendered once for every language: the heading links' title is put in per page.
        mdx = {**config.mdx_configs, "toc": {**config.mdx_configs.get("toc", {}), "permalink_title": PERMALINK}}
        converter = fast_markdown.install(markdown.Markdown(extensions=config.markdown_extensions, extension_configs=mdx))

        def render_markdown(text: str) -> str:
            # Case bodies come from pull requests: whatever HTML they become is allow-listed.
            return clean_html(converter.reset().convert(text))

        site_dir = Path(config.site_dir)
        stamped = self.stamper.write(site_dir, self.env, render_markdown, config.site_url or "", config.use_directory_urls,
                                     languages.prefix(self.language), self.shared.bodies, self.permalink_title, config)
        self.shared.page_urls += self.page_urls + stamped
        tojson = self.env.from_string("{{ value | tojson }}")
        for page, search in self.unfilled:  # as written, after every plugin's on_post_page
            written = Path(page.file.abs_dest_path)
            filled = search.fill(written.read_text(encoding="utf-8"), lambda value: tojson.render(value=value),
                                 partial(normalize_url, page=page))
            written.write_text(filled, encoding="utf-8")
        self.unfilled = []
        assert self.model is not None
        quick.remember(quick.Renderer(self.language, self.model.links,
                                      {key[1]: shell for key, shell in self.stamper.shells.items() if key[0] == "case.html"},
                                      self.env, config.site_url or "", config.site_name, config.use_directory_urls,
                                      languages.prefix(self.language), self.permalink_title, render_markdown),
                       next((p for p in self.stamper.pages if p.template == "case.html"), None))
        if self.child_of is not None:
            self.model, self.by_src, self.stamper = None, {}, None
            return
        self.model, self.by_src, self.stamper = None, {}, None  # the English pages are written: free them for the others
        build_languages(config, self.shared)
        if self.shared.searches:
            self.shared.searches.finish(site_dir)
        if config.site_url:
            write_sitemap(site_dir, config.site_url, self.shared.page_urls, dt.date.today().isoformat(), self.shared.languages)

    def _written(self) -> None:
        """Wait for the case files (before stamping forks its workers); their failure fails the build."""
        if self.writing is not None:
            writing, self.writing = self.writing, None
            try:
                writing.wait()
            except BackgroundFailed as exc:
                raise PluginError(f"caselaw: could not write the cases' data files: {exc}") from None

    def on_build_error(self, error: Exception) -> None:
        if self.writing is not None:
            self.writing.cancel()
            self.writing = None
        if self.child_of is None and self.shared is not None and self.shared.searches is not None:
            self.shared.searches.cancel()

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when a case file changes, as for a page in docs/."""
        server.watch(str(Path(config.config_file_path).parent / self.config.cases_dir))
        return server


class _WrittenApart(File):
    """A file the build writes itself (see on_files): known to MkDocs for links, never written by it."""

    def copy_file(self, dirty: bool = False) -> None:
        return None


_LISTED = SitePage("", "", "")  # stands in for the pages of docs/, which are all in the sitemap


def _markdown(page: SitePage) -> str:
    """Front matter MkDocs reads (title, template, description, hide), then the body.

    Material prints the title and description without escaping, so they are escaped here.
    """
    meta: dict[str, Any] = {"title": html.escape(page.title), "template": page.template,
                            "description": html.escape(page.description)}
    if page.hide:
        meta["hide"] = list(page.hide)
    head = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in meta.items())
    return f"---\n{head}\n---\n\n{page.markdown}"
