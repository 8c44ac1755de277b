"""Work spread over every core gives exactly what one process gives."""

from __future__ import annotations

import filecmp
import os
import re

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator import corpus as corpus_module
from generator import search_jobs
from generator.mkdocs_plugin import stamp
from tests.conftest import SYNTHETIC_CASE, TODAY, write_case
from tests.site_helpers import copy_project

pytestmark = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="needs two cores to run in parallel")


def test_parallel_loading_equals_sequential(tmp_cases, monkeypatch):
    for n in range(60):
        text = (SYNTHETIC_CASE.replace("tst-2020-synthetic-one", f"tst-2020-synthetic-{n}")
                .replace('"TEST-1"', f'"TEST-{n}"').replace("Synthetic Test Case v. Nobody", f"Synthetic {n} v. Nobody"))
        write_case(tmp_cases, text if n % 7 else text.replace("country: GBR", "country: XXX"), f"c{n}.md")
    sequential = corpus_module.load([tmp_cases], today=TODAY, root=tmp_cases)
    monkeypatch.setattr(corpus_module, "PARALLEL_FROM", 10)
    monkeypatch.setattr(corpus_module, "_LAST_READ", {})  # read the files again, not from the first load's cache
    parallel = corpus_module.load([tmp_cases], today=TODAY, root=tmp_cases)
    assert [c.data for c in parallel[0]] == [c.data for c in sequential[0]]
    assert parallel[1] == sequential[1] and len(parallel[1]) == 9


def _build(project, site_dir):
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir), strict=True))


def test_parallel_stamping_equals_sequential(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "p")
    monkeypatch.setenv("CASELAW_TODAY", TODAY.isoformat())
    monkeypatch.setattr(stamp, "PARALLEL_FROM", 10**9)
    _build(project, tmp_path / "one")
    monkeypatch.setattr(stamp, "PARALLEL_FROM", 1)
    _build(project, tmp_path / "many")
    assert _differences(filecmp.dircmp(tmp_path / "one", tmp_path / "many")) == []
    assert (tmp_path / "many" / "cases" / "ecthr-2010-rantsev" / "index.html").exists()


def test_templates_are_compiled_before_the_pages_are_shared_out(tmp_path, monkeypatch):
    """The workers inherit the templates the first page of each kind compiled: they compile none themselves."""
    project = copy_project(tmp_path / "p")
    monkeypatch.setenv("CASELAW_TODAY", TODAY.isoformat())
    monkeypatch.setattr(stamp, "PARALLEL_FROM", 10**9)  # the workers' share in this process, where its compiling shows
    real, seen = stamp.parallel_map, []

    def watched(function, jobs, **kwargs):
        def compiled():
            assert stamp._JOB is not None
            return {name for _loader, name in stamp._JOB.env.cache}

        before = compiled()
        yield from real(function, jobs, **kwargs)
        seen.append((len(jobs), before, compiled()))

    monkeypatch.setattr(stamp, "parallel_map", watched)
    _build(project, tmp_path / "site")
    [(shared_out, before, after)] = seen
    assert shared_out > 30
    assert {"partials/case-content.html", "partials/case-glance.html", "partials/case-item.html", "partials/listing-content.html",
            "embed.html"} <= before
    assert after == before


def test_languages_reuse_the_bodies_rendered_for_english(tmp_path, monkeypatch):
    """An untranslated case's body is rendered once for every language: the same site as rendering it each time."""
    project = copy_project(tmp_path / "p", languages=True)
    monkeypatch.setenv("CASELAW_TODAY", TODAY.isoformat())
    monkeypatch.setattr(stamp, "PARALLEL_FROM", 10**9)
    packed = []
    real_pack = stamp.RenderedBodies.pack
    monkeypatch.setattr(stamp.RenderedBodies, "pack", staticmethod(lambda text: packed.append(1) or real_pack(text)))
    _build(project, tmp_path / "shared")
    files = [p for p in (project / "cases").rglob("*.md") if p.name != "README.md"]
    translated = [p for p in files if re.search(r"\.[a-z]{2}\.md$", p.name)]
    cases = len(files) - len(translated)
    assert cases <= len(packed) <= cases + len(translated)  # once per case, and at most once per translated body
    monkeypatch.setattr(stamp.RenderedBodies, "get", lambda self, markdown: None)
    _build(project, tmp_path / "each")
    assert len(packed) > 5 * cases
    assert _differences(filecmp.dircmp(tmp_path / "shared", tmp_path / "each")) == []


