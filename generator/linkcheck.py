"""Link checking: every internal link and anchor of a built site, and (opt-in) the cases' sources.

``check_site`` reads every HTML page of a built site, resolves each internal address
(``href``, ``src``, ``srcset``, ``action``, a meta refresh) the way a browser would
against the page, and reports the ones that lead nowhere: a missing file, a folder
without ``index.html``, a path that climbs out of the site, or a ``#fragment`` that
is neither an ``id`` nor an ``<a name>`` of the target page. ``caselaw build`` runs it
on the staged site and refuses to publish a site with broken links.

``check_external`` asks the web whether the official sources of the cases still
answer (HEAD, then GET where HEAD is refused), a few at a time, each with a time
limit. It only reports; a court moving its website is no reason to stop a build.
"""

from __future__ import annotations

import concurrent.futures
import html
import os
import posixpath
import re
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urljoin, urlsplit

from .parallel import parallel_map
from .progress import Progress

_BASE = "http://site.invalid/"
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "cite"}
_REFRESH = re.compile(r"^\s*\d*\s*;?\s*url\s*=\s*['\"]?([^'\"]*)", re.I)
_SCRIPT_SCHEMES = re.compile(r"^\s*(javascript|vbscript|data):", re.I)


@dataclass(frozen=True, order=True)
class BrokenLink:
    """A link of a built page that leads nowhere."""

    page: str  # path of the page in the site, e.g. "cases/x/index.html"
    line: int
    url: str
    reason: str

    def human(self) -> str:
        return f"{self.page}:{self.line}: {self.url} -> {self.reason}"


@dataclass
class _Page:
    anchors: set[str]
    links: list[tuple[int, str]]
    base: str | None


