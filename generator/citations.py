"""Citation export: each case as BibTeX, RIS and CSL-JSON, and the same for search results.

One function per format turns a case into text; the site publishes the three files of
every case beside its JSON (``data/cases/<id>.bib``, ``.ris``, ``.csl.json``), and the
search page can download the citations of all its results at once: the per-case texts
are also bundled, 50 cases a file, into small scripts that the browser loads only when
a reader asks (``site_search/browser/citations.js``), so it works from ``file://`` too.

- BibTeX: biblatex's ``@jurisdiction`` type (court decisions; styles without a driver
  for it print it as ``@misc``); the court is a corporate author in double braces.
- RIS: ``TY  - CASE`` with the tags reference managers read for a case (Zotero: TI case
  name, PB court, DA date decided, SV docket number).
- CSL-JSON: ``type: legal_case`` (title, authority, issued, number, URL, ...), as a list.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from functools import partial
from typing import Any

from site_search.bundle import BROWSER

from .corpus import Case, Corpus
from .links import Links
from .outputs import LaterFile, OutputFile

BROWSER_SCRIPT = BROWSER / "citations.js"
CHUNK = 50  # cases per citations file loaded by the search page

_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_",
    "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}
_BIBTEX_RE = re.compile("|".join(re.escape(k) for k in _BIBTEX_SPECIAL))


def _one_line(text: Any) -> str:
    return " ".join(str(text).split())


def bibtex_escape(text: Any) -> str:
    """Text as a BibTeX value: LaTeX's special characters escaped, so braces always balance."""
    return _BIBTEX_RE.sub(lambda m: _BIBTEX_SPECIAL[m.group(0)], _one_line(text))


def _url_value(url: str) -> str:
    """A URL for a verbatim field: nothing to escape but braces, which a URL should not hold anyway."""
    return url.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def case_url(case: Case, links: Links, site_url: str) -> str:
    return site_url.rstrip("/") + "/" + links.case(case) if site_url else links.case(case)


def bibtex(case: Case, links: Links, site_url: str = "") -> str:
    fields: list[tuple[str, str]] = [
        ("title", bibtex_escape(case["title"])),
        ("author", "{" + bibtex_escape(case["court"]) + "}"),
        ("date", case["decision_date"]),
        ("year", case["decision_date"][:4]),
    ]
    if case.get("case_number"):
        fields.append(("number", bibtex_escape(case["case_number"])))
    fields += [
        ("note", bibtex_escape(case["citation"])),
        ("addendum", bibtex_escape(f"Jurisdiction: {links.country_name(case['country'])}")),
        ("abstract", bibtex_escape(case["summary"])),
    ]
    if case.get("keywords"):
        fields.append(("keywords", bibtex_escape(", ".join(case["keywords"]))))
    fields.append(("url", _url_value(case_url(case, links, site_url))))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@jurisdiction{{{case.id},\n{body}\n}}\n"


def ris(case: Case, links: Links, site_url: str = "", site_name: str = "") -> str:
    tags: list[tuple[str, str]] = [
        ("TY", "CASE"),
        ("TI", case["title"]),
        ("PB", case["court"]),
        ("DA", case["decision_date"].replace("-", "/")),
        ("PY", case["decision_date"][:4]),
    ]
    if case.get("case_number"):
        tags.append(("SV", case["case_number"]))
    tags += [("AB", case["summary"]), *(("KW", k) for k in case.get("keywords") or [])]
    tags += [("LA", case["languages"][0]), ("UR", case_url(case, links, site_url))]
    tags.append(("N1", f"Citation: {case['citation']}"))
    tags.append(("N1", f"Jurisdiction: {links.country_name(case['country'])}"))
    tags += [("N1", f"Official text: {s['url']}") for s in case["sources"] if s["official"]]
    if site_name:
        tags.append(("DB", site_name))
    tags.append(("ER", ""))
    return "".join(f"{tag}  - {_one_line(value)}".rstrip() + ("\n" if tag != "ER" else " \n") for tag, value in tags)


def csl(case: Case, links: Links, site_url: str = "", site_name: str = "") -> dict[str, Any]:
    year, month, day = (int(part) for part in case["decision_date"].split("-"))
    item: dict[str, Any] = {
        "id": case.id,
        "type": "legal_case",
        "title": case["title"],
        "authority": case["court"],
        "jurisdiction": links.country_name(case["country"]),
        "issued": {"date-parts": [[year, month, day]]},
    }
    if case.get("case_number"):
        item["number"] = case["case_number"]
    item.update({
        "URL": case_url(case, links, site_url),
        "abstract": case["summary"],
        "note": case["citation"],
        "language": case["languages"][0],
    })
    if case.get("keywords"):
        item["keyword"] = ", ".join(case["keywords"])
    if site_name:
        item["archive"] = site_name
    return item


def csl_json(case: Case, links: Links, site_url: str = "", site_name: str = "") -> str:
    return json.dumps([csl(case, links, site_url, site_name)], ensure_ascii=False, indent=2) + "\n"


def case_files(corpus: Corpus, links: Links, site_url: str = "", site_name: str = "") -> Iterator[LaterFile]:
    """data/cases/<id>.bib, .ris and .csl.json for every case, made when written."""
    for case in corpus:
        yield LaterFile(links.citation(case, "bib"), partial(bibtex, case, links, site_url))
        yield LaterFile(links.citation(case, "ris"), partial(ris, case, links, site_url, site_name))
        yield LaterFile(links.citation(case, "csl.json"), partial(csl_json, case, links, site_url, site_name))


def _digest(*parts: str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8"))
    return h.hexdigest()[:10]


def search_files(corpus: Corpus, links: Links, site_url: str = "", site_name: str = "") -> tuple[list[OutputFile], dict[str, Any]]:
    """The search page's citation files: the browser script and the per-case texts, in search order (the corpus order)."""
    cases = list(corpus)
    texts = []
    for start in range(0, len(cases), CHUNK):
        entries = [[bibtex(c, links, site_url), ris(c, links, site_url, site_name), csl(c, links, site_url, site_name)]
                   for c in cases[start:start + CHUNK]]
        # "</" never appears raw, so the file is safe even if someone inlines it in a page.
        payload = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
        texts.append(f"caselawCitations.receive({start // CHUNK},{payload});\n")
    folder = f"search/cite-{_digest(*texts)}"
    script = BROWSER_SCRIPT.read_text(encoding="utf-8")
    files = [OutputFile(f"search/citations.{_digest(script)}.js", script)]
    files += [OutputFile(f"{folder}/{n}.js", text) for n, text in enumerate(texts)]
    return files, {"dir": folder, "chunk": CHUNK, "script": files[0].path, "n": len(cases)}
