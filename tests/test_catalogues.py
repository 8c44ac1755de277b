"""The interface's message catalogues (generator/i18n/): in step with the sources, complete in
every language, and the templates unchanged in English while every interface string goes through them."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po
from babel.support import NullTranslations
from jinja2 import Environment, FileSystemLoader

from generator import catalogues
from generator.catalogues import I18N_DIR, ROOT, TRANSLATED, extract, message_problems, problems, translations, update
from generator.mkdocs_plugin import fast_templates
from generator.pages import Listing


def _ids(catalog) -> set:
    return {(m.id if isinstance(m.id, str) else tuple(m.id), m.context) for m in catalog if m.id}


def test_the_committed_template_is_a_fresh_extraction():
    committed = _ids(read_po((I18N_DIR / "messages.pot").open("rb")))
    fresh = _ids(extract())
    assert fresh == committed, ("messages.pot is out of date; run caselaw i18n extract. "
                                f"New: {sorted(map(str, fresh - committed))}; gone: {sorted(map(str, committed - fresh))}")


def test_the_catalogue_holds_templates_python_and_mkdocs_strings():
    where = defaultdict(set)
    for message in extract():
        for path, _ in message.locations:
            where[path.split("/")[0]].add(message.id)
    assert ("Short link", "Short links") in where["theme"]
    assert "Copy citation" in where["theme"]
    assert "Case law on trafficking in persons and smuggling of migrants" in where["mkdocs.yml"]  # site_name, despite !ENV
    assert {"Home", "Countries and courts", "Case record reference"} <= where["mkdocs.yml"]  # navigation titles
    assert all(isinstance(i, tuple) or i.strip() for ids in where.values() for i in ids)  # no blank message


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated(language):
    """Every msgid has a translation, not fuzzy, with the English's placeholders and HTML tags."""
    found = [p for p in problems() if f"/{language}.po:" in p]
    untranslated = [p.split(": ", 1)[1] for p in found if p.endswith(": untranslated")]
    assert not found, (f"{language}.po: {len(untranslated)} untranslated: {untranslated}; "
                       f"other problems: {[p for p in found if not p.endswith(': untranslated')]}")


def test_no_problem_at_all():
    assert problems() == []


def test_catalogues_are_in_their_canonical_form(tmp_path):
    """Running caselaw i18n extract on the committed files changes nothing: they are what the tool writes."""
    copy = tmp_path / "i18n"
    shutil.copytree(I18N_DIR, copy)
    assert update(ROOT, copy) == []
    for path in copy.iterdir():
        assert path.read_bytes() == (I18N_DIR / path.name).read_bytes(), path.name


def test_translations_follow_the_glossary():
    """Every key string of ui-glossary.md that the interface uses is translated as the glossary says."""
    rows = [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in (I18N_DIR / "ui-glossary.md").read_text(encoding="utf-8").splitlines()
            if line.startswith("| ") and not line.startswith("| en ")]
    assert len(rows) > 30
    used = 0
    for language_index, language in enumerate(("fr", "es", "ar", "ru", "zh"), start=1):
        catalog = read_po((I18N_DIR / f"{language}.po").open("rb"), locale=language)
        for row in rows:
            message = catalog.get(row[0])
            if message is not None:
                used += 1
                assert message.string == row[language_index], (language, row[0])
    assert used >= 5 * 30


def test_translations_in_python():
    french = translations("fr")
    assert french.gettext("Copy citation") == "Copier la référence"
    assert french.gettext("Landmark case") == "Affaire de référence"  # the glossary's terms
    assert translations("zh").gettext("Victims") == "被害人"
    assert translations("zh").gettext("Defendants") == "被告人"
    assert french.gettext("Not an interface string") == "Not an interface string"
    english = translations("en")
    assert english.gettext("Copy citation") == "Copy citation"
    assert english.ngettext("%(count)s case.", "%(count)s cases.", 2) == "%(count)s cases."
    assert translations("fr") is french  # compiled once
    with pytest.raises(ValueError, match="no interface catalogue"):
        translations("de")