# A start tag with its attributes; quoted values may hold '>'. Scripts, styles and comments are blanked
# first (keeping their line breaks) so that markup inside a script's strings is not taken for links.
_TAG_NAME = r"[a-zA-Z][a-zA-Z0-9-]*"
_TAG_ATTRIBUTES = r"(?:\s+[^\s=>/\"']+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>\"']+))?)*"
_TAG = re.compile(rf"<({_TAG_NAME})({_TAG_ATTRIBUTES})\s*/?>")
_TAG_TEXT = re.compile(rf"<{_TAG_NAME}{_TAG_ATTRIBUTES}\s*/?>")  # the same tags, as text only (see _scan)
_ATTRIBUTE = re.compile(r"([^\s=>/\"']+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>\"']+)))?")
# The attributes a tag must have for the check to need it: an anchor, an address, a refresh.
_WANTED = re.compile(r"(?:^|\s)(?:id|name|href|src|srcset|imagesrcset|action|formaction|poster|data|cite|http-equiv)\s*=", re.I)
_OPAQUE = re.compile(r"<(script|style|textarea|template)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.S | re.I)


def _blank(match: re.Match[str]) -> str:
    text = match.group(0)
    head = text[:text.index(">") + 1] if not text.startswith("<!--") else ""
    return head + "\n" * text.count("\n", len(head))


@dataclass(frozen=True)
class _Tag:
    """What one start tag contributes to its page."""

    anchors: tuple[str, ...]
    base: str | None
    links: tuple[str, ...]


def _read_tag(name: str, attributes: str) -> _Tag | None:
    if not attributes or not _WANTED.search(attributes):
        return None  # most tags (class and style only): nothing to record, skipped at the regex engine's speed
    tag = name.lower()
    values: dict[str, str] = {}
    for key, double, single, bare in _ATTRIBUTE.findall(attributes):  # a group that did not match is ""
        values.setdefault(key.lower(), html.unescape(double or single or bare))
    anchors = [values["id"]] if "id" in values else []
    if tag == "a" and "name" in values:
        anchors.append(values["name"])
    links: list[str] = []
    for key, value in values.items():
        if key in _URL_ATTRIBUTES:
            if tag == "link" and values.get("rel", "").lower() in ("preconnect", "dns-prefetch"):
                continue
            links.append(value)
        elif key in ("srcset", "imagesrcset"):
            links += [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]
    if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
        refresh = _REFRESH.match(values.get("content", ""))
        if refresh and refresh.group(1):
            links.append(refresh.group(1))
    base = values["href"] if tag == "base" and "href" in values else None
    return _Tag(tuple(anchors), base, tuple(links)) if anchors or links or base is not None else None


_READ_LIMIT = 200_000  # tags (by their text), addresses and resolved addresses kept in one check, each


_K = TypeVar("_K")
_V = TypeVar("_V")


def _keep(cache: dict[_K, _V], key: _K, value: _V) -> None:
    """Remember ``value``; a full cache starts afresh (pages come in path order: what the next pages share,
    their language's header and lists, comes back at once, where a cache that stopped growing would miss it
    on every page after the first 200,000 tags)."""
    if len(cache) >= _READ_LIMIT:
        cache.clear()
    cache[key] = value


def _text(path: Path) -> str:
    """A page's text with its scripts, styles and comments blanked (line breaks kept)."""
    return _OPAQUE.sub(_blank, path.read_text(encoding="utf-8", errors="replace"))


_UNREAD = _Tag((), None, ())  # not yet in the cache of tags read


def _tag_of(whole: str, read: dict[str, _Tag | None]) -> _Tag | None:
    found = read.get(whole, _UNREAD)
    if found is _UNREAD:
        match = _TAG.match(whole)
        assert match is not None
        found = _read_tag(match.group(1), match.group(2))
        _keep(read, whole, found)
    return found


def _parse(path: Path, read: dict[str, _Tag | None] | None = None, text: str | None = None) -> _Page:
    """Ids, names and addresses of a page, each address with its line: a fast tokenizer rather than a full
    parser, for big sites.

    ``read`` keeps the tags read, by their text, for the next pages: the header, navigation and
    footer of every page repeat the same tags (per depth), so most of a page's are looked up.
    """
    text = _text(path) if text is None else text
    page = _Page(set(), [], None)
    line, counted = 1, 0
    read = {} if read is None else read
    for match in _TAG_TEXT.finditer(text):
        found = _tag_of(match.group(0), read)
        if found is None:
            continue
        line += text.count("\n", counted, match.start())
        counted = match.start()
        page.anchors.update(found.anchors)
        if found.base is not None:
            page.base = found.base
        page.links += [(line, link) for link in found.links]
    return page


def _scan(text: str, read: dict[str, _Tag | None]) -> _Page | None:
    """What ``_parse`` finds, each distinct tag looked at once and no line counted (links get line 0): the
    tags of a page are listed by the regex engine, and a page has some 300, half of them repeated. None for
    a page with more than one ``<base>`` (the last one counts): ``_parse`` reads those."""
    page = _Page(set(), [], None)
    bases = 0
    for whole in dict.fromkeys(_TAG_TEXT.findall(text)):
        found = _tag_of(whole, read)
        if found is None:
            continue
        page.anchors.update(found.anchors)
        if found.base is not None:
            page.base = found.base
            bases += 1
        page.links += [(0, link) for link in found.links]
    return page if bases <= 1 else None


_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//|\\")


def _resolve(page: str, url: str, base: str | None) -> tuple[str, str] | None:
    """(site path of the target, fragment) of an internal link; None for an external one."""
    if not base and not _SCHEME.match(url):
        # The common case, a plain relative or root-relative address: path arithmetic, no URL parsing.
        rest, _, fragment = url.partition("#")
        raw = rest.partition("?")[0]
        if not raw:
            return page, unquote(fragment)
        relative = not raw.startswith("/")
        if relative and posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(raw))).split("/")[0] == "..":
            return "..", ""  # a browser would stop at the root; on a site served from a sub-folder it leaves the site
        path = unquote(posixpath.join("/", posixpath.dirname(page), raw) if relative else raw)
        normal = posixpath.normpath(path)
        if normal.startswith("//"):
            normal = normal[1:]
        if path.endswith("/") or normal == "/" or raw.rsplit("/", 1)[-1] in (".", ".."):  # "." and ".." name folders
            normal = normal.rstrip("/") + "/index.html"
        return normal.lstrip("/"), unquote(fragment)
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    if parts.path and not parts.path.startswith("/") and not base:
        climbed = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
        if climbed == ".." or climbed.startswith("../"):
            return "..", ""  # a browser would stop at the root; on a site served from a sub-folder it leaves the site
    joined = urljoin(urljoin(_BASE + page, base) if base else _BASE + page, url)
    target = urlsplit(joined)
    if target.netloc != "site.invalid":
        return None
    path = unquote(target.path)
    normal = posixpath.normpath(path)
    if path.endswith("/") or normal == "/":
        normal = normal.rstrip("/") + "/index.html"
    return normal.lstrip("/"), unquote(target.fragment)




