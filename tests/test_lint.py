"""The code is ruff-clean: a lint failure fails the suite, not just a pre-commit hook."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def _ruff() -> str | None:
    """The ruff installed beside the running Python (the .venv of make test) first, then PATH."""
    return shutil.which("ruff", path=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))


def test_ruff_is_clean():
    ruff = _ruff()
    assert ruff, "ruff is part of the test extra: pip install -e '.[test]'"
    result = subprocess.run([ruff, "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
