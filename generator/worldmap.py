"""A world map of cases per country: an SVG choropleth drawn at build time, no script.

The shapes are Natural Earth's 1:110m countries, shipped in ``data/world.json`` (see
``data/README.md``); countries too small for that scale (Singapore, Hong Kong, Malta,
...) are a point each and are drawn as a dot. The projection is the Natural Earth
projection (Šavrič, Jenny, Patterson, Petrovič and Hurni, 2011), a polynomial
pseudocylindrical projection written out below. Every country with cases is a link to
its country page, with its name and count as a tooltip and an accessible name. Interface
text (title, description, legend, tooltips) goes through the gettext translations ``t``;
countries are named by the ``name`` given, in the reader's language.
"""

from __future__ import annotations

import gettext
import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path

from .charts import count_text, labelled

DATA = Path(__file__).parent / "data" / "world.json"
WIDTH = 960
NO_CASES = "#e6e6e6"
# Sequential, colour-blind safe (the darker six of ColorBrewer's 9-class PuBu); darker means more cases.
COLOURS = ("#a6bddb", "#74a9cf", "#3690c0", "#0570b0", "#045a8d", "#023858")
TINY = 8  # pixels: a country with cases drawn smaller than this also gets a dot, so it can be seen and clicked
BREAKS = (1, 2, 5, 10, 20, 50)  # lower bound of each class


@dataclass(frozen=True)
class Shape:
    code: str  # ISO 3166-1 alpha-3, or "" for areas without one (Kosovo, N. Cyprus, Somaliland)
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]  # longitude, latitude in degrees


@dataclass(frozen=True)
class Point:
    code: str
    name: str
    at: tuple[float, float]


@dataclass(frozen=True)
class World:
    shapes: tuple[Shape, ...]
    points: tuple[Point, ...]
    source: str

    def codes(self) -> set[str]:
        return {s.code for s in self.shapes if s.code} | {p.code for p in self.points}


@cache
def load_world(path: Path = DATA) -> World:
    raw = json.loads(path.read_text(encoding="utf-8"))
    scale = raw["precision"]

    def decode(flat: list[int]) -> tuple[tuple[float, float], ...]:
        x, y = flat[0], flat[1]
        points = [(x / scale, y / scale)]
        for i in range(2, len(flat), 2):
            x += flat[i]
            y += flat[i + 1]
            points.append((x / scale, y / scale))
        return tuple(points)

    shapes = tuple(Shape(s["id"], s["name"], tuple(decode(r) for r in s["rings"])) for s in raw["shapes"])
    points = tuple(Point(p["id"], p["name"], (p["at"][0] / scale, p["at"][1] / scale)) for p in raw["points"])
    return World(shapes, points, raw["source"])


def natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """The Natural Earth projection: degrees in, unit coordinates out (y grows northwards)."""
    lam, phi = math.radians(lon), math.radians(lat)
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return x, y


def colour_of(count: int) -> str:
    if count <= 0:
        return NO_CASES
    index = max(i for i, low in enumerate(BREAKS) if count >= low)
    return COLOURS[index]


def legend_classes(most: int, t: gettext.NullTranslations | None = None) -> list[tuple[str, str]]:
    """(label, colour) of each class up to the one holding the largest count."""
    t = t if t is not None else gettext.NullTranslations()
    out = [(t.gettext("No case"), NO_CASES)]
    for i, low in enumerate(BREAKS):
        if low > max(most, 1):
            break
        high = BREAKS[i + 1] - 1 if i + 1 < len(BREAKS) else None
        if high == low:
            label = str(low)
        elif high:
            label = t.gettext("%(low)s–%(high)s") % {"low": low, "high": high}
        else:
            label = t.ngettext("%(n)s or more", "%(n)s or more", low) % {"n": low}
        out.append((label, COLOURS[i]))
    return out


def _uncoded(name: str, t: gettext.NullTranslations) -> str:
    """Areas of the shapes without an ISO code, which no vocabulary names."""
    return {"Kosovo": t.gettext("Kosovo"), "N. Cyprus": t.gettext("N. Cyprus"),
            "Somaliland": t.gettext("Somaliland")}.get(name, name)


@dataclass(frozen=True)
class MapResult:
    svg: str
    linked: tuple[str, ...]  # codes drawn as a link (shape or dot)
    missing: tuple[str, ...]  # codes with cases that the shipped shapes do not have
    legend: tuple[tuple[str, str], ...]


