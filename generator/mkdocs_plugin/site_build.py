"""Building and serving through MkDocs, for the ``caselaw build`` and ``serve`` front doors.

A build goes into a new folder beside the target and replaces the target only when it
is complete, so a failed build never leaves a half-written site where the last good
one was.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException


class BuildFailed(Exception):
    """MkDocs could not build the site; the message says why."""


def _log_to_stderr(verbose: bool) -> None:
    logger = logging.getLogger("mkdocs")
    if not any(getattr(h, "_caselaw", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        handler._caselaw = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def build_atomic(config_file: Path, site_dir: Path, *, strict: bool = True, verbose: bool = False) -> Path:
    """Build into a temporary sibling of ``site_dir``, then swap it in."""
    _log_to_stderr(verbose)
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
    try:
        config = load_config(config_file=str(config_file), site_dir=str(staging), strict=strict)
        build(config)
    except (MkDocsException, SystemExit) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise BuildFailed(str(exc) or "the build was aborted") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
        os.rename(site_dir, old / "site")
    os.rename(staging, site_dir)
    if old:
        shutil.rmtree(old, ignore_errors=True)
    return site_dir


def serve(config_file: Path, *, host: str = "127.0.0.1", port: int = 8000, verbose: bool = False) -> None:
    """MkDocs' development server with live reload."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    _log_to_stderr(True)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    mkdocs_serve(config_file=str(config_file), dev_addr=f"{host}:{port}", livereload=True)