def _differences(cmp: filecmp.dircmp) -> list[str]:
    found = [f"{cmp.left}/{name}" for name in cmp.diff_files + cmp.left_only + cmp.right_only]
    for sub in cmp.subdirs.values():
        found += _differences(sub)
    return found


def test_search_built_in_a_worker_equals_search_built_in_the_build(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "p", languages=True)
    config = project / "mkdocs.yml"
    config.write_text(re.sub(r"(?m)^(\s+languages: )\[.*\]$", r"\1[en, fr, zh]", config.read_text(encoding="utf-8")),
                      encoding="utf-8")
    monkeypatch.setenv("CASELAW_TODAY", TODAY.isoformat())
    monkeypatch.setattr(search_jobs, "FROM_CASES", 10**9)
    _build(project, tmp_path / "here")
    started = []
    monkeypatch.setattr(search_jobs, "FROM_CASES", 1)
    monkeypatch.setattr(search_jobs.SearchJobs, "finish", lambda self, site: started.append(self) or real_finish(self, site))
    # The search page does not hold up the language's other pages: it is filled in once they are written.
    events = []
    real_write, real_wait = stamp.Stamper.write, search_jobs.PendingSearch.wait
    monkeypatch.setattr(stamp.Stamper, "write", lambda self, *a, **k: events.append("pages") or real_write(self, *a, **k))
    monkeypatch.setattr(search_jobs.PendingSearch, "wait", lambda self: events.append("search") or real_wait(self))
    _build(project, tmp_path / "worker")
    assert len(started) == 1 and len(started[0].pending) == 3
    assert events[:6] == ["pages", "search"] * 3, events
    assert _differences(filecmp.dircmp(tmp_path / "here", tmp_path / "worker")) == []
    assert not [p for p in (tmp_path / "worker").iterdir() if p.name.startswith(".")], "the worker's folder was left"
    assert list((tmp_path / "worker" / "search").glob("index-*/*.js"))


real_finish = search_jobs.SearchJobs.finish


def _write_pid(path):
    path.write_text(str(os.getpid()), encoding="utf-8")


def _fail():
    raise OSError(28, "No space left on device")


def test_background_work_runs_in_a_child_and_its_failure_is_raised(tmp_path):
    from generator.parallel import Background, BackgroundFailed

    done = Background(_write_pid, tmp_path / "pid")
    done.wait()
    assert int((tmp_path / "pid").read_text()) != os.getpid()
    failed = Background(_fail)
    with pytest.raises(BackgroundFailed, match=r"OSError: .*No space left on device"):
        failed.wait()
    died = Background(os._exit, 3)
    with pytest.raises(BackgroundFailed, match="status 3"):
        died.wait()


def test_background_work_without_fork_runs_at_once_and_reports_the_same_way(tmp_path, monkeypatch):
    import multiprocessing

    from generator.parallel import Background, BackgroundFailed

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    done = Background(_write_pid, tmp_path / "pid")
    assert int((tmp_path / "pid").read_text()) == os.getpid()
    done.wait()
    failed = Background(_fail)
    with pytest.raises(BackgroundFailed, match=r"OSError: .*No space left on device"):
        failed.wait()
    failed.wait()  # reported once


def test_background_work_is_stopped_by_cancel(tmp_path):
    import time

    from generator.parallel import Background

    slow = Background(time.sleep, 60)
    started = time.monotonic()
    slow.cancel()
    assert time.monotonic() - started < 10 and slow.process is None
    slow.wait()  # harmless after cancel


def test_a_build_whose_case_files_cannot_be_written_fails_cleanly(tmp_path, monkeypatch, caplog):
    from generator.mkdocs_plugin import plugin
    from generator.mkdocs_plugin.site_build import BuildFailed, build_atomic

    project = copy_project(tmp_path / "p")
    monkeypatch.setenv("CASELAW_TODAY", TODAY.isoformat())
    site = build_atomic(project / "mkdocs.yml", tmp_path / "site")
    before = sorted(p.relative_to(site).as_posix() for p in site.rglob("*"))
    assert any(name.startswith("data/cases/") for name in before)
    monkeypatch.setattr(plugin, "write_outputs", lambda folder, outputs: _fail())
    with pytest.raises(BuildFailed):
        build_atomic(project / "mkdocs.yml", tmp_path / "site")
    assert re.search("could not write the cases' data files: OSError: .*No space left on device", caplog.text)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []
