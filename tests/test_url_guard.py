"""The URL guard: a published case URL never disappears without an alias redirecting it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import url_guard
from generator.scan import front_matter_fields, scan
from tests.conftest import CASES, ROOT, SYNTHETIC_CASE
from tests.site_helpers import caselaw

RANTSEV = Path("ecthr") / "ecthr-2010-rantsev.md"
TITLE_LINE = "title: Rantsev v. Cyprus and Russia\n"


# --- pure functions ---------------------------------------------------------------


def test_normalise_and_urls_of():
    assert url_guard.normalise("/cases/x/") == "cases/x/"
    assert url_guard.normalise("cases/x") == "cases/x/"
    assert url_guard.urls_of("a-1", ["/old/a/", "/cases/b/"]) == ["cases/a-1/", "old/a/", "cases/b/"]


def test_manifest_round_trip_ignores_comments():
    text = url_guard.render_manifest(["cases/b/", "cases/a/", "cases/a/"])
    assert text.startswith("#")
    parsed = url_guard.parse_manifest(text + "\n  cases/c/  # added by hand\n")
    assert list(parsed) == ["cases/a/", "cases/b/", "cases/c/"]
    assert parsed["cases/a/"] == text.count("\n") - 1


def test_check_catches_a_removed_case():
    report = url_guard.check({"cases/a/": 6, "cases/b/": 7}, {"cases/a/": "a.md"})
    assert not report.ok
    assert [lost.url for lost in report.lost] == ["cases/b/"]
    assert report.lost[0].line == 7 and report.lost[0].old_id == "b"


def test_check_catches_a_changed_id_and_suggests_where_it_went():
    report = url_guard.check({"cases/gbr-2014-hounga/": 6}, {"cases/gbr-2014-hounga-v-allen/": "cases/gbr/hounga.md"})
    assert [lost.url for lost in report.lost] == ["cases/gbr-2014-hounga/"]
    text = url_guard.explain(report)
    assert "no case has the id 'gbr-2014-hounga'" in text
    assert "aliases: [/cases/gbr-2014-hounga/]" in text
    assert "cases/gbr/hounga.md (cases/gbr-2014-hounga-v-allen/)" in text


def test_check_accepts_a_move_with_an_alias():
    current = dict.fromkeys(url_guard.urls_of("new-id", ["/cases/old-id/"]), "x.md")
    report = url_guard.check({"cases/old-id/": 6}, current)
    assert report.ok and report.new == ("cases/new-id/",)


def test_a_lost_alias_is_reported_as_an_alias():
    report = url_guard.check({"old/path/": 6}, {})
    assert "published as an alias" in url_guard.explain(report)


def test_update_adds_new_urls_and_never_drops_a_lost_one():
    assert url_guard.updated({"cases/a/", "cases/gone/"}, {"cases/a/", "cases/new/"}) == ["cases/a/", "cases/gone/", "cases/new/"]


def test_github_format_annotates_the_manifest_line():
    text = url_guard.explain(url_guard.check({"cases/b/": 9}, {}), "published-urls.txt", "github")
    assert text.startswith("::error file=published-urls.txt,line=9,")


# --- the fast front-matter reader -------------------------------------------------------


@pytest.mark.parametrize(("front", "expected"), [
    ("id: a-1\naliases: [/x/, /y/z/]\n", {"id": "a-1", "aliases": ["/x/", "/y/z/"]}),
    ("id: 'a-1'\naliases:\n  - /x/\n  - \"/y/\"\n", {"id": "a-1", "aliases": ["/x/", "/y/"]}),
    ("aliases:\n- /x/\n# a comment\nid: a-1   # trailing\n", {"id": "a-1", "aliases": ["/x/"]}),
    ("title: 'id: not-me'\nsummary: >-\n  id: nor-me\nid: a-1\naliases: []\n", {"id": "a-1", "aliases": []}),
    ("id: [unclosed\n", {}),
])
def test_front_matter_fields(front, expected):
    assert front_matter_fields(f"---\n{front}---\n\nid: body-is-not-read\n", ("id", "aliases")) == expected


def test_scan_agrees_with_the_full_reader_on_the_corpus():
    from generator.corpus import load
    from tests.conftest import TODAY

    corpus, _ = load([CASES], today=TODAY)
    scanned = {s.get("id"): s for s in scan([CASES], ("id", "aliases", "related_cases", "cites"))}
    assert set(scanned) == {c.id for c in corpus}
    for case in corpus:
        for key in ("aliases", "related_cases", "cites"):
            assert scanned[case.id].strings(key) == list(case.get(key) or []), (case.id, key)


# --- the command ---------------------------------------------------------------------


def test_the_committed_manifest_covers_the_corpus():
    result = caselaw("check-urls", cwd=ROOT)
    assert result.returncode == 0, result.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(CASES, tmp_path / "cases")
    shutil.copy(ROOT / "published-urls.txt", tmp_path / "published-urls.txt")
    assert caselaw("check-urls", cwd=tmp_path).returncode == 0
    return tmp_path


def test_command_fails_on_a_removed_case(project):
    (project / "cases" / RANTSEV).unlink()
    result = caselaw("check-urls", cwd=project)
    assert result.returncode == 1
    assert "cases/ecthr-2010-rantsev/ was published" in result.stderr
    assert "aliases: [/cases/ecthr-2010-rantsev/]" in result.stderr
    assert "Traceback" not in result.stderr


def test_command_fails_on_a_changed_id_and_passes_once_an_alias_is_added(project):
    case = project / "cases" / RANTSEV
    case.write_text(case.read_text().replace("id: ecthr-2010-rantsev\n", "id: ecthr-2010-rantsev-v-cyprus\n"))
    result = caselaw("check-urls", "--format", "github", cwd=project)
    assert result.returncode == 1
    assert "::error file=published-urls.txt,line=" in result.stdout and "ecthr-2010-rantsev-v-cyprus" in result.stdout
    case.write_text(case.read_text().replace(TITLE_LINE, TITLE_LINE + "aliases: [/cases/ecthr-2010-rantsev/]\n"))
    result = caselaw("check-urls", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "1 URL(s) not yet in published-urls.txt" in result.stderr


def test_update_adds_a_new_case_and_keeps_a_lost_url(project):
    new = project / "cases" / "gbr" / "tst-new.md"
    new.write_text(SYNTHETIC_CASE)
    (project / "cases" / RANTSEV).unlink()
    result = caselaw("check-urls", "--update", cwd=project)
    assert result.returncode == 1, "--update must not silence a lost URL"
    listed = url_guard.read_manifest(project / "published-urls.txt")
    assert "cases/tst-2020-synthetic-one/" in listed
    assert "cases/ecthr-2010-rantsev/" in listed
    assert "1 URL(s) added" in result.stderr


def test_update_creates_a_missing_manifest(project):
    (project / "published-urls.txt").unlink()
    missing = caselaw("check-urls", cwd=project)
    assert missing.returncode == 2 and "--update" in missing.stderr
    assert caselaw("check-urls", "--update", cwd=project).returncode == 0
    assert len(url_guard.read_manifest(project / "published-urls.txt")) == len(url_guard.current_urls(project / "cases"))