def test_plural_forms():
    headers = {lang: read_po((I18N_DIR / f"{lang}.po").open("rb"), locale=lang).num_plurals for lang in TRANSLATED}
    assert headers == {"fr": 3, "es": 3, "ar": 6, "ru": 3, "zh": 1}

    def forms(language: str, numbers: tuple[int, ...]) -> list[str]:
        t = translations(language)
        return [t.ngettext("%(count)s case.", "%(count)s cases.", n) % {"count": n} for n in numbers]

    assert forms("ru", (1, 2, 5, 11, 21)) == ["1 дело.", "2 дела.", "5 дел.", "11 дел.", "21 дело."]
    assert forms("ar", (0, 1, 2, 5, 11, 100)) == ["0 قضية.", "قضية واحدة.", "قضيتان.", "5 قضايا.", "11 قضية.", "100 قضية."]
    assert forms("fr", (0, 1, 2)) == ["0 affaire.", "1 affaire.", "2 affaires."]
    assert forms("es", (1, 2)) == ["1 caso.", "2 casos."]
    assert forms("zh", (1, 5)) == ["1 个案例。", "5 个案例。"]
    assert forms("en", (1, 2)) == ["1 case.", "2 cases."]


def test_fuzzy_and_empty_translations_are_not_used(tmp_path):
    copy = tmp_path / "i18n"
    shutil.copytree(I18N_DIR, copy)
    text = (copy / "fr.po").read_text(encoding="utf-8")
    text = text.replace('msgid "Copy citation"\nmsgstr "Copier la référence"', '#, fuzzy\nmsgid "Copy citation"\nmsgstr "Copier la référence"')
    text = text.replace('msgid "Sources"\nmsgstr "Sources"', 'msgid "Sources"\nmsgstr ""')
    (copy / "fr.po").write_text(text, encoding="utf-8")
    french = translations("fr", copy)
    assert french.gettext("Copy citation") == "Copy citation"
    assert french.gettext("Citation") == "Référence"
    found = problems(ROOT, copy)
    assert any(p.endswith('"Copy citation": fuzzy: check the translation, then remove the fuzzy flag') for p in found), found
    assert any(re.search(r"fr\.po:\d+: \"Sources\": untranslated$", p) for p in found), found


@pytest.mark.parametrize(("msgid", "msgstr", "complaint"), [
    ("Online: %(url)s", "En ligne : %(adresse)s", "placeholders"),
    ("Online: %(url)s", "En ligne", "placeholders"),
    ('<a href="%(url)s">Landmark case</a>.', "Affaire de référence.", "HTML tags"),
    ('<a href="%(url)s">Landmark case</a>.', '<a href="%(url)s" class="x">Affaire de référence</a>.', "HTML tags"),
    ("Embed code", 'Code "intégré"', "straight double quote"),
    ("Embed code", "", "untranslated"),
])
def test_broken_translations_are_reported(msgid, msgstr, complaint):
    assert any(complaint in text for text in message_problems(Message(msgid, msgstr), 3))


def test_plural_translations_are_checked():
    ids = ("%(n)s case of %(total)s", "%(n)s cases of %(total)s")
    assert message_problems(Message(ids, ("une affaire sur %(total)s", "%(n)s affaires sur %(total)s", "%(n)s affaires sur %(total)s")), 3) == []
    assert any("placeholders" in p for p in message_problems(Message(ids, ("%(n)s affaire", "%(n)s affaires sur %(total)s", "x %(total)s")), 3))
    assert any("plural form(s)" in p for p in message_problems(Message(ids, ("%(n)s sur %(total)s", "%(n)s sur %(total)s")), 3))
    assert message_problems(Message(ids, ("%(n)s sur %(total)s", "", "%(n)s sur %(total)s")), 3) == ["untranslated"]


# --- the templates -----------------------------------------------------------------------


class _Links:
    """Stands in for generator.links.Links: addresses and names, in English."""

    locale = "en"
    comma = ", "

    def case(self, item):
        return f"cases/{item.id}/"

    def url(self, src):
        return src.replace("index.md", "")

    def country_name(self, code):
        return {"GBR": "United Kingdom", "ROU": "Romania"}.get(code, code)

    def date(self, iso):
        return {"2020-06-01": "1 June 2020"}.get(str(iso), str(iso))


class _Item:
    text_language = "en"  # as generator.corpus.Case: the language of its summary

    def __init__(self, **data):
        self.id = data.pop("id")
        self.data = data


ITEM = _Item(id="tst-2020-one", title="Synthetic v. Nobody", country="GBR", court="Synthetic Court", decision_date="2020-06-01",
             summary="A synthetic summary.", landmark=True, landmark_reason="It is synthetic.")
