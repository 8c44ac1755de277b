"""``caselaw offline``: the site for places without internet, as a ZIP and a ZIM file.

The offline variant is the ordinary site built with ``use_directory_urls: false``: every
link names its HTML file (``cases/<id>.html``, ``countries/index.html``), so the pages
work straight from disk (``file://``), navigation and search included (the search loads
its index with ``<script>`` tags, which browsers allow from disk, never ``fetch``).

- ``caselaw-offline.zip``: that folder, to unzip anywhere and open ``index.html``.
- ``caselaw-offline.zim``: the same pages in a ZIM archive (python-libzim), which Kiwix
  opens on phones and computers; it has a title index and a full-text index, so Kiwix's
  own search works, and so does the site's search page.

Left out of both: Material's own search (its workers and language files: the site does
not use them) and source maps. Canonical links keep the published address (SITE_URL),
so a page printed or shared from an offline copy names its address online.

``--publish SITE`` puts both files into ``SITE/downloads/`` of a built site and fills the
list on its downloads page (``docs/downloads/index.md``, between the markers below): the
GitHub Pages workflow does this, so the published site links its own offline copies.
"""

from __future__ import annotations

import datetime as dt
import html
import logging
import os
import re
import shutil
import struct
import sys
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

NAME = "caselaw-offline"
LEFT_OUT = re.compile(r"^assets/javascripts/(lunr|workers)/|\.map$")
MARK_START = "<!--caselaw:downloads-->"
MARK_END = "<!--/caselaw:downloads-->"
DOWNLOADS_PAGE = "downloads/index.html"
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
CSP_META = re.compile(r'\s*<meta http-equiv="Content-Security-Policy" content="[^"]*">')
# A page that only redirects (an alias of a moved case): not an article of its own.
REFRESH = re.compile(r'<meta http-equiv="refresh"', re.I)

MIME = {
    ".html": "text/html", ".css": "text/css", ".js": "application/javascript", ".json": "application/json",
    ".svg": "image/svg+xml", ".png": "image/png", ".ico": "image/x-icon", ".xml": "application/xml",
    ".csv": "text/csv", ".txt": "text/plain", ".gz": "application/gzip", ".bib": "application/x-bibtex",
    ".ris": "application/x-research-info-systems", ".woff2": "font/woff2", ".pdf": "application/pdf",
}


class OfflineFailed(Exception):
    """The offline copies could not be made; the message says why."""


@dataclass(frozen=True)
class Offline:
    folder: Path  # the browsable site (open index.html)
    zip: Path
    zim: Path | None
    pages: int


def build_offline(config_file: Path, out_dir: Path, *, zim: bool = True, verbose: bool = False) -> Offline:
    """Build the offline variant into ``out_dir/caselaw-offline/`` and package it beside it."""
    out_dir = out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    folder = out_dir / NAME
    about = _build(config_file, folder, verbose)
    if about.url:
        online_addresses(folder, about.url)
    _say_offline(folder)
    files = packaged_files(folder)
    zip_path = write_zip(folder, files, out_dir / f"{NAME}.zip")
    zim_path = write_zim(folder, files, out_dir / f"{NAME}.zim", about) if zim else None
    pages = sum(1 for f in files if f.endswith(".html"))
    return Offline(folder, zip_path, zim_path, pages)


@dataclass(frozen=True)
class About:
    """What the ZIM's metadata says about the site (from mkdocs.yml)."""

    name: str
    description: str
    url: str


def _build(config_file: Path, folder: Path, verbose: bool) -> About:
    """MkDocs (strict) with use_directory_urls off, into a staging folder swapped in when complete."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        logger.addHandler(logging.StreamHandler(sys.stderr))
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.building-", dir=folder.parent))
    try:
        config = load_config(config_file=str(config_file), site_dir=str(staging), strict=True, use_directory_urls=False)
        build(config)
    except (MkDocsException, SystemExit) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OfflineFailed(str(exc) or "the build was aborted") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    staging.chmod(0o755)  # mkdtemp makes it private; a site folder is for everyone to read
    if folder.exists():
        shutil.rmtree(folder)
    os.rename(staging, folder)
    return About(config.site_name, " ".join((config.site_description or config.site_name).split()), config.site_url or "")


def online_addresses(folder: Path, site_url: str) -> None:
    """Addresses of the published site in the copy (canonical links, citation tags, the printed
    address, feeds) as the site publishes them, cases/<id>/, not as the copy's files, cases/<id>.html."""
    pattern = re.compile(re.escape(site_url) + r"([\w./-]*?)(?:index)?\.html")

    def online(match: re.Match[str]) -> str:
        path = match.group(1)
        return site_url + (path if path == "" or path.endswith("/") else path + "/")

    for path in folder.rglob("*"):
        if path.suffix in (".html", ".xml", ".json") and path.is_file():
            text = path.read_text(encoding="utf-8")
            changed = pattern.sub(online, text)
            if changed != text:
                path.write_text(changed, encoding="utf-8")


def _say_offline(folder: Path) -> None:
    """The downloads page of an offline copy says what it is instead of offering itself."""
    today = dt.date.today().isoformat()
    fill_downloads_page(folder / DOWNLOADS_PAGE,
                        f"<p>You are reading an offline copy of the site, made on {today}. Newer cases may be online.</p>")


