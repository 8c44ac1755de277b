"""Stamping: Material renders one shell page per kind and depth; every case and list page
is that shell with its own title, head and body filled in.

Rendering Material's base template (header, tabs, navigation, footer) costs several
milliseconds a page and is the same for every case page at the same depth; only the
case's own parts differ. So MkDocs renders a shell once, with markers, and each page's
parts are rendered from the theme's own partials with the shell's template context (so
every relative URL comes out as MkDocs would write it) and put in place of the markers.
Pages without the site's chrome (the embed cards) have no shell: their template is
rendered whole. The work runs on every core.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import zlib
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from ..links import page_url
from ..pages import Page
from ..parallel import parallel_map
from ..progress import Progress

TITLE = "caselaw-stamp-title-3f9a"
DESCRIPTION = "caselaw-stamp-description-3f9a"
PATH = "caselaw-stamp-path-3f9a"  # the page's URL within its language, for the language switcher
PERMALINK = "caselaw-stamp-permalink-3f9a"  # the title of a heading's ¶ link, in the page's language
HEAD = "<!--caselaw:head-->"
CONTENT = "<!--caselaw:content-->"
SHELL_TEMPLATE = "stamp-shell.html"
# Template of a page -> (partial for its head, partial for its body).
PARTIALS = {
    "case.html": ("partials/case-head.html", "partials/case-content.html"),
    "listing.html": (None, "partials/listing-content.html"),
}
# Templates of whole pages without the site's chrome (an embed card per case): rendered directly with
# ``config`` and the page's own context, as MkDocs would, without a Markdown pass and a page object each.
WHOLE = {"embed.html"}
PARALLEL_FROM = 300


def shape(src: str) -> tuple[str, int]:
    """Pages of the same shape have URLs of the same depth, so the same relative links."""
    return ("index" if src == "index.md" or src.endswith("/index.md") else "leaf", src.count("/"))


def shell_src(template: str, page_shape: tuple[str, int]) -> str:
    kind, depth = page_shape
    name = template.removesuffix(".html")
    if kind == "leaf":
        return "/".join(["_stamp", *[f"{name}-{i}" for i in range(depth - 1)], f"{name}.md"])
    return "/".join([f"_stamp-{name}-{depth}", *(["x"] * (depth - 1)), "index.md"]) if depth else f"_stamp-{name}.md"


class RenderedBodies:
    """Case bodies rendered to HTML, for the languages after the first (an untranslated case's body is the English one).

    Kept by a digest of their Markdown, compressed: held as text, the Markdown and HTML of every
    body would be some 14 KB a case (700 MB at 50,000) in the build's process and in every worker
    forked from it.
    """

    def __init__(self) -> None:
        self._html: dict[bytes, bytes] = {}

    @staticmethod
    def key(markdown: str) -> bytes:
        return hashlib.blake2b(markdown.encode("utf-8"), digest_size=16).digest()

    @staticmethod
    def pack(html_text: str) -> bytes:
        return zlib.compress(html_text.encode("utf-8"), 1)

    def get(self, markdown: str) -> str | None:
        packed = self._html.get(self.key(markdown))
        return None if packed is None else zlib.decompress(packed).decode("utf-8")

    def add(self, key: bytes, packed: bytes) -> None:
        self._html[key] = packed


@dataclass
class Shell:
    src: str
    context: dict[str, Any] | None = None
    html: str | None = None


@dataclass
class Stamper:
    """Decides which pages are stamped, holds their shells, and writes the stamped pages."""

    pages: list[Page]
    shells: dict[tuple[str, tuple[str, int]], Shell] = field(default_factory=dict)

    @classmethod
    def for_pages(cls, pages: list[Page], keep: set[str]) -> Stamper:
        """Stamp every case and list page and embed card except those in ``keep`` (the ones the navigation names)."""
        stamped = [p for p in pages if (p.template in PARTIALS or p.template in WHOLE) and p.src not in keep]
        stamper = cls(stamped)
        for page in stamped:
            if page.template in WHOLE:
                continue
            key = (page.template, shape(page.src))
            if key not in stamper.shells:
                stamper.shells[key] = Shell(shell_src(*key))
        return stamper

    @property
    def srcs(self) -> set[str]:
        return {p.src for p in self.pages}

    def shell_for_src(self, src: str) -> Shell | None:
        return next((s for s in self.shells.values() if s.src == src), None)

    def shell_markdown(self) -> dict[str, str]:
        """Source path -> Markdown of each shell page."""
        return {shell.src: f"---\ntitle: {TITLE}\ndescription: {DESCRIPTION}\ntemplate: {SHELL_TEMPLATE}\n---\n"
                for shell in self.shells.values()}

    def write(self, site_dir: Path, env: Any, render_markdown: Any, site_url: str, directory_urls: bool, prefix: str = "",
              bodies: RenderedBodies | None = None, permalink_title: str = "Permanent link", config: Any = None) -> list[str]:
        """Write every stamped page; return the URLs of those in the sitemap. Shell pages are removed from the site.

        Bodies found in ``bodies`` are not rendered again, and the ones rendered here are added (the
        languages share the English bodies of untranslated cases).
        """
        global _JOB
        bodies = RenderedBodies() if bodies is None else bodies
        _JOB = _Job(self, site_dir, env, render_markdown, site_url, directory_urls, prefix, bodies, html.escape(permalink_title),
                    config)
        progress = Progress(f"Writing pages ({prefix.strip('/')})" if prefix else "Writing pages", len(self.pages))
        # The first page of each template is written here, before the workers are forked: they inherit the
        # templates it compiled (its partials and theirs), which each of them would otherwise compile again,
        # for every language (each language's build has its own environment).
        first: dict[str, int] = {}
        for index, page in enumerate(self.pages):
            first.setdefault(page.template, index)
        rest = [index for index in range(len(self.pages)) if first[self.pages[index].template] != index]
        for rendered in chain(map(_stamp_one, first.values()), parallel_map(_stamp_one, rest, minimum=PARALLEL_FROM, ordered=False)):
            if rendered:
                bodies.add(*rendered)
            progress.advance()
        progress.finish()
        _JOB = None
        for shell in self.shells.values():
            target = site_dir / _dest(page_url(shell.src, directory_urls))
            target.unlink(missing_ok=True)
            _remove_empty_parents(target.parent, site_dir)
        return [page_url(p.src, directory_urls) for p in self.pages if p.context.get("in_sitemap", True)]


@dataclass
class _Job:
    stamper: Stamper
    site_dir: Path
    env: Any
    render_markdown: Any
    site_url: str
    directory_urls: bool
    prefix: str  # of the language's pages ('' or 'fr/')
    bodies: RenderedBodies  # already rendered
    permalink_title: str
    config: Any  # MkDocs' config, for the WHOLE templates


_JOB: _Job | None = None


def _dest(url: str) -> str:
    return url + "index.html" if url == "" or url.endswith("/") else url


def _stamp_one(index: int) -> tuple[bytes, bytes] | None:
    """Write one page; return a body rendered for it (key and packed HTML, see RenderedBodies), for the next languages."""
    job = _JOB
    assert job is not None
    page = job.stamper.pages[index]
    if page.template in WHOLE:
        write_page(job.site_dir, page_url(page.src, job.directory_urls),
                   job.env.get_template(page.template).render({"config": job.config, **page.context}))
        return None
    shell = job.stamper.shells[(page.template, shape(page.src))]
    rendered = None
    body = ""
    if page.markdown:
        body = job.bodies.get(page.markdown) or ""
        if not body:
            body = job.render_markdown(page.markdown)
            rendered = (RenderedBodies.key(page.markdown), RenderedBodies.pack(body))
    url, out = stamp(page, shell, job.env, body, job.site_url, job.directory_urls, job.prefix, job.permalink_title)
    write_page(job.site_dir, url, out)
    return rendered


def stamp(page: Page, shell: Shell, env: Any, body_html: str, site_url: str, directory_urls: bool, prefix: str,
          permalink_title: str) -> tuple[str, str]:
    """(URL, HTML) of ``page`` stamped into its ``shell``; ``body_html`` is its Markdown body rendered."""
    assert shell.context is not None and shell.html is not None, f"shell {shell.src} was not rendered"
    context = {**shell.context, **page.context}
    if page.markdown:
        context["content_html"] = body_html
    head_template, body_template = PARTIALS[page.template]
    head = env.get_template(head_template).render(context) if head_template else ""
    body = env.get_template(body_template).render(context)
    shell_url = page_url(shell.src, directory_urls)
    url = page_url(page.src, directory_urls)
    out = (shell.html.replace(TITLE, html.escape(page.title)).replace(DESCRIPTION, html.escape(page.description))
           .replace(HEAD, head).replace(CONTENT, body).replace(PATH, url.removeprefix(prefix))
           .replace(PERMALINK, permalink_title))
    if site_url:
        out = out.replace(site_url + shell_url, site_url + url)
    return url, out


def write_page(site_dir: Path, url: str, text: str) -> None:
    target = site_dir / _dest(url)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


SITEMAP_URLS = 25_000  # a sitemap may hold 50,000 URLs and 50 MB: with seven alternates each, 25,000 stay well within


def write_sitemap(site_dir: Path, site_url: str, urls: list[str], lastmod: str, languages: tuple[str, ...] = ()) -> None:
    """sitemap.xml (and .gz) listing every page, stamped ones included, shells not.

    A page that exists in several languages names each of them (hreflang, English as x-default), as
    search engines read it; the pages' heads do not, because Material's script would fetch a sitemap
    for every such link. Past SITEMAP_URLS pages, sitemap.xml is a sitemap index naming sitemap-1.xml,
    sitemap-2.xml... (search engines refuse a sitemap of more than 50,000 URLs), and each is written
    as it is made: at 50,000 cases in six languages the whole text would be some 300 MB.
    """
    prefixes = {code: "" if i == 0 else f"{code}/" for i, code in enumerate(languages)}
    versions: dict[str, dict[str, str]] = {}  # path within a language -> language -> URL
    for url in set(urls):
        code = next((c for c, p in prefixes.items() if p and url.startswith(p)), languages[0] if languages else "")
        versions.setdefault(url.removeprefix(prefixes.get(code, "")), {})[code] = url
    ordered = sorted(set(urls))
    parts = [ordered[i:i + SITEMAP_URLS] for i in range(0, len(ordered), SITEMAP_URLS)] or [[]]
    if len(parts) == 1:
        _write_sitemap_file(site_dir / "sitemap.xml", _sitemap_entries(parts[0], site_url, lastmod, languages, prefixes, versions))
        return
    names = [f"sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    for name, part in zip(names, parts, strict=True):
        (site_dir / name).write_text(_sitemap_entries(part, site_url, lastmod, languages, prefixes, versions), encoding="utf-8")
    index = ['<?xml version="1.0" encoding="UTF-8"?>', '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
             *(f"<sitemap><loc>{html.escape(site_url + name)}</loc><lastmod>{lastmod}</lastmod></sitemap>" for name in names),
             "</sitemapindex>"]
    _write_sitemap_file(site_dir / "sitemap.xml", "\n".join(index) + "\n")


def _write_sitemap_file(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))


def _sitemap_entries(urls: list[str], site_url: str, lastmod: str, languages: tuple[str, ...], prefixes: dict[str, str],
                     versions: dict[str, dict[str, str]]) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for url in urls:
        lines.append(f"<url><loc>{html.escape(site_url + url)}</loc><lastmod>{lastmod}</lastmod>")
        code = next((c for c, p in prefixes.items() if p and url.startswith(p)), languages[0] if languages else "")
        found = versions[url.removeprefix(prefixes.get(code, ""))]
        if len(found) > 1:
            for other in languages:
                if other in found:
                    lines.append(f'<xhtml:link rel="alternate" hreflang="{other}" href="{html.escape(site_url + found[other])}"/>')
            if languages[0] in found:
                lines.append(f'<xhtml:link rel="alternate" hreflang="x-default" href="{html.escape(site_url + found[languages[0]])}"/>')
        lines.append("</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
