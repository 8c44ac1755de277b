"""What goes wrong with a case file, said so that a contributor can fix it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One error in one file: where it is, what is wrong, and how to fix it."""

    path: str
    line: int | None
    field: str
    message: str
    hint: str = ""
    code: str = "invalid"

    def human(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        field = f" [{self.field}]" if self.field else ""
        text = f"{where}:{field} {self.message}"
        if self.hint:
            text += f"\n    fix: {self.hint}"
        return text

    def github(self) -> str:
        """A GitHub Actions workflow command that annotates the offending line."""
        props = f"file={_gh_escape(self.path, prop=True)}"
        if self.line:
            props += f",line={self.line}"
        title = f"{self.field or 'case file'}: {self.code}"
        props += f",title={_gh_escape(title, prop=True)}"
        body = self.message + (f" Fix: {self.hint}" if self.hint else "")
        return f"::error {props}::{_gh_escape(body)}"


def _gh_escape(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def render(problems: Iterable[Problem], fmt: str) -> str:
    """Render problems as human text, JSON or GitHub annotations."""
    items = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field, p.message))
    if fmt == "json":
        return json.dumps([asdict(p) for p in items], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(p.github() for p in items)
    return "\n".join(p.human() for p in items)