_OWN, _ROOT = -1, -2  # what _depends_on says of an address that depends on its page, or on nothing


def _depends_on(url: str) -> int:
    """How many folders up from its page the target of ``url`` is decided: a relative address that
    climbs k folders ("../" k times) depends on the folder k levels up; _OWN for an address resolved
    against the page itself (a fragment, a query, a scheme), _ROOT for a root-relative one."""
    if _SCHEME.match(url) or url.startswith(("#", "?")):
        return _OWN
    if url.startswith("/"):
        return _ROOT
    climbs = 0
    while url.startswith("../", 3 * climbs):
        climbs += 1
    return climbs


def _ancestors(folder: str) -> list[str]:
    """A page's folder, its parent, ... up to the site root ("")."""
    parts = folder.split("/") if folder else []
    return ["/".join(parts[:len(parts) - k]) for k in range(len(parts) + 1)]


def _cache_key(name: str, ancestors: list[str], url: str, base: str | None, depends: int) -> tuple[str, str, str | None]:
    """What the target of ``url`` on page ``name`` depends on, so that pages share resolutions.

    An address that climbs k folders resolves the same from every folder with the same ancestor k
    levels up: the links of the site's header and footer, and between cases, resolve once for all the
    pages of a depth instead of once per page.
    """
    if base or depends == _OWN:
        return (name, url, base)
    if depends == _ROOT:
        return ("/", url, None)
    return (ancestors[depends] if depends < len(ancestors) else "../", url, None)