LISTING = Listing(title="United Kingdom", intro="Decisions.", counts=(), total=9, page=2, pages=("a/", "b/", "c/"),
                  feed="feed.xml", cases=(ITEM,), show_reason=True)


def _env(t) -> Environment:
    env = Environment(loader=FileSystemLoader(str(ROOT / "theme")), extensions=["jinja2.ext.i18n"])
    env.install_gettext_translations(t, newstyle=True)
    fast_templates.install(env)  # as the plugin does
    env.filters["url"] = lambda value: value
    env.globals["cl"] = _Links()
    return env


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_partials_read_as_before_in_english():
    env = _env(NullTranslations())
    item = env.get_template("partials/case-item.html").render(item=ITEM, show_reason=True)
    assert _text(item) == ("Synthetic v. Nobody United Kingdom · Synthetic Court · 1 June 2020 · Landmark A synthetic summary. "
                           "Why it matters: It is synthetic.")
    assert '<strong>Landmark</strong>' in item and '<p class="cl-reason"><strong>Why it matters:</strong> <span>It is synthetic.</span></p>' in item
    listing = env.get_template("partials/listing-content.html").render(listing=LISTING)
    assert "9 cases, page 2 of 3.\n" in listing
    assert '<a href="feed.xml" type="application/atom+xml">Atom feed of new cases</a>.' in listing
    assert 'aria-label="Pages of this list"' in listing
    one = env.get_template("partials/listing-content.html").render(listing=replace(LISTING, total=1, pages=("a/",), cases=()))
    assert "1 case.\n" in one and "No case in the database yet." in one


def test_a_long_lists_pager_links_its_ends_and_the_pages_near_the_current_one():
    env = _env(NullTranslations())
    urls = tuple(f"p{n}/" for n in range(1, 31))
    html = env.get_template("partials/listing-content.html").render(listing=replace(LISTING, total=3000, page=15, pages=urls))
    assert "3000 cases, page 15 of 30." in html
    pager = html[html.index('<nav class="cl-pager"'):]
    assert re.findall(r'<a href="p(\d+)/">\1</a>', pager) == ["1", "2", "13", "14", "16", "17", "29", "30"]
    assert '<span aria-current="page">15</span>' in pager and pager.count("<li>…</li>") == 2


class _Pseudo(gettext.NullTranslations):
    """Every message wrapped in ⟦ ⟧, so that any interface text left outside the catalogue shows."""

    def gettext(self, message):
        return f"⟦{message}⟧"

    def ngettext(self, singular, plural, n):
        return f"⟦{singular if n == 1 else plural}⟧"


def test_every_interface_string_of_the_partials_goes_through_the_catalogue():
    env = _env(_Pseudo())
    data = " ".join(("Synthetic v. Nobody", "United Kingdom", "Synthetic Court", "1 June 2020", "A synthetic summary.", "It is synthetic.",
                     "Decisions.")).split()
    for html in (env.get_template("partials/case-item.html").render(item=ITEM, show_reason=True),
                 env.get_template("partials/listing-content.html").render(listing=LISTING)):
        outside = re.sub(r"⟦.*?⟧", " ", _text(html), flags=re.S)
        assert [word for word in outside.split() if word not in data and re.search(r"[A-Za-z]", word)] == []
        for value in re.findall(r'(?:aria-label|placeholder|title|alt)="([^"]*)"', html):
            assert value.startswith("⟦") and value.endswith("⟧"), value


def test_the_glance_panel_speaks_french():
    env = _env(translations("fr"))
    env.globals["cl"] = type("L", (_Links,), {"country": lambda s, c: "", "year": lambda s, y: "", "term": lambda s, f, k: "",
                                              "label": lambda s, f, k: k, "language": lambda s, code: code,
                                              "field_label": lambda s, f: f})()
    case = _Item(id="x", country="GBR", court="Synthetic Court", court_level="appeal", decision_date="2020-06-01", languages=["en"],
                 crime_types=["trafficking_in_persons"], outcome="conviction",
                 victims={"total": 3, "female": 2, "male": 1, "children": 1, "age_min": 15, "nationalities": ["ROU"]},
                 defendants={"total": 2, "legal_persons": 1}, countries_involved={"origin": ["ROU"], "destination": ["GBR"]},
                 charges=[{"defendants": "D", "offence": "O", "verdict": "convicted", "sentence": {"imprisonment_months": months}}
                          for months in (12, 114, 6)] + [{"defendants": "E", "offence": "O", "verdict": "convicted",
                                                          "sentence": {"life": True, "suspended": True, "fine": {"amount": 1000, "currency": "EUR"}}}])
    text = _text(env.get_template("partials/case-glance.html").render(case=case))
    for expected in ("En bref", "Victimes 3 (2 de sexe féminin, 1 de sexe masculin, 1 enfant, âge : 15–? ans) ; nationalité : Romania",
                     "Accusés 2 (1 personne morale)", "Origine : Romania; Destination : United Kingdom",
                     "1 an d'emprisonnement", "9 ans et 6 mois d'emprisonnement", "6 mois d'emprisonnement",
                     "Réclusion à perpétuité (avec sursis); amende de 1,000 EUR"):
        assert expected.replace(" ;", ";") in text.replace(" ;", ";"), (expected, text)


