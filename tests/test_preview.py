"""caselaw preview: one case rendered with the site's templates; and the SYNTHETIC corpus the benchmark uses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.synthetic import generate
from generator.corpus import load
from generator.preview import check_against_corpus, neighbours, project_layout
from generator.reader import parse_case
from generator.scan import scan
from tests.conftest import ROOT, SYNTHETIC_CASE, TODAY
from tests.site_helpers import caselaw, copy_project, parse

RANTSEV = "cases/ecthr/ecthr-2010-rantsev.md"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return copy_project(tmp_path_factory.mktemp("preview"))


def test_preview_renders_the_case_with_the_site_templates(project):
    result = caselaw("preview", RANTSEV, cwd=project)
    assert result.returncode == 0, result.stderr
    page = project / result.stdout.strip()
    assert page == project / ".preview" / "cases" / "ecthr-2010-rantsev" / "index.html"
    text = page.read_text(encoding="utf-8")
    parsed = parse(page)
    assert "Rantsev v. Cyprus and Russia" in " ".join(parsed.text)
    assert 'class="cl-glance' in text and 'class="cl-citation"' in text  # theme/case.html and its partials
    assert parsed.meta["citation_title"] == ["Rantsev v. Cyprus and Russia"]
    assert json.loads("".join(parsed.json_ld))["datePublished"] == "2010-01-07"
    assert "facts" in {i.lower() for i in parsed.ids}
    # Only the case and the cases it is linked with are built, not the whole database.
    built = {p.name for p in (project / ".preview" / "cases").iterdir()}
    assert "ecthr-2010-rantsev" in built and "gbr-2014-hounga" not in built
    assert len(built) < len(list((project / "cases").rglob("*.md")))
    assert (project / ".preview" / ".gitignore").read_text().endswith("*\n")


def test_preview_of_a_six_language_site_builds_the_english_page_only(tmp_path):
    project = copy_project(tmp_path / "p", languages=True)
    assert "languages: [en, fr" in (project / "mkdocs.yml").read_text(encoding="utf-8")
    result = caselaw("preview", RANTSEV, cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / ".preview" / "cases" / "ecthr-2010-rantsev" / "index.html").exists()
    assert not (project / ".preview" / "fr").exists()


def _glance(html: str) -> str:
    start = html.index('class="cl-glance')
    return html[start:html.index("</section>", start)]


def test_preview_page_matches_the_full_site(project):
    """The same templates and data: meta tags, JSON-LD and the at-a-glance panel are identical."""
    full = caselaw("build", "-d", "full", cwd=project)
    assert full.returncode == 0, full.stderr
    shown = caselaw("preview", RANTSEV, "-d", "one", cwd=project)
    assert shown.returncode == 0, shown.stderr
    pages = [project / folder / "cases" / "ecthr-2010-rantsev" / "index.html" for folder in ("full", "one")]
    site, preview = (parse(page) for page in pages)
    assert preview.meta == site.meta
    assert preview.json_ld == site.json_ld
    assert _glance(pages[1].read_text(encoding="utf-8")) == _glance(pages[0].read_text(encoding="utf-8"))


def test_preview_of_a_new_case_in_its_own_folder(project, tmp_path):
    case = project / "cases" / "gbr" / "_drafts" / "new.md"
    case.parent.mkdir(parents=True, exist_ok=True)
    case.write_text(SYNTHETIC_CASE.replace("cites: []", "cites: [gbr-2014-hounga]"))
    result = caselaw("preview", str(case.relative_to(project)), "-d", str(tmp_path / "out"), cwd=project)
    assert result.returncode == 0, result.stderr
    page = Path(result.stdout.strip())
    assert page == tmp_path / "out" / "cases" / "tst-2020-synthetic-one" / "index.html"
    assert "The defendant recruited three workers abroad" in page.read_text(encoding="utf-8")
    hounga = tmp_path / "out" / "cases" / "gbr-2014-hounga" / "index.html"
    assert hounga.exists(), "a cited case is built too, so its link works"
    assert "Synthetic Test Case v. Nobody" in hounga.read_text(encoding="utf-8"), "and it lists the new case as citing it"


@pytest.mark.parametrize(("change", "message"), [
    (("decision_date: 2020-06-01", "decision_date: 2020-06-31"), "not a real calendar date"),
    (("id: tst-2020-synthetic-one", "id: gbr-2014-hounga"), "is already used by"),
    (("related_cases: []", "related_cases: [gbr-2014-houngaa]"), "did you mean 'gbr-2014-hounga'?"),
])
def test_preview_refuses_a_broken_case_and_says_why(project, tmp_path, change, message):
    case = tmp_path / "broken.md"
    case.write_text(SYNTHETIC_CASE.replace(*change))
    result = caselaw("preview", str(case), "-d", str(tmp_path / "out"), cwd=project)
    assert result.returncode == 1
    assert message in result.stderr and f"{case}:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_preview_usage_errors(project):
    assert caselaw("preview", "cases/nowhere.md", cwd=project).returncode == 2
    other = caselaw("preview", RANTSEV, "-f", "nowhere.yml", cwd=project)
    assert other.returncode == 2 and "no such file" in other.stderr


def test_corpus_checks_use_ids_only():
    record = parse_case(SYNTHETIC_CASE.replace("cites: []", "cites: [ecthr-2010-rantsev, nope-1]"), "new.md")
    others = scan([ROOT / "cases"], ("id", "related_cases", "cites"))
    problems = check_against_corpus(record, Path("new.md"), others)
    assert [(p.field, p.code) for p in problems] == [("cites[1]", "dangling-reference")]
    linked = {p.stem for p in neighbours(record, others)}
    assert "ecthr-2010-rantsev" in linked


def test_project_layout_reads_mkdocs_yml_with_env_tags():
    assert project_layout(ROOT / "mkdocs.yml") == {"docs": "docs", "theme": "theme", "cases": "cases"}


def test_synthetic_corpus_is_valid_marked_and_reproducible(tmp_path):
    first = generate(40, tmp_path / "a", seed=7)
    second = generate(40, tmp_path / "b", seed=7)
    assert [p.read_text() for p in first] == [p.read_text() for p in second]
    corpus, problems = load([tmp_path / "a"], today=TODAY)
    assert problems == [] and len(corpus) == 40
    for case in corpus:
        assert "SYNTHETIC" in case["title"].upper() and "SYNTHETIC" in case["citation"] and "SYNTHETIC" in case.body
        assert 300 <= len(case.body.split()) <= 1520
        assert all(s["url"].startswith("https://example.org/") for s in case["sources"])


def test_preview_benchmark_runs(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "preview.py"), "--cases", "30", "--runs", "1", "--no-full"],
                            capture_output=True, text=True, timeout=300)
    # The benchmark reports figures; whether a target is met depends on the machine's load,
    # so only a missed target (exit 1 with MISSED printed) may end it unsuccessfully.
    assert result.returncode in (0, 1), result.stdout + result.stderr
    assert (result.returncode == 1) == ("MISSED" in result.stdout), result.stdout
    assert "preview of 1 of 30 SYNTHETIC cases" in result.stdout