@dataclass
class _Checker:
    """One check of a site: its files, and what its pages share (resolved addresses, facts about them).

    Each page is parsed and its links checked where it is parsed, on every core for big sites; only
    its broken links and its links to a fragment of another page come back, and the pages those point
    to are read again for their anchors at the end. (Sending every page's links back took as much
    memory as the site model; every page's anchors, some 16 a page, were kept for links that are rare.)
    The caches are bounded: a site's distinct addresses grow with its pages.
    """

    site: Path
    files: frozenset[str]
    resolved: dict[tuple[str, str, str | None], tuple[str, str] | None] = field(default_factory=dict)
    # Per address (the same few hundred recur on every page): a script address? what it depends on.
    facts: dict[str, tuple[bool, int]] = field(default_factory=dict)
    tags: dict[str, _Tag | None] = field(default_factory=dict)  # see _parse

    def page(self, name: str) -> tuple[list[BrokenLink], list[tuple[str, str, BrokenLink]]]:
        """(its broken links, (target, fragment, link) for fragments of other pages).

        Each distinct address is checked once (see _scan); a page with a broken one is read again for the
        line of every link to it. The links to fragments of other pages have line 0 until then (see check_site).
        """
        text = _text(self.site / name)
        page = _scan(text, self.tags)
        if page is not None:
            broken, elsewhere = self._links(name, page)
            if not broken:
                return broken, elsewhere
        return self._links(name, _parse(self.site / name, self.tags, text))

    def _links(self, name: str, page: _Page) -> tuple[list[BrokenLink], list[tuple[str, str, BrokenLink]]]:
        files, broken, elsewhere = self.files, [], []
        ancestors = _ancestors(posixpath.dirname(name))
        for line, url in page.links:
            url = url.strip()
            fact = self.facts.get(url)
            if fact is None:
                fact = (bool(_SCRIPT_SCHEMES.match(url)), _depends_on(url))
                _keep(self.facts, url, fact)
            if fact[0]:
                broken.append(BrokenLink(name, line, url, "a script or data: address in a published page"))
                continue
            if not url or url == "#":
                continue
            key = _cache_key(name, ancestors, url, page.base, fact[1])
            if key in self.resolved:
                resolved = self.resolved[key]
            else:
                resolved = _resolve(name, url, page.base)
                _keep(self.resolved, key, resolved)
            if resolved is None:
                continue
            target, fragment = resolved
            if target == ".." or target.startswith("../"):
                broken.append(BrokenLink(name, line, url, "leads outside the site"))
                continue
            if target not in files and target.rstrip("/") + "/index.html" in files:
                target = target.rstrip("/") + "/index.html"
            if target not in files:
                broken.append(BrokenLink(name, line, url, f"no such file: {target}"))
                continue
            if fragment and target.endswith(".html"):
                missing = BrokenLink(name, line, url, f"no id or name '{fragment}' in {target}")
                if target != name:
                    elsewhere.append((target, fragment, missing))
                elif fragment not in page.anchors:
                    broken.append(missing)
        return broken, elsewhere


_CHECKER: _Checker | None = None  # set before the workers are forked, which inherit it
_PARALLEL_FROM = 500  # pages; below this, starting processes costs more than it saves


def _check_page(name: str) -> tuple[list[BrokenLink], list[tuple[str, str, BrokenLink]]]:
    assert _CHECKER is not None
    return _CHECKER.page(name)


def check_site(site: Path) -> list[BrokenLink]:
    """Every broken internal link and anchor of the HTML pages under ``site``."""
    global _CHECKER
    site = Path(site)
    files, pages = _listing(site)
    _CHECKER = _Checker(site, frozenset(files))
    broken: list[BrokenLink] = []
    elsewhere: list[tuple[str, str, BrokenLink]] = []
    progress = Progress("Checking links", len(pages))
    try:
        for page_broken, page_elsewhere in parallel_map(_check_page, pages, minimum=_PARALLEL_FROM):
            broken += page_broken
            elsewhere += page_elsewhere
            progress.advance()
    finally:
        _CHECKER = None
    progress.finish()
    anchors = {target: _parse(site / target).anchors for target in {target for target, _, _ in elsewhere}}
    missing = [link for target, fragment, link in elsewhere if fragment not in anchors[target]]
    return sorted({*broken, *_with_lines(site, missing)})


def _listing(site: Path) -> tuple[list[str], list[str]]:
    """(every file of the site, its HTML pages newest first).

    Newest first, because those are the pages the system's page cache still holds: a big site is larger
    than the memory (six languages at 50,000 cases: 12 GB of pages, 24 GB in all), and reading it in the
    order it was written made each page read push out of the cache one that was about to be read.
    """
    files: list[str] = []
    pages: list[tuple[int, str]] = []
    for folder, _dirs, names in os.walk(site):
        relative = Path(folder).relative_to(site).as_posix()
        prefix = "" if relative == "." else relative + "/"
        for name in names:
            files.append(prefix + name)
            if name.endswith(".html"):
                pages.append((-os.stat(os.path.join(folder, name), follow_symlinks=False).st_mtime_ns, prefix + name))
    pages.sort()
    return files, [name for _, name in pages]


