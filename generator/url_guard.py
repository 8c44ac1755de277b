"""The URL guard: a published case URL never disappears without a redirect.

``published-urls.txt`` (committed) lists every case URL the site has published,
``cases/<id>/``, every alias and every campaign short link (``go/<name>/``). A URL
stays reachable while some case has that id, lists it in ``aliases`` (which the site
turns into a redirect) or lists the name in ``short_links``. ``caselaw check-urls``
compares the manifest with the cases and fails when a listed URL is no longer
reachable; ``caselaw check-urls --update`` adds the URLs of new cases.

The logic is pure functions over sets of URLs; the thin I/O at the end reads the
cases (ids and aliases only, so it stays fast with thousands of cases) and the file.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .scan import scan
from .short_links import short_link_url

MANIFEST = Path("published-urls.txt")
HEADER = """\
# Every case URL the site has published, one per line, relative to the site root.
# A URL listed here must keep working: some case must have that id, or list it in
# its `aliases` (the site then redirects it), or, for go/<name>/, list the name in
# its `short_links`. `caselaw check-urls` checks that;
# `caselaw check-urls --update` adds the URLs of new cases. Never delete a line to make
# the check pass: give the case its id back, or add an alias.
"""


def normalise(url: str) -> str:
    """'/cases/x/' and 'cases/x' -> 'cases/x/': site-root relative, with a trailing slash."""
    path = url.strip().strip("/")
    return f"{path}/" if path else ""


def case_url(case_id: str) -> str:
    return f"cases/{case_id}/"


def urls_of(case_id: str | None, aliases: Iterable[str], short_links: Iterable[str] = ()) -> list[str]:
    """The URLs one case keeps alive: its page, its aliases and its campaign short links."""
    urls = [case_url(case_id)] if case_id else []
    urls += [normalise(a) for a in aliases if normalise(a)]
    return urls + [short_link_url(name.strip("/")) for name in short_links if name.strip("/") and "/" not in name.strip("/")]


def parse_manifest(text: str) -> dict[str, int]:
    """URL -> line number, skipping comments and blank lines."""
    urls: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.split("#", 1)[0].strip()
        if entry:
            urls.setdefault(normalise(entry), number)
    return urls


def render_manifest(urls: Iterable[str]) -> str:
    return HEADER + "".join(f"{url}\n" for url in sorted(set(urls)))


@dataclass(frozen=True)
class Lost:
    """A published URL that no case keeps alive any more."""

    url: str
    line: int
    candidates: tuple[str, ...] = ()  # new URLs that may be where it went

    @property
    def old_id(self) -> str | None:
        parts = self.url.strip("/").split("/")
        return parts[1] if len(parts) == 2 and parts[0] == "cases" else None

    @property
    def short_link(self) -> str | None:
        parts = self.url.strip("/").split("/")
        return parts[1] if len(parts) == 2 and parts[0] == "go" else None

    def message(self) -> str:
        if self.old_id:
            return f"{self.url} was published, but no case has the id '{self.old_id}' or lists /{self.url} in its aliases."
        if self.short_link:
            return (f"{self.url} was published as a short link, but no case lists '{self.short_link}' in its short_links "
                    f"or /{self.url} in its aliases any more.")
        return f"{self.url} was published as an alias, but no case lists /{self.url} in its aliases any more."

    def fix(self, where: Mapping[str, str]) -> str:
        alias = f"aliases: [/{self.url}]"
        if self.old_id:
            text = f"give the case its id '{self.old_id}' back, or, if it now has another id, add `{alias}` to it"
        elif self.short_link:
            text = f"add `short_links: [{self.short_link}]` back to the case it led to"
        else:
            text = f"add `{alias}` back to the case it redirected to"
        if self.candidates:
            guesses = ", ".join(f"{where.get(c, c)} ({c})" for c in self.candidates)
            text += f"; perhaps: {guesses}"
        return text + ". A deliberate withdrawal (e.g. a court order) is done by deleting the line by hand, with the reason in the pull request."


@dataclass(frozen=True)
class Report:
    lost: tuple[Lost, ...] = ()
    new: tuple[str, ...] = ()  # reachable URLs the manifest does not list yet
    where: Mapping[str, str] = field(default_factory=dict)  # URL -> the case file that keeps it alive

    @property
    def ok(self) -> bool:
        return not self.lost


def check(published: Mapping[str, int], current: Mapping[str, str]) -> Report:
    """Compare the manifest (URL -> line) with the URLs the cases keep alive (URL -> case file)."""
    new = tuple(sorted(set(current) - set(published)))
    lost = []
    for url, line in sorted(published.items(), key=lambda item: item[1]):
        if url in current:
            continue
        candidates = tuple(difflib.get_close_matches(url, new, n=2, cutoff=0.6))
        lost.append(Lost(url, line, candidates))
    return Report(tuple(lost), new, dict(current))


def updated(published: Iterable[str], current: Iterable[str]) -> list[str]:
    """The manifest after ``--update``: every URL it had (a lost one stays, so the check keeps failing) plus every new one."""
    return sorted(set(published) | set(current))


def explain(report: Report, manifest: str = str(MANIFEST), fmt: str = "human") -> str:
    """What a contributor reads: each lost URL with how to fix it, then a note about new URLs."""
    out = []
    for lost in report.lost:
        if fmt == "github":
            body = f"{lost.message()} Fix: {lost.fix(report.where)}".replace("%", "%25").replace("\n", "%0A")
            out.append(f"::error file={manifest},line={lost.line},title=published URL lost::{body}")
        else:
            out.append(f"{manifest}:{lost.line}: {lost.message()}\n    fix: {lost.fix(report.where)}")
    if report.lost:
        out.append(f"\n{len(report.lost)} published URL(s) would stop working. Links to case pages are cited in court filings, "
                   "reports and campaigns: they must never break.")
    if report.new:
        note = f"{len(report.new)} URL(s) not yet in {manifest} (new cases or aliases): run `caselaw check-urls --update` and commit it."
        out.append(f"::notice file={manifest}::{note}" if fmt == "github" else note)
    return "\n".join(out)


# --- thin I/O -------------------------------------------------------------------------


def current_urls(cases_dir: Path) -> dict[str, str]:
    """URL -> case file, for every URL the cases under ``cases_dir`` keep alive."""
    urls: dict[str, str] = {}
    for found in scan([cases_dir], ("id", "aliases", "short_links")):
        case_id = found.get("id")
        for url in urls_of(str(case_id) if isinstance(case_id, (str, int)) else None, found.strings("aliases"),
                           found.strings("short_links")):
            urls.setdefault(url, str(found.path))
    return urls


def read_manifest(path: Path) -> dict[str, int]:
    return parse_manifest(path.read_text(encoding="utf-8"))


def write_manifest(path: Path, urls: Iterable[str]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(render_manifest(urls), encoding="utf-8")
    tmp.replace(path)
