"""Link checking: internal links and anchors of a built site; external sources against a local server only."""

from __future__ import annotations

import contextlib
import http.server
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.linkcheck import check_external, check_site, check_url, source_urls
from tests.browser import running
from tests.site_helpers import caselaw, copy_project


def write(site: Path, path: str, text: str) -> None:
    target = site / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


@pytest.fixture
def small_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    write(site, "index.html", """<!doctype html><html><head>
<link rel="stylesheet" href="assets/site.css"><link rel="canonical" href="https://example.org/">
<script src="assets/site.js"></script>
<script>var s = '<a href="nowhere-in-a-script/">';</script>
</head><body>
<!-- <a href="nowhere-in-a-comment/"> -->
<a href="cases/a/">a</a> <a href="cases/a/#facts">facts</a> <a href="cases/a/index.html#old-anchor">named</a>
<a href="cases/a/?q=x#facts">query</a> <a href="#top">top</a> <a href="#">nothing</a> <a id="top"></a>
<a href="https://example.org/gone/">external</a> <a href="mailto:x@example.org">mail</a> <a href="//cdn.example.org/x">proto</a>
<a href="data/cases.json">json</a> <a href="cases/a">no slash</a> <a href="cases/b%20c/">escaped</a>
<img srcset="assets/a.png 1x, assets/b.png 2x" alt="">
<a title="a > b" href="cases/a/">quoted angle</a>
</body></html>""")
    write(site, "cases/a/index.html", '<h2 id="facts">Facts</h2><a name="old-anchor"></a><a href="../../">home</a><a href="../b c/">b</a>')
    write(site, "cases/b c/index.html", '<meta http-equiv="refresh" content="0; url=../a/"><a href="../../index.html#top">t</a>')
    for name in ("assets/site.css", "assets/site.js", "data/cases.json", "assets/a.png", "assets/b.png"):
        write(site, name, "x")
    return site


def test_a_sound_site_has_no_broken_link(small_site: Path):
    assert check_site(small_site) == []


@pytest.mark.parametrize("link, reason", [
    ('<a href="cases/missing/">x</a>', "no such file: cases/missing/index.html"),
    ('<a href="cases/a/#no-such-anchor">x</a>', "no id or name 'no-such-anchor' in cases/a/index.html"),
    ('<a href="#nowhere">x</a>', "no id or name 'nowhere' in extra.html"),
    ('<a href="../../../etc/passwd">x</a>', "leads outside the site"),
    ('<img src="assets/missing.png" alt="">', "no such file: assets/missing.png"),
    ('<link rel="stylesheet" href="assets/missing.css">', "no such file: assets/missing.css"),
    ('<img srcset="assets/a.png 1x, assets/c.png 2x" alt="">', "no such file: assets/c.png"),
    ('<meta http-equiv="refresh" content="0; url=cases/gone/">', "no such file: cases/gone/index.html"),
    ('<a href="javascript:alert(1)">x</a>', "a script or data: address in a published page"),
    ('<a href="JaVaScRiPt&colon;alert(1)">x</a>', "a script or data: address in a published page"),
    ('<form action="search/"><input name="q"></form>', "no such file: search/index.html"),
    ('<a href="data">x</a>', "no such file: data"),
])
def test_each_kind_of_broken_link_is_found(small_site: Path, link: str, reason: str):
    write(small_site, "extra.html", f"<p>line one</p>\n<p>line two</p>\n{link}\n")
    broken = check_site(small_site)
    assert [(b.page, b.line, b.reason) for b in broken] == [("extra.html", 3, reason)]


def test_the_starter_site_has_no_broken_link(site: Path):
    assert check_site(site) == []