def packaged_files(folder: Path) -> list[str]:
    """Site-relative paths of every file that goes into the ZIP and the ZIM, sorted."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            rel = path.relative_to(folder).as_posix()
            if not LEFT_OUT.search(rel):
                found.append(rel)
    return found


def write_zip(folder: Path, files: list[str], target: Path) -> Path:
    """Everything under one top folder, caselaw-offline/, with fixed timestamps (the same input gives the same ZIP)."""
    tmp = target.with_name(f".{target.name}.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        readme = (f"Open {NAME}/index.html in a web browser: everything works without internet, search included.\n"
                  "Case summaries and metadata: CC BY 4.0. Code: MIT.\n")
        archive.writestr(_zip_info(f"{NAME}/README.txt"), readme)
        for rel in files:
            archive.writestr(_zip_info(f"{NAME}/{rel}"), (folder / rel).read_bytes())
    tmp.replace(target)
    return target


def _zip_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def page_title(text: str, fallback: str) -> str:
    match = TITLE.search(text)
    return html.unescape(match.group(1).strip()) if match else fallback


def write_zim(folder: Path, files: list[str], target: Path, about: About) -> Path:
    """A ZIM archive Kiwix opens: main page index.html, every page a titled article, full-text indexed."""
    from libzim.writer import Creator, Hint, Item, StringProvider

    class _Item(Item):
        def __init__(self, path: str, title: str, mimetype: str, content: bytes, front: bool) -> None:
            super().__init__()
            self._path, self._title, self._mimetype, self._content, self._front = path, title, mimetype, content, front

        def get_path(self) -> str:
            return self._path

        def get_title(self) -> str:
            return self._title

        def get_mimetype(self) -> str:
            return self._mimetype

        def get_contentprovider(self) -> StringProvider:
            return StringProvider(self._content)

        def get_hints(self) -> dict:
            return {Hint.FRONT_ARTICLE: self._front, Hint.COMPRESS: not self._mimetype.startswith("image/png")}

    site_name, description = about.name, about.description
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.unlink(missing_ok=True)
    with Creator(str(tmp)).config_indexing(True, "eng").config_verbose(False) as creator:
        creator.set_mainpath("index.html")
        for rel in files:
            content = (folder / rel).read_bytes()
            mimetype = MIME.get(Path(rel).suffix, "application/octet-stream")
            front = False
            title = rel
            if mimetype == "text/html":
                text = content.decode("utf-8", "replace")
                # Kiwix's own server puts its toolbar, with inline event handlers, into every page it
                # shows; the site's policy would block it. The ZIM's pages are static and reach nothing.
                text = CSP_META.sub("", text, count=1)
                content = text.encode("utf-8")
                title = site_name if rel == "index.html" else page_title(text, rel).removesuffix(f" - {site_name}")
                front = rel != "404.html" and not REFRESH.search(text)
            creator.add_item(_Item(rel, title, mimetype, content, front))
        creator.add_illustration(48, _png_48())
        for key, value in {
            "Name": "caselaw-tip-som_en_all",
            "Title": "Trafficking & smuggling cases",  # the ZIM spec allows 30 characters
            "Description": description[:80],
            "LongDescription": description[:4000],
            "Language": "eng",
            "Creator": "Case-law database contributors",
            "Publisher": "Case-law database contributors",
            "Date": dt.date.today().isoformat(),
            "Tags": "law;human trafficking;migrant smuggling;_ftindex:yes;_pictures:no;_videos:no",
            "Source": about.url or site_name,
            "License": "Case summaries and metadata CC BY 4.0; code MIT",
        }.items():
            creator.add_metadata(key, value)
    tmp.replace(target)
    return target


def _png_48() -> bytes:
    """The ZIM illustration: a 48x48 PNG in the site's indigo with a white bar (no image library needed)."""
    width = height = 48
    rows = []
    for y in range(height):
        row = bytearray([0])  # filter: none
        for x in range(width):
            white = 10 <= x < 38 and (12 <= y < 16 or 22 <= y < 26 or 32 <= y < 36)
            row += bytes((255, 255, 255) if white else (0x40, 0x51, 0xB5))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")


def fill_downloads_page(page: Path, inner_html: str) -> bool:
    """Put ``inner_html`` between the downloads markers of a built page; False if the page has none."""
    if not page.is_file():
        return False
    text = page.read_text(encoding="utf-8")
    start, end = text.find(MARK_START), text.find(MARK_END)
    if start < 0 or end < start:
        return False
    page.write_text(text[:start + len(MARK_START)] + inner_html + text[end:], encoding="utf-8")
    return True


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{max(1, round(size / 1000))} KB"


def publish(offline: Offline, site_dir: Path) -> list[Path]:
    """Copy the ZIP and ZIM into ``site_dir/downloads/`` and list them on its downloads page."""
    downloads = site_dir / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    copied = []
    for path in (offline.zip, offline.zim):
        if path:
            target = downloads / path.name
            shutil.copyfile(path, target)
            copied.append(target)
    today = dt.date.today().isoformat()
    items = {".zip": "ZIP of the whole site: unzip it and open <code>index.html</code> in any web browser",
             ".zim": 'ZIM file for <a href="https://kiwix.org/">Kiwix</a> (phones, tablets and computers)'}
    listing = "".join(f'<li><a href="{html.escape(p.name)}" download>{html.escape(p.name)}</a> ({_size(p)}): {items[p.suffix]}</li>'
                      for p in copied)
    body = f'<ul class="cl-downloads">{listing}</ul><p>Made on {today} from {offline.pages} pages.</p>'
    if not fill_downloads_page(site_dir / DOWNLOADS_PAGE, body):
        raise OfflineFailed(f"{site_dir / DOWNLOADS_PAGE}: no downloads page with the {MARK_START} markers (docs/downloads/index.md)")
    return copied
