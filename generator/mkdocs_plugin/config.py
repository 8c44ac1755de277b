"""Typed configuration of the ``caselaw`` MkDocs plugin (``plugins: - caselaw:`` in mkdocs.yml)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class CaseLawConfig(base.Config):
    # Folder of case files, relative to mkdocs.yml.
    cases_dir = c.Type(str, default="cases")
    # Cases per page on country, theme and year lists.
    per_page = c.Type(int, default=100)
    # Pin "today" (YYYY-MM-DD) for reproducible builds; empty means the real date.
    today = c.Type(str, default="")
    # Languages of the interface, English (the language of the records) first; each other language is
    # built under its own prefix (/fr/, /ar/...). Codes: en, fr, es, ar, ru, zh.
    languages = c.ListOfItems(c.Type(str), default=["en"])
