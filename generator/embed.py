"""The embeddable case card (/embed/<id>/): its stylesheet and its Content-Security-Policy.

The card is a page of its own, for other sites' iframes: no header, navigation, script,
web font or request to any host, and everything it needs inline. Its policy allows that
one stylesheet by its SHA-256 digest and nothing else (no script at all), so the card
keeps a strict policy without 'unsafe-inline'. theme/embed.html prints both.
"""

from __future__ import annotations

import base64
import hashlib

CSS = (
    ":root{color-scheme:light}"
    "body{margin:0;font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#1b1b1f;background:#fff}"
    ".card{box-sizing:border-box;max-width:40em;margin:0;padding:14px 18px;border:1px solid #c5cae9;border-left:6px solid #3f51b5;"
    "border-radius:6px}"
    ".kicker{margin:0 0 4px;font-size:12px;font-weight:600;letter-spacing:.04em;text-transform:uppercase;color:#3949ab}"
    "h1{margin:0 0 6px;font-size:19px;line-height:1.25}"
    "a{color:#283593}a:focus-visible{outline:2px solid #283593;outline-offset:2px}"
    ".cite{margin:0 0 6px;font-size:13px;color:#44464f}.cite cite{font-style:normal}"
    ".meta{margin:0 0 8px;font-size:13px;color:#44464f}"
    ".summary{margin:0 0 10px}"
    ".more{margin:0;font-size:13px;color:#44464f}"
)


def style_hash(css: str = CSS) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")


def policy(css: str = CSS) -> str:
    return (f"default-src 'none'; style-src '{style_hash(css)}'; img-src 'none'; script-src 'none'; "
            "base-uri 'none'; form-action 'none'")