def test_build_fails_on_a_broken_link_and_keeps_the_previous_site(tmp_path: Path):
    project = copy_project(tmp_path / "p")
    assert caselaw("build", "-d", "out", cwd=project).returncode == 0
    before = {p: p.read_bytes() for p in (project / "out").rglob("*") if p.is_file()}
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + '\n\n<a href="../cases/no-such-case/">gone</a>\n', encoding="utf-8")
    result = caselaw("build", "-d", "out", cwd=project)
    assert result.returncode == 1
    assert "broken internal link" in result.stderr and "cases/no-such-case/index.html" in result.stderr
    assert "The previous site, if any, is unchanged." in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in (project / "out").rglob("*") if p.is_file()} == before
    assert not [p for p in project.iterdir() if p.name.startswith(".out.")]

    check = caselaw("check-links", "-d", "out", cwd=project)
    assert check.returncode == 0 and "every internal link" in check.stderr


def test_check_links_command_reports_a_broken_site(small_site: Path):
    write(small_site, "extra.html", '<a href="cases/missing/">x</a>')
    result = caselaw("check-links", "-d", str(small_site), cwd=small_site.parent)
    assert result.returncode == 1 and "extra.html:1: cases/missing/" in result.stderr


# --- external links: a local server only, never the network ---------------------------------------

ROUTES = {
    "/ok": (200, None), "/missing": (404, None), "/gone": (410, None), "/error": (500, None),
    "/moved": (301, "/ok"), "/moved-dead": (302, "/missing"), "/loop": (302, "/loop"),
}


class _Handler(http.server.BaseHTTPRequestHandler):

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _answer(self, body: bool) -> None:
        path = self.path.split("?")[0]
        if path == "/no-head":
            status, location = (405, None) if self.command == "HEAD" else (200, None)
        elif path == "/slow":
            time.sleep(3)
            status, location = 200, None
        else:
            status, location = ROUTES.get(path, (404, None))
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self._answer(False)

    def do_GET(self) -> None:
        self._answer(True)


@contextlib.contextmanager
def local_server() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.handle_error = lambda request, client_address: None  # the client gave up on /slow: expected
    with running(server) as url:
        yield url


def test_external_links_are_checked_with_head_then_get():
    with local_server() as base:
        urls = {f"{base}/{name}": [f"case-{name}"] for name in
                ("ok", "missing", "gone", "error", "moved", "moved-dead", "no-head", "slow", "loop")}
        started = time.monotonic()
        results = {r.url.rsplit("/", 1)[1]: r for r in check_external(urls, timeout=1, workers=4)}
        assert time.monotonic() - started < 15
    alive = {name for name, r in results.items() if r.ok}
    assert alive == {"ok", "moved", "no-head"}
    assert results["missing"].status == 404 and results["gone"].status == 410 and results["moved-dead"].status == 404
    assert results["no-head"].detail == "GET 200"
    assert results["slow"].status is None and "no answer" in results["slow"].detail
    assert results["missing"].cases == ("case-missing",)


def test_a_refused_connection_and_a_non_web_address_are_dead_not_errors():
    assert not check_url("http://127.0.0.1:9/", timeout=1).ok
    assert check_url("ftp://example.org/x").detail == "not an http(s) address"