# --- the command -------------------------------------------------------------------------


def _check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", "i18n", "check", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)


def test_check_passes_on_the_committed_catalogues():
    result = _check()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "complete" in result.stderr


def test_check_fails_clearly_when_a_translation_is_lost(tmp_path):
    copy = tmp_path / "i18n"
    shutil.copytree(I18N_DIR, copy)
    po = copy / "ru.po"
    text = po.read_text(encoding="utf-8")
    assert 'msgid "Copy embed code"\nmsgstr "Скопировать код для встраивания"' in text
    po.write_text(text.replace('msgid "Copy embed code"\nmsgstr "Скопировать код для встраивания"', 'msgid "Copy embed code"\nmsgstr ""'),
                  encoding="utf-8")
    line = po.read_text(encoding="utf-8").splitlines().index('msgid "Copy embed code"') + 1
    result = _check("--catalogues", str(copy))
    assert result.returncode == 1
    assert f'ru.po:{line}: "Copy embed code": untranslated' in result.stdout
    assert "1 problem(s)" in result.stderr and "Traceback" not in result.stderr


def test_check_reports_a_broken_catalogue_without_a_traceback(tmp_path):
    copy = tmp_path / "i18n"
    shutil.copytree(I18N_DIR, copy)
    (copy / "zh.po").write_text('msgid "x"\nmsgstr "y"\nmsgid\n', encoding="utf-8")
    result = _check("--catalogues", str(copy))
    assert result.returncode == 1 and "zh.po" in result.stdout and "Traceback" not in result.stderr, result.stdout + result.stderr


def test_extract_keeps_translations_and_drops_strings_no_longer_used(tmp_path):
    root = tmp_path / "project"
    (root / "theme").mkdir(parents=True)
    (root / "theme" / "a.html").write_text("{% trans %}Kept{% endtrans %} {{ _('New') }}", encoding="utf-8")
    (root / "mkdocs.yml").write_text("site_name: Site\nsite_url: !ENV [SITE_URL, 'x']\nnav:\n  - Home: index.md\n", encoding="utf-8")
    i18n = root / "generator" / "i18n"
    i18n.mkdir(parents=True)
    (i18n / "fr.po").write_text('msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "Kept"\nmsgstr "Gardé"\n\nmsgid "Gone"\nmsgstr "Parti"\n',
                                encoding="utf-8")
    changed = update(root)
    assert {p.name for p in changed} == {"messages.pot", *(f"{lang}.po" for lang in TRANSLATED)}
    french = read_po((i18n / "fr.po").open("rb"), locale="fr")
    assert french["Kept"].string == "Gardé" and french["New"].string == "" and french.get("Gone") is None
    assert {m.id for m in read_po((i18n / "messages.pot").open("rb")) if m.id} == {"Kept", "New", "Site", "Home"}
    assert "#: theme/a.html\n" in (i18n / "messages.pot").read_text(encoding="utf-8")  # paths, no line numbers
    assert update(root) == []  # nothing new: nothing rewritten, not even a date
    assert any("untranslated" in p for p in problems(root))


def test_a_template_that_does_not_parse_is_named(tmp_path):
    root = tmp_path / "project"
    (root / "theme").mkdir(parents=True)
    (root / "theme" / "bad.html").write_text("line one\n{% trans %}Broken{% endif %}", encoding="utf-8")
    with pytest.raises(catalogues.CatalogueError, match=r"theme/bad\.html:2: template syntax error"):
        extract(root)
    assert Path(root / "theme" / "bad.html").exists()
