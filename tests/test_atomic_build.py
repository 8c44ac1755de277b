"""Atomic builds: killing `caselaw build` at any moment leaves the previous site byte-identical.

Real builds of the starter corpus are interrupted with SIGINT, SIGTERM and SIGKILL at
fixed times (0.2 s ... 2 s after start) and at fractions of a measured full build, so
that some kills land while Python starts, some while MkDocs renders and some near the
swap. After each kill the site folder is either exactly the previous site or, when the
build had already finished, exactly a complete new one; the next build succeeds and
leaves no staging folder behind.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.mkdocs_plugin import site_build
from generator.mkdocs_plugin.site_build import recover, swap_in
from tests.conftest import SYNTHETIC_CASE, TODAY
from tests.site_helpers import caselaw, copy_project

FIXED_POINTS = (0.2, 0.5, 1.0, 2.0)
FRACTIONS = (0.1, 0.3, 0.5, 0.7, 0.85, 0.95)
BUILD_SECONDS: list[float] = []  # how long a full build of the project took here


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under ``folder``, files with the SHA-256 of their bytes."""
    out: dict[str, str] = {}
    for root, dirs, files in os.walk(folder):
        rel = Path(root).relative_to(folder).as_posix()
        for name in dirs:
            out[f"{rel}/{name}/"] = "dir"
        for name in files:
            out[f"{rel}/{name}"] = hashlib.sha256((Path(root) / name).read_bytes()).hexdigest()
    return out


def leftovers(site: Path) -> list[str]:
    return sorted(p.name for p in site.parent.iterdir() if p.name.startswith(f".{site.name}."))


