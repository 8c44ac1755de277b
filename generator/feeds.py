"""Atom feeds of the newest cases, for the site and for each country and theme."""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from .corpus import Case

if TYPE_CHECKING:
    from .pages import Links


def _absolute(site_url: str, path: str) -> str:
    return (site_url.rstrip("/") + "/" + path) if site_url else path


def atom_feed(cases: list[Case], *, title: str, path: str, site_url: str, links: Links) -> str:
    """An Atom 1.0 document; entries are dated by their last review, identified by their URL."""
    updated = max((c["last_reviewed"] for c in cases), default="1970-01-01")
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f"<title>{escape(title)}</title>",
        f"<id>{escape(_absolute(site_url, path))}</id>",
        f"<link rel=\"self\" href={quoteattr(_absolute(site_url, path))}/>",
        f"<link rel=\"alternate\" href={quoteattr(_absolute(site_url, ''))}/>",
        f"<updated>{updated}T00:00:00Z</updated>",
        "<author><name>Case-law database contributors</name></author>",
    ]
    for case in cases:
        url = _absolute(site_url, links.case(case))
        categories = "".join(f"<category term={quoteattr(t)}/>" for t in case["crime_types"])
        out += [
            "<entry>",
            f"<title>{escape(case['title'])}</title>",
            f"<id>{escape(url)}</id>",
            f"<link href={quoteattr(url)}/>",
            f"<published>{case['decision_date']}T00:00:00Z</published>",
            f"<updated>{case['last_reviewed']}T00:00:00Z</updated>",
            f"<summary>{escape(case['citation'])}. {escape(case['summary'])}</summary>",
            categories,
            "</entry>",
        ]
    out.append("</feed>")
    return "\n".join(out) + "\n"
