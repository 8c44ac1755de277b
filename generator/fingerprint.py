"""Content-hashed names for the theme's own assets, so browsers may cache them for good.

Material names its bundle and stylesheets by their content (``bundle.a5f9d56c.min.js``);
the theme's own files (``theme/assets/...``) get the same treatment here:
``assets/caselaw.css`` is also published as ``assets/caselaw.<hash>.css`` and pages link
the hashed name. A host may then serve every hashed asset with a long ``Cache-Control``
lifetime, and a reader's second page costs only its HTML. The unhashed copies stay
published too, for anything that linked them before.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

HASHED_SUFFIXES = (".css", ".js", ".svg", ".png", ".ico", ".woff2")


def hashed_name(path: str, content: bytes) -> str:
    """assets/caselaw.css -> assets/caselaw.<10 hex digits of SHA-256>.css"""
    stem, dot, ext = path.rpartition(".")
    digest = hashlib.sha256(content).hexdigest()[:10]
    return f"{stem}.{digest}.{ext}" if dot else f"{path}.{digest}"


def fingerprint(theme_dir: Path | None) -> dict[str, tuple[str, bytes]]:
    """Site path of every asset in the theme's assets folder -> (hashed site path, content)."""
    found: dict[str, tuple[str, bytes]] = {}
    if not theme_dir or not (theme_dir / "assets").is_dir():
        return found
    for file in sorted((theme_dir / "assets").rglob("*")):
        if file.is_file() and file.suffix in HASHED_SUFFIXES:
            path = file.relative_to(theme_dir).as_posix()
            content = file.read_bytes()
            found[path] = (hashed_name(path, content), content)
    return found


def rewrite(paths: list, assets: dict[str, tuple[str, bytes]]) -> list:
    """extra_css / extra_javascript entries with the hashed name where there is one."""
    out = []
    for entry in paths:
        path = str(entry)
        if path in assets:
            if hasattr(entry, "path"):  # MkDocs' ExtraScriptValue (extra_javascript)
                entry.path = assets[path][0]
            else:
                entry = assets[path][0]
        out.append(entry)
    return out