def test_check_links_external_reports_dead_sources_and_never_fails(tmp_path: Path):
    with local_server() as base:
        result = caselaw("check-links", "--external", "--timeout", "2", "--url", f"{base}/ok", "--url", f"{base}/missing",
                         cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"dead: {base}/missing -> HEAD 404" in result.stdout
    assert "2 source address(es) checked: 1 answer, 1 do not." in result.stdout


def test_source_urls_are_the_official_ones(corpus):
    urls = source_urls(corpus)
    assert urls and all(u.startswith("https://") for u in urls)
    official = {s["url"] for c in corpus for s in c["sources"] if s["official"]}
    assert set(urls) == official


@pytest.mark.parametrize("page", ["a/b/index.html", "index.html", "cases/x/index.html"])
@pytest.mark.parametrize("url", ["../../..", "..", "../x/", "/abs/", "/", "#frag", "?q=1", "x?y#z", "./", ".", "%2E%2E/x", "a//b",
                                 "../../../x", "..#x", "/..", "/../x", "c%20d/", "q?a=/../..", "a/.", "a/..", "x#", "%2F",
                                 "caf%C3%A9/", "a#b#c", "../x/index.html#top"])
def test_plain_addresses_resolve_as_a_browser_resolves_them(page, url):
    """The fast path for plain relative addresses agrees with resolving them through urljoin."""
    import posixpath
    from urllib.parse import unquote, urljoin, urlsplit

    from generator.linkcheck import _BASE, _resolve

    parts = urlsplit(url)
    climbed = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    if parts.path and not parts.path.startswith("/") and (climbed == ".." or climbed.startswith("../")):
        want = ("..", "")
    else:
        target = urlsplit(urljoin(_BASE + page, url))
        path = unquote(target.path)
        normal = posixpath.normpath(path)
        if path.endswith("/") or normal == "/":
            normal = normal.rstrip("/") + "/index.html"
        want = (normal.lstrip("/"), unquote(target.fragment))
    assert _resolve(page, url, None) == want


def test_pages_share_a_resolution_only_where_it_is_the_same():
    """check_site resolves an address once for every page whose cache key is the same: the key must
    never join two pages where the address leads to different places."""
    import itertools
    import posixpath

    from generator.linkcheck import _ancestors, _cache_key, _depends_on, _resolve

    pages = ["index.html", "a/index.html", "a/b/index.html", "a/c/index.html", "x/b/index.html", "a/b/c/index.html",
             "a/b/page.html", "404.html"]
    urls = ["../", "../../", "../../../", "../x/", "../../y/z.html#f", "./", "z", "/abs/", "#top", "?q", "..//x", "../.",
            "%2e%2e/x", "../../../../w", "..", "../..", "../?q#f"]
    shared = 0
    for url in urls:
        for one, other in itertools.combinations(pages, 2):
            if (_cache_key(one, _ancestors(posixpath.dirname(one)), url, None, _depends_on(url))
                    == _cache_key(other, _ancestors(posixpath.dirname(other)), url, None, _depends_on(url))):
                shared += 1
                assert _resolve(one, url, None) == _resolve(other, url, None), (one, other, url)
    assert shared > 50  # and pages do share: the header's links resolve once per depth, not once per page


def test_a_tag_repeated_on_many_pages_is_reported_on_each_at_its_own_line(tmp_path: Path):
    """Tags are read once and looked up after (the header of every page): each page still gets its own
    report and line, and a tag's anchors count on every page that has it."""
    site = tmp_path / "site"
    header = '<a class="md-logo" href="../missing/">logo</a><span id="shared">x</span>'
    for n in range(3):
        write(site, f"p{n}/index.html", "\n" * n + header + '\n<a href="#shared">to the anchor</a>')
    write(site, "index.html", "home")
    broken = check_site(site)
    assert [(b.page, b.line, b.url) for b in broken] == [(f"p{n}/index.html", 1 + n, "../missing/") for n in range(3)]


def test_a_link_repeated_on_a_page_is_reported_at_each_of_its_lines(small_site: Path):
    """Pages are checked one distinct address at a time, without counting lines: a page found with a broken
    link is read again, and every line that has it is reported, fragments of other pages included."""
    gone_anchor, gone_file = '<a href="cases/a/#nope">x</a>', '<a title="t" href="missing/">y</a>'
    write(small_site, "extra.html", "\n".join(["<p>fine</p>", gone_anchor, gone_file, gone_anchor + gone_file,
                                               '<a href="cases/a/#facts">ok</a>', gone_anchor]))
    # Against a <base>; with two, the last one counts for every link of the page.
    write(small_site, "based.html", '<base href="/cases/a/">\n<a href="#nope">z</a>\n<a href="#facts">ok</a>')
    write(small_site, "rebased.html", '<base href="/cases/a/">\n<a href="../a/#nope">z</a>\n<base href="/cases/b%20c/">')
    broken = [(b.page, b.line, b.url) for b in check_site(small_site)]
    assert broken == [("based.html", 2, "#nope"), ("extra.html", 2, "cases/a/#nope"), ("extra.html", 3, "missing/"),
                      ("extra.html", 4, "cases/a/#nope"), ("extra.html", 4, "missing/"), ("extra.html", 6, "cases/a/#nope"),
                      ("rebased.html", 2, "../a/#nope")]


def test_checked_on_every_core_as_in_one_process(small_site: Path, monkeypatch):
    """Pages are checked where they are parsed; fragments of other pages once all anchors are known."""
    import generator.linkcheck as linkcheck

    write(small_site, "x/index.html", '<a href="../cases/a/#nowhere">other page</a><a href="#gone">same page</a>'
          '<a href="../cases/a/#facts">fine</a><a href="#here">fine too</a><p id="here"></p><a href="../missing/">m</a>')
    for n in range(30):
        write(small_site, f"many/{n}/index.html", f'<a href="../../x/#here">ok</a><a href="../../x/#not-{n % 3}">bad</a>')
    monkeypatch.setattr(linkcheck, "_PARALLEL_FROM", 10**9)
    alone = check_site(small_site)
    monkeypatch.setattr(linkcheck, "_PARALLEL_FROM", 1)
    assert check_site(small_site) == alone
    assert [(b.page, b.url) for b in alone if b.page.startswith("x/")] == [
        ("x/index.html", "#gone"), ("x/index.html", "../cases/a/#nowhere"), ("x/index.html", "../missing/")]
    assert len([b for b in alone if b.page.startswith("many/")]) == 30


def test_bounded_caches_give_the_same_report(small_site: Path, monkeypatch):
    """Tags, addresses and resolved addresses are kept up to a limit per check (a big site's are millions):
    past it they are worked out again, with the same result."""
    import generator.linkcheck as linkcheck

    for n in range(12):
        write(small_site, f"many/{n}/index.html", f'<a href="../../cases/a/#facts">ok</a><a href="../{n + 1}/">next</a>')
    monkeypatch.setattr(linkcheck, "_PARALLEL_FROM", 10**9)
    unbounded = check_site(small_site)
    monkeypatch.setattr(linkcheck, "_READ_LIMIT", 3)
    assert check_site(small_site) == unbounded
    assert [(b.page, b.url) for b in unbounded if b.page.startswith("many/")] == [("many/11/index.html", "../12/")]


def test_a_full_cache_starts_afresh_so_it_holds_what_the_latest_pages_share(monkeypatch):
    import generator.linkcheck as linkcheck

    monkeypatch.setattr(linkcheck, "_READ_LIMIT", 3)
    cache: dict[int, str] = {}
    for n in range(5):
        linkcheck._keep(cache, n, str(n))
    assert cache == {3: "3", 4: "4"}


def test_pages_are_checked_newest_first_and_every_file_is_known(small_site: Path):
    """The newest pages are read first (the page cache still holds them; see _listing), and the files a link
    may point to are those os.walk finds: a link to a folder is neither walked nor counted as a file."""
    from generator.linkcheck import _listing

    (small_site / "linked").symlink_to(small_site / "cases")
    write(small_site, "cases/new/index.html", "<p>x</p>")
    ages = {"cases/new/index.html": 0, "index.html": 100, "cases/b c/index.html": 200, "cases/a/index.html": 300}
    now = time.time()
    for page, age in ages.items():
        os.utime(small_site / page, (now - age, now - age))
    files, pages = _listing(small_site)
    walked = {str(Path(folder, name).relative_to(small_site).as_posix())
              for folder, _, names in os.walk(small_site) for name in names}
    assert sorted(files) == sorted(walked) and "linked" not in files
    assert pages == list(ages)
    assert check_site(small_site) == []


def test_a_folder_that_cannot_be_listed_is_left_out_as_os_walk_leaves_it(small_site: Path, monkeypatch):
    from generator import linkcheck

    real = os.scandir

    def scandir(path):
        if str(path).endswith("b c"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(linkcheck.os, "scandir", scandir)
    files, pages = linkcheck._listing(small_site)
    assert "cases/a/index.html" in files and not any(name.startswith("cases/b c/") for name in files + pages)
    assert sorted((b.page, b.url) for b in check_site(small_site)) == [("cases/a/index.html", "../b c/"), ("index.html", "cases/b%20c/")]