def world_map(counts: Mapping[str, int], href: Callable[[str], str], name: Callable[[str], str], *,
              map_id: str = "world-map", title: str | None = None, world: World | None = None,
              t: gettext.NullTranslations | None = None) -> MapResult:
    """The choropleth; ``counts`` maps ISO alpha-3 codes to case counts, ``href`` a code to the link of its page,
    ``name`` a code to the country's name (a code it does not know comes back as it is). ``title`` comes translated."""
    world = world or load_world()
    t = t if t is not None else gettext.NullTranslations()
    title = title if title is not None else t.gettext("Cases per country")

    def tooltip(code: str, count: int) -> str:
        return labelled(name(code), count_text(count, "cases", t), t)

    def shape_name(shape: Shape) -> str:
        if not shape.code:
            return _uncoded(shape.name, t)
        found = name(shape.code)
        return found if found and found != shape.code else shape.name
    projected = [[[natural_earth(lon, lat) for lon, lat in ring] for ring in shape.rings] for shape in world.shapes]
    xs = [x for shape in projected for ring in shape for x, _ in ring]
    ys = [y for shape in projected for ring in shape for _, y in ring]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    k = WIDTH / (x1 - x0)
    height = math.ceil((y1 - y0) * k)

    def at(x: float, y: float) -> tuple[int, int]:
        return round((x - x0) * k), round((y1 - y) * k)

    def path(rings: list[list[tuple[float, float]]]) -> str:
        parts = []
        for ring in rings:
            last = None
            commands: list[str] = []
            for x, y in ring:
                point = at(x, y)
                if point == last:
                    continue
                if last is None:
                    commands.append(f"M{point[0]} {point[1]}")
                else:
                    commands.append(f"{point[0] - last[0]} {point[1] - last[1]}")
                last = point
            if len(commands) >= 3:
                parts.append(commands[0] + "l" + " ".join(commands[1:]) + "z")
        return "".join(parts)

    most = max(counts.values(), default=0)
    legend = legend_classes(most, t)
    linked: list[str] = []
    tiny: list[tuple[str, tuple[int, int], int]] = []  # (code, centre, count) of countries with cases too small to see
    total_countries = sum(1 for c in counts.values() if c)
    desc = t.ngettext("%(n)s country has cases, shaded from light (one case) to dark (most cases); each is a link to its "
                      "page. The table below gives the same figures.",
                      "%(n)s countries have cases, shaded from light (one case) to dark (most cases); each is a link to its "
                      "page. The table below gives the same figures.", total_countries) % {"n": total_countries}
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cl-map" id="{map_id}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
        f'height="{height}" role="group" aria-labelledby="{map_id}-title {map_id}-desc" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{map_id}-title">{escape(title)}</title>',
        f'<desc id="{map_id}-desc">{escape(desc)}</desc>',
        '<g class="cl-map__land" stroke="#ffffff" stroke-width="0.5" stroke-linejoin="round" fill-rule="evenodd">',
    ]
    for shape, rings in zip(world.shapes, projected, strict=True):
        d = path(rings)
        if not d:
            continue
        count = counts.get(shape.code, 0) if shape.code else 0
        if count:
            label = tooltip(shape.code, count)
            out.append(f'<a href="{escape(href(shape.code), quote=True)}" aria-label="{escape(label, quote=True)}">'
                       f'<path class="cl-map__country cl-map__country--cases" data-code="{shape.code}" data-count="{count}" '
                       f'fill="{colour_of(count)}" d="{d}"><title>{escape(label)}</title></path></a>')
            linked.append(shape.code)
            boxes = []
            for ring in rings:
                xs_, ys_ = zip(*(at(x, y) for x, y in ring), strict=True)
                boxes.append((max(max(xs_) - min(xs_), max(ys_) - min(ys_)), (min(xs_) + max(xs_)) // 2, (min(ys_) + max(ys_)) // 2))
            size, cx, cy = max(boxes)
            if size < TINY:  # every part too small to see (a Fiji split by the 180th meridian too): a dot on the largest
                tiny.append((shape.code, (cx, cy), count))
        else:
            out.append(f'<path class="cl-map__country" data-code="{escape(shape.code)}" fill="{NO_CASES}" d="{d}">'
                       f'<title>{escape(shape_name(shape))}</title></path>')
    out.append("</g>")
    drawn = set(linked) | {s.code for s in world.shapes}
    places = list(tiny) + [(p.code, at(*natural_earth(*p.at)), counts.get(p.code, 0)) for p in world.points
                           if counts.get(p.code, 0) and p.code not in drawn]
    dots = []
    for code, (x, y), count in places:
        x, y = min(max(x, 6), WIDTH - 6), min(max(y, 6), height - 6)  # a dot at the map's edge (Fiji) stays whole
        label = tooltip(code, count)
        dots.append(f'<a href="{escape(href(code), quote=True)}" aria-label="{escape(label, quote=True)}">'
                    f'<circle class="cl-map__country cl-map__country--cases cl-map__dot" data-code="{code}" '
                    f'data-count="{count}" cx="{x}" cy="{y}" r="5" fill="{colour_of(count)}" stroke="#1a237e" stroke-width="1">'
                    f'<title>{escape(label)}</title></circle></a>')
        if code not in linked:
            linked.append(code)
    if dots:
        out.append('<g class="cl-map__dots">' + "".join(dots) + "</g>")
    out.append("</svg>")
    missing = tuple(sorted(code for code, count in counts.items() if count and code not in linked))
    return MapResult("".join(out), tuple(linked), missing, tuple(legend))
