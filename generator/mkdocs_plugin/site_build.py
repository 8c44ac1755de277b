"""Building and serving through MkDocs, for the ``caselaw build`` and ``serve`` front doors.

A build goes into a staging folder beside the target, ``.DIR.building-<pid>-<random>``.
Only when MkDocs has finished and every internal link and anchor of the staged site
resolves is it swapped in, with one atomic ``renameat2(RENAME_EXCHANGE)`` where the
system has it (Linux): the target is at every instant either the whole previous site
or the whole new one. Elsewhere two renames are made with SIGINT and SIGTERM held
back, and a build killed between them (SIGKILL, power loss) is repaired by the next
one, which also removes the staging folders of builds that were killed.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import gc
import logging
import os
import re
import secrets
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException


class BuildFailed(Exception):
    """MkDocs could not build the site, or the site it built has broken links; the message says why."""


def _log_to_stderr(verbose: bool) -> None:
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_caselaw", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._caselaw = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _work_folder(site_dir: Path, kind: str) -> Path:
    """A new, empty ``.DIR.<kind>-<pid>-<random>`` beside the site: the pid tells a later build whether its owner is alive."""
    path = site_dir.parent / f".{site_dir.name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}"
    path.mkdir()
    return path


def _stale_pattern(site_dir: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(site_dir.name)}\.(building|old)-(?:(\d+)-)?[\w.-]+")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover(site_dir: Path) -> list[Path]:
    """Undo what killed builds left beside ``site_dir``; return the folders removed.

    A swap killed between its two renames left the previous site in ``.DIR.old-*/site``
    and no ``DIR``: it is put back. Staging folders of dead builds are removed. Folders
    of builds still running (their pid is alive) are left alone.
    """
    parent, pattern = site_dir.parent, _stale_pattern(site_dir)
    if not parent.is_dir():
        return []
    removed = []
    for entry in sorted(parent.iterdir()):
        match = pattern.fullmatch(entry.name)
        if not match or not entry.is_dir() or entry.is_symlink():
            continue
        if match.group(2) and _alive(int(match.group(2))):
            continue
        previous = entry / "site"
        if match.group(1) == "old" and previous.is_dir() and not os.path.lexists(site_dir):
            os.rename(previous, site_dir)
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EPERM):
        return False
    raise OSError(code, os.strerror(code), str(b))


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the block is over (SIGKILL cannot: recover() handles it)."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, ValueError, OSError):
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _remove(path: Path) -> None:
    """Remove a folder, again if worker processes of an interrupted build were still writing into it."""
    for attempt in range(10):
        shutil.rmtree(path, ignore_errors=True)
        if not os.path.lexists(path):
            return
        time.sleep(0.05 * (attempt + 1))


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def swap_in(staging: Path, site_dir: Path) -> None:
    """Make ``staging`` the site at ``site_dir``; the previous site is removed afterwards."""
    if not os.path.lexists(site_dir):
        os.rename(staging, site_dir)
    elif _exchange(staging, site_dir):
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the previous site
    else:
        old = _work_folder(site_dir, "old")
        with _signals_held():
            os.rename(site_dir, old / "site")
            os.rename(staging, site_dir)
        shutil.rmtree(old, ignore_errors=True)
    _fsync_dir(site_dir.parent)


# A build holds millions of long-lived objects (the site model, search postings) and makes few
# reference cycles; at the default thresholds (700, 10, 10) the collector walks them over and over:
# a tenth of the CPU of a six-language build of 1,000 cases (67 -> 61 s), a third of a search index's.
_GC_THRESHOLDS = (100_000, 50, 100)


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """Collect garbage less often during a build (its worker processes, forked, inherit this)."""
    previous = gc.get_threshold()
    gc.set_threshold(*_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM (CI cancelling a job) cleans up like Ctrl+C instead of leaving a staging folder."""
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _refuse_dangerous_target(site_dir: Path, config_file: Path) -> None:
    """The output folder is replaced whole: never let it be the project, the current folder or a file."""
    for precious in (config_file, Path.cwd().resolve()):
        if precious == site_dir or site_dir in precious.parents:
            raise BuildFailed(f"{site_dir} holds {precious}; building there would replace it. Choose an output folder "
                              "of its own, e.g. -d site")
    if os.path.lexists(site_dir) and not site_dir.is_dir():
        raise BuildFailed(f"{site_dir} is a file, not a folder; choose another output folder")
    if site_dir.is_dir() and any(site_dir.iterdir()) and not (site_dir / "index.html").is_file():
        raise BuildFailed(f"{site_dir} is a folder with files but no index.html: it does not look like a built site, "
                          "and building there would replace it. Choose an output folder of its own, e.g. -d site")


def build_atomic(config_file: Path, site_dir: Path, *, strict: bool = True, verbose: bool = False,
                 check_links: bool = True, site_url: str | None = None) -> Path:
    """Build into a staging folder beside ``site_dir``, check its links, then swap it in.

    ``site_url`` replaces mkdocs.yml's (serve builds for its own address).
    """
    from ..linkcheck import check_site, explain

    _log_to_stderr(verbose)
    site_dir = site_dir.resolve()
    _refuse_dangerous_target(site_dir, Path(config_file).resolve())
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    with _sigterm_as_interrupt(), _fewer_collections():
        recover(site_dir)
        staging = _work_folder(site_dir, "building")
        try:
            try:
                overrides = {} if site_url is None else {"site_url": site_url}
                config = load_config(config_file=str(config_file), site_dir=str(staging), strict=strict, **overrides)
                build(config)
            except (MkDocsException, SystemExit) as exc:
                raise BuildFailed(str(exc) or "the build was aborted") from None
            # The config holds the plugins and, through them, the whole site model: free it before the link
            # check forks its workers, which would otherwise each start as big as the build was.
            del config
            gc.collect()
            if check_links:
                broken = check_site(staging)
                if broken:
                    raise BuildFailed(f"{len(broken)} broken internal link(s) in the built site:\n" + explain(broken))
            swap_in(staging, site_dir)
        except BaseException:
            _remove(staging)
            raise
    return site_dir
