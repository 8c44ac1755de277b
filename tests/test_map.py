"""The world map: built offline from the shipped Natural Earth shapes; every country with cases is a linked shape."""

from __future__ import annotations

import gettext
import itertools
import math
import posixpath
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pycountry
import pytest

from generator.vocabularies import load_vocabularies
from generator.worldmap import COLOURS, DATA, NO_CASES, colour_of, legend_classes, load_world, natural_earth, world_map


class MapParser(HTMLParser):
    """Links and shapes inside the map's <svg>, and the list of courts beside it."""

    def __init__(self) -> None:
        super().__init__()
        self.shapes: list[dict[str, str]] = []  # every path/circle, with the href of the link around it
        self.courts: list[str] = []
        self.svg: dict[str, str] = {}
        self._in_map = False
        self._href = ""
        self._in_courts = False

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "svg" and "cl-map" in a.get("class", ""):
            self._in_map = True
            self.svg = a
        elif self._in_map and tag == "a":
            self._href = a["href"]
        elif self._in_map and tag in ("path", "circle"):
            self.shapes.append({**a, "tag": tag, "href": self._href})
        if tag == "aside" and "cl-stats__courts" in a.get("class", ""):
            self._in_courts = True
        if tag == "a" and self._in_courts:
            self.courts.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "svg":
            self._in_map = False
        if tag == "a":
            self._href = ""
        if tag == "aside":
            self._in_courts = False


@pytest.fixture(scope="module")
def parsed(site) -> MapParser:
    parser = MapParser()
    parser.feed((site / "statistics" / "index.html").read_text(encoding="utf-8"))
    return parser


def _target(site: Path, href: str) -> Path:
    return site / posixpath.normpath(posixpath.join("statistics", href)) / "index.html"


def test_every_country_with_cases_is_a_linked_shape_to_its_page(parsed, site, corpus):
    bodies = load_vocabularies()["international_bodies"]
    counts = Counter(c["country"] for c in corpus if c["country"] not in bodies)
    linked = [s for s in parsed.shapes if s["href"]]
    assert {s["data-code"] for s in linked} == set(counts)
    for shape in linked:
        code = shape["data-code"]
        assert int(shape["data-count"]) == counts[code]
        assert shape["href"] == f"../countries/{code.lower()}/"
        assert _target(site, shape["href"]).is_file(), shape["href"]
        assert shape["fill"] == colour_of(counts[code])
    assert all(s["fill"] == NO_CASES for s in parsed.shapes if not s["href"])
    assert len(parsed.shapes) > 170  # the whole world is drawn, not only the countries with cases


def test_small_countries_are_dots_and_nothing_is_left_off(parsed):
    dots = {s["data-code"] for s in parsed.shapes if s["tag"] == "circle"}
    assert {"SGP", "HKG"} <= dots  # not in Natural Earth's 1:110m shapes
    assert "FJI" in dots  # in them, but too small to see or to click


def test_international_courts_are_listed_beside_the_map(parsed, site, corpus):
    bodies = load_vocabularies()["international_bodies"]
    courts = {c["country"] for c in corpus if c["country"] in bodies}
    assert {h.rstrip("/").split("/")[-1] for h in parsed.courts} == {c.lower() for c in courts}
    for href in parsed.courts:
        assert _target(site, href).is_file()


def test_the_map_is_accessible_and_has_a_legend_and_a_table(parsed, site):
    assert parsed.svg["role"] == "group" and parsed.svg["aria-labelledby"] == "world-map-title world-map-desc"
    html = (site / "statistics" / "index.html").read_text(encoding="utf-8")
    assert 'id="world-map-title"' in html and 'id="world-map-desc"' in html
    legend = re.search(r'<ul class="cl-legend".*?</ul>', html, re.S).group(0)
    assert "No case" in legend and COLOURS[0] in legend
    assert 'id="table-map"' in html
    for shape in parsed.shapes:
        if shape["href"]:
            assert re.search(rf'href="{re.escape(shape["href"])}" aria-label="[^"]+: \d+ cases?"', html)


def test_shipped_shapes_are_small_valid_and_never_cross_the_180th_meridian():
    assert DATA.stat().st_size < 300_000
    assert (DATA.parent / "README.md").is_file()
    world = load_world()
    codes = [s.code for s in world.shapes if s.code] + [p.code for p in world.points]
    assert len(codes) == len(set(codes)) > 230
    for code in codes:
        assert pycountry.countries.get(alpha_3=code), code
    assert "ATA" not in codes
    for shape in world.shapes:
        for ring in shape.rings:
            assert len(ring) >= 4
            assert all(abs(b[0] - a[0]) <= 180 for a, b in itertools.pairwise(ring)), shape.name
            assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in ring)


def test_natural_earth_projection():
    assert natural_earth(0, 0) == (0, 0)
    x, _ = natural_earth(180, 0)
    assert math.isclose(x, 0.8707 * math.pi)
    assert natural_earth(-30, -40) == tuple(-v for v in natural_earth(30, 40))
    assert math.isclose(natural_earth(0, 90)[1], 1.4224, rel_tol=1e-3)  # the pole line of the projection


def test_a_country_the_shapes_lack_is_reported_not_dropped():
    result = world_map({"GBR": 1, "MLT": 60, "XXX": 2}, lambda c: f"c/{c}/", lambda c: c)
    assert set(result.linked) == {"GBR", "MLT"}
    assert result.missing == ("XXX",)
    assert [label for label, _ in result.legend] == ["No case", "1", "2–4", "5–9", "10–19", "20–49", "50 or more"]
    assert legend_classes(3)[-1] == ("2–4", COLOURS[1])


def test_the_map_text_comes_from_the_catalogue():
    class Marked(gettext.NullTranslations):
        def gettext(self, message):
            return f"«{message}»"

        def ngettext(self, msgid1, msgid2, n):
            return f"«{msgid1 if n == 1 else msgid2}»"

    result = world_map({"GBR": 1, "MLT": 60}, lambda c: f"c/{c}/", {"GBR": "Royaume-Uni", "MLT": "Malte"}.get, t=Marked())
    assert re.search(r'<title id="world-map-title">«Cases per country»</title>', result.svg)
    assert re.search(r'<desc id="world-map-desc">«2 countries have cases, [^<»]*»</desc>', result.svg)
    assert 'aria-label="«Royaume-Uni: «1 case»»"' in result.svg and 'aria-label="«Malte: «60 cases»»"' in result.svg
    assert [label for label, _ in result.legend] == ["«No case»", "1", "«2–4»", "«5–9»", "«10–19»", "«20–49»", "«50 or more»"]
    assert "<title>«Kosovo»</title>" in result.svg  # an area without a code is named by the catalogue too
    one = world_map({"GBR": 1}, lambda c: c, lambda c: c)
    assert "1 country has cases" in one.svg and "GBR: 1 case" in one.svg