def start_build(project: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CASELAW_TODAY": TODAY.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.Popen([sys.executable, "-m", "generator.cli", "build", "-d", "out"], cwd=project, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, preexec_fn=_default_signals)


def _default_signals() -> None:
    # A shell that starts pytest in the background makes SIGINT ignored, and children inherit that.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("atomic"))
    started = time.monotonic()
    result = caselaw("build", "-d", "out", cwd=project)
    assert result.returncode == 0, result.stderr
    BUILD_SECONDS.append(time.monotonic() - started)
    # The builds that get killed have one more case, so a build that finished before its signal is recognisable.
    (project / "cases" / "gbr" / "tst-2020-synthetic-one.md").write_text(SYNTHETIC_CASE, encoding="utf-8")
    return project


def kill_points(seconds: float) -> list[float]:
    return sorted({*FIXED_POINTS, *(round(seconds * f, 2) for f in FRACTIONS)})


def comparable(snap: dict[str, str]) -> dict[str, str]:
    """A snapshot without the gzip of the sitemap, whose header holds the time it was written."""
    return {k: v for k, v in snap.items() if not k.endswith(".gz")}


def test_killed_builds_leave_the_previous_site_byte_identical(project: Path, tmp_path: Path):
    site = project / "out"
    before = snapshot(site)
    assert "./cases/tst-2020-synthetic-one/index.html" not in before
    reference = project / "reference"
    assert caselaw("build", "-d", str(reference), cwd=project).returncode == 0
    new_site = comparable(snapshot(reference))
    outcomes = []
    for signum in (signal.SIGINT, signal.SIGKILL, signal.SIGTERM):
        points = kill_points(BUILD_SECONDS[0]) if signum != signal.SIGTERM else [0.5, round(BUILD_SECONDS[0] * 0.6, 2)]
        for delay in points:
            process = start_build(project)
            time.sleep(delay)
            finished = process.poll() is not None
            if not finished:
                process.send_signal(signum)
            _, err = process.communicate(timeout=120)
            if signum != signal.SIGINT:  # Ctrl+C while Python is still importing may print a KeyboardInterrupt
                assert b"Traceback" not in err, err.decode()[-2000:]
            after = snapshot(site)
            if after == before:
                outcomes.append((signum.name, delay, "killed: previous site kept byte-identical"))
                if signum != signal.SIGKILL:
                    left = [name for name in leftovers(site) if f"-{process.pid}-" in name]
                    assert left == [], (f"{signum.name} after {delay} s (exit {process.returncode}) left {left}: "
                                        f"{sorted(str(p.relative_to(site.parent)) for p in site.parent.glob('.out.*/*'))[:10]}\n"
                                        + err.decode()[-3000:])
                continue
            # The site changed: only when the swap was done, and then it is the whole new site.
            assert comparable(after) == new_site, f"{signum.name} after {delay} s left a site that is neither the old nor the new one"
            outcomes.append((signum.name, delay, "completed before the signal: new site complete"))
            before = after
    print("\n".join(f"{name} at {delay:.2f} s: {what}" for name, delay, what in outcomes))
    assert sum(1 for o in outcomes if o[2].startswith("killed")) >= 10, outcomes

    # The next build succeeds, removes what killed builds left, and publishes the new case.
    result = caselaw("build", "-d", "out", cwd=project)
    assert result.returncode == 0, result.stderr
    assert leftovers(site) == []
    assert comparable(snapshot(site)) == new_site


def test_a_failed_build_keeps_the_previous_site(project: Path, tmp_path: Path):
    work = copy_project(tmp_path / "p")
    assert caselaw("build", "-d", "out", cwd=work).returncode == 0
    before = snapshot(work / "out")
    (work / "cases" / "gbr" / "broken.md").write_text(SYNTHETIC_CASE.replace("country: GBR", "country: NOWHERE"), encoding="utf-8")
    result = caselaw("build", "-d", "out", cwd=work)
    assert result.returncode == 1 and "NOWHERE" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(work / "out") == before and leftovers(work / "out") == []


def test_an_interrupt_inside_the_html_sanitizer_stops_the_build(tmp_path: Path, monkeypatch):
    # nh3 calls back into Python for each attribute and only prints what the callback raises: a Ctrl+C landing
    # there once let the build go on and publish a page without a heading's id (CI caught it above, by chance).
    from generator import sanitize
    from generator.mkdocs_plugin import stamp

    work = copy_project(tmp_path / "p")
    assert caselaw("build", "-d", "out", cwd=work).returncode == 0
    before = snapshot(work / "out")
    (work / "cases" / "gbr" / "tst-2020-synthetic-one.md").write_text(SYNTHETIC_CASE, encoding="utf-8")
    monkeypatch.setenv("CASELAW_TODAY", TODAY.isoformat())
    monkeypatch.setattr(stamp, "PARALLEL_FROM", 10**9)  # the bodies are cleaned in this process
    calls = []
    real_filter = sanitize._attribute_filter

    def interrupted(tag: str, attribute: str, value: str) -> str | None:
        calls.append(attribute)
        if len(calls) == 40:
            raise KeyboardInterrupt
        return real_filter(tag, attribute, value)

    monkeypatch.setattr(sanitize, "_attribute_filter", interrupted)
    with pytest.raises(KeyboardInterrupt):
        site_build.build_atomic(work / "mkdocs.yml", work / "out")
    assert len(calls) >= 40  # nh3 finishes the fragment it was cleaning
    assert snapshot(work / "out") == before and leftovers(work / "out") == []


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _tree(folder: Path, text: str) -> Path:
    (folder / "sub").mkdir(parents=True)
    (folder / "index.html").write_text(text)
    (folder / "sub" / "page.html").write_text(text * 2)
    return folder


def test_recover_removes_staging_of_dead_builds_only(tmp_path: Path):
    site = _tree(tmp_path / "site", "live")
    dead = _tree(tmp_path / f".site.building-{_dead_pid()}-ab12", "half")
    legacy = _tree(tmp_path / ".site.building-x7y8z9", "half")
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        running = _tree(tmp_path / f".site.building-{sleeper.pid}-cd34", "running")
        removed = recover(site)
        assert sorted(p.name for p in removed) == sorted([dead.name, legacy.name])
        assert running.is_dir() and not dead.exists() and not legacy.exists()
        assert (site / "index.html").read_text() == "live"
    finally:
        sleeper.kill()
        sleeper.wait()


def test_recover_puts_back_a_site_left_half_swapped(tmp_path: Path):
    # What the two-rename swap leaves when SIGKILL lands between its renames.
    site = tmp_path / "site"
    old = tmp_path / f".site.old-{_dead_pid()}-ef56"
    _tree(old / "site", "previous")
    before = snapshot(old / "site")
    recover(site)
    assert snapshot(site) == before and not old.exists()


@pytest.mark.parametrize("exchange", [True, False], ids=["renameat2-exchange", "two-renames"])
def test_swap_in_replaces_the_whole_site(tmp_path: Path, monkeypatch, exchange: bool):
    if not exchange:
        monkeypatch.setattr(site_build, "_exchange", lambda a, b: False)
    site = _tree(tmp_path / "site", "old")
    (site / "only-in-old.html").write_text("x")
    staging = _tree(tmp_path / ".site.building-1-x", "new")
    expected = snapshot(staging)
    swap_in(staging, site)
    assert snapshot(site) == expected and leftovers(site) == []


def test_swap_killed_between_renames_is_repaired_by_the_next_run(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(site_build, "_exchange", lambda a, b: False)
    site = _tree(tmp_path / "site", "old")
    before = snapshot(site)
    staging = _tree(tmp_path / ".site.building-1-x", "new")
    real_rename = os.rename

    def crash_on_second(src, dst):
        if Path(src) == staging:
            raise OSError("simulated crash between the renames")
        real_rename(src, dst)

    monkeypatch.setattr(site_build.os, "rename", crash_on_second)
    with pytest.raises(OSError):
        swap_in(staging, site)
    monkeypatch.setattr(site_build.os, "rename", real_rename)
    assert not site.exists()
    # The process that crashed is this one, still alive: pretend it died.
    monkeypatch.setattr(site_build, "_alive", lambda pid: False)
    recover(site)
    assert snapshot(site) == before


@pytest.mark.parametrize("target", [".", "..", "cases", "out-file"])
def test_the_output_folder_can_never_be_the_project(tmp_path: Path, target: str):
    work = copy_project(tmp_path / "p")
    (work / "out-file").write_text("not a folder")
    before = snapshot(work)
    result = caselaw("build", "-d", target, cwd=work)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "choose" in result.stderr.lower()
    assert snapshot(work) == before