def _with_lines(site: Path, links: list[BrokenLink]) -> Iterator[BrokenLink]:
    """``links`` found without their line (0) once for every line their page has them on."""
    pages: dict[str, dict[str, BrokenLink]] = {}
    for link in links:
        if link.line:
            yield link
        else:
            pages.setdefault(link.page, {})[link.url] = link
    for name, by_url in pages.items():
        for line, url in _parse(site / name).links:
            link = by_url.get(url.strip())
            if link is not None:
                yield BrokenLink(name, line, link.url, link.reason)


def explain(broken: Iterable[BrokenLink], limit: int = 50) -> str:
    items = list(broken)
    lines = [item.human() for item in items[:limit]]
    if len(items) > limit:
        lines.append(f"... and {len(items) - limit} more")
    return "\n".join(lines)


# --- external links (opt-in) ----------------------------------------------------------------------------

@dataclass(frozen=True)
class ExternalResult:
    """What one external address answered."""

    url: str
    status: int | None  # the final HTTP status, None when there was no answer
    ok: bool
    detail: str
    cases: tuple[str, ...] = ()  # ids of the cases that cite the address


def source_urls(cases: Iterable[object]) -> dict[str, list[str]]:
    """Official source addresses of the cases, each with the ids of the cases that cite it."""
    found: dict[str, list[str]] = {}
    for case in cases:
        for source in case.get("sources") or []:  # type: ignore[attr-defined]
            if isinstance(source, dict) and source.get("official") and isinstance(source.get("url"), str):
                found.setdefault(source["url"], []).append(case.id)  # type: ignore[attr-defined]
    return found


class _NoRedirectLoops(urllib.request.HTTPRedirectHandler):
    max_redirections = 10


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_NoRedirectLoops())


_USER_AGENT = "caselaw-link-check/1 (+https://github.com/; checks that case sources still answer)"


def _ask(opener: urllib.request.OpenerDirector, url: str, method: str, timeout: float) -> int:
    request = urllib.request.Request(url, method=method, headers={"User-Agent": _USER_AGENT, "Accept": "*/*"})
    try:
        with opener.open(request, timeout=timeout) as response:
            if method == "GET":
                response.read(1024)
            return response.status
    except urllib.error.HTTPError as exc:
        exc.close()
        return exc.code


def check_url(url: str, timeout: float = 10.0, opener: urllib.request.OpenerDirector | None = None) -> ExternalResult:
    """HEAD, then GET where HEAD is refused or fails: alive when the final answer is 2xx."""
    if urlsplit(url).scheme not in ("http", "https"):
        return ExternalResult(url, None, False, "not an http(s) address")
    opener = opener or _opener()
    status: int | None = None
    detail = ""
    for method in ("HEAD", "GET"):
        try:
            status = _ask(opener, url, method, timeout)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            status, detail = None, f"no answer ({reason})"
            continue
        if 200 <= status < 300:
            return ExternalResult(url, status, True, f"{method} {status}")
        detail = f"{method} {status}"
        if status not in (400, 403, 405, 501) and method == "HEAD" and status < 500:
            break  # a clear 404 or 410 to HEAD: no need to ask again
    return ExternalResult(url, status, False, detail)


def check_external(urls: dict[str, list[str]] | Iterable[str], *, timeout: float = 10.0, workers: int = 8) -> list[ExternalResult]:
    """Check addresses a few at a time; results in the order given."""
    cited = urls if isinstance(urls, dict) else {url: [] for url in urls}
    order = list(cited)
    opener = _opener()
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {url: pool.submit(check_url, url, timeout, opener) for url in order}
        results = []
        for url in order:
            result = futures[url].result()
            results.append(ExternalResult(result.url, result.status, result.ok, result.detail, tuple(cited[url])))
    return results


def report(results: list[ExternalResult]) -> Iterator[str]:
    dead = [r for r in results if not r.ok]
    for result in dead:
        cases = f" (cited by {', '.join(result.cases)})" if result.cases else ""
        yield f"dead: {result.url} -> {result.detail}{cases}"
    yield f"{len(results)} source address(es) checked: {len(results) - len(dead)} answer, {len(dead)} do not."
