"""Campaign short links: ``short_links: [name]`` in a case's front matter gives /go/<name>/.

A short link is printed on posters and in posts, so it is an address like a case's own:
unique across the database (two cases claiming one name stop the build, naming both
files), never the address of another page, and guarded by ``caselaw check-urls`` like
case URLs (``url_guard.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .corpus import Case

NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")  # the schema's pattern for short_links items


class ShortLinkClash(Exception):
    """Two cases claim the same short link, or a short link would be another page's address."""


def short_link_url(name: str) -> str:
    """Site-root URL of a short link, as the URL guard and the manifest write it."""
    return f"go/{name}/"


def claimed(cases: Iterable[Case]) -> dict[str, Case]:
    """Short link name -> its case; ShortLinkClash when two cases claim one name."""
    owners: dict[str, Case] = {}
    clashes = []
    for case in cases:
        for name in case.get("short_links") or []:
            if name in owners and owners[name].id != case.id:
                first = owners[name]
                clashes.append(f"the short link /go/{name}/ is claimed by two cases: {first.path} (id {first.id}) and "
                               f"{case.path} (id {case.id}); a short link must lead to one case: remove it from one of them")
            else:
                owners.setdefault(name, case)
    if clashes:
        raise ShortLinkClash("\n".join(clashes))
    return owners


def check_aliases(owners: dict[str, Case], cases: Iterable[Case]) -> None:
    """A case's alias must not be a short link's address: one of them would silently win."""
    for case in cases:
        for alias in case.get("aliases") or []:
            parts = alias.strip("/").split("/")
            if len(parts) == 2 and parts[0] == "go" and parts[1] in owners:
                owner = owners[parts[1]]
                raise ShortLinkClash(f"the alias {alias} of {case.path} (id {case.id}) is the short link /go/{parts[1]}/ of "
                                     f"{owner.path} (id {owner.id}); remove one of them")
