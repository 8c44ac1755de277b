"""Share images (Open Graph cards, 1200x630 PNG) for landmark cases, drawn offline with Pillow.

The fonts ship with the project: DejaVu Sans Condensed and its bold, subset to Latin
(with Vietnamese), Greek and Cyrillic (``data/fonts/``, see ``data/README.md``).
Pillow's own bundled font has no accented letters, and case names are full of them
(Ministère, Neuchâtel, São Paulo). A character outside the subset is left out of the
card rather than drawn as a box. The card is reduced to a small palette before it is
saved: flat colours and anti-aliased text need few, and the file stays far under the
100 KB that link previews accept.
"""

from __future__ import annotations

import io
import unicodedata
from functools import cache
from pathlib import Path

from .corpus import Case
from .links import Links

WIDTH, HEIGHT = 1200, 630
MAX_BYTES = 100_000
BACKGROUND = (26, 35, 126)  # indigo 900
BAND = (40, 53, 147)  # indigo 800
ACCENT = (255, 171, 64)  # orange A200
TEXT = (255, 255, 255)
SOFT = (197, 202, 233)  # indigo 100
MARGIN = 72
FONTS = Path(__file__).parent / "data" / "fonts"
REGULAR = FONTS / "DejaVuSansCondensed-subset.ttf"
BOLD = FONTS / "DejaVuSansCondensed-Bold-subset.ttf"
# The code points kept when the fonts were subset (the pyftsubset --unicodes list in data/README.md).
COVERED = ((0x20, 0x7E), (0xA0, 0x24F), (0x259, 0x259), (0x2BB, 0x2BC), (0x2C6, 0x2DD), (0x300, 0x301), (0x370, 0x3FF),
           (0x400, 0x45F), (0x490, 0x491), (0x1E00, 0x1EFF), (0x2010, 0x2027), (0x2030, 0x203A), (0x20AC, 0x20AC),
           (0x2116, 0x2116), (0x2122, 0x2122))


class ShareImageError(Exception):
    """Pillow cannot draw the cards here (it was built without FreeType)."""


def covered(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in COVERED)


def drawable(text: str) -> str:
    """The text with what the fonts cannot draw left out (composed first, so 'e' + accent becomes 'é')."""
    text = unicodedata.normalize("NFC", " ".join(str(text).split()))
    return " ".join("".join(c for c in text if covered(c)).split())


@cache
def _font(size: int, bold: bool = False):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    try:
        return ImageFont.truetype(str(BOLD if bold else REGULAR), size)
    except ImportError as exc:  # pragma: no cover - depends on how Pillow was built
        raise ShareImageError(f"Pillow cannot draw TrueType fonts here ({exc}): install Pillow with FreeType") from None


def _wrap(text: str, size: int, width: int, max_lines: int, bold: bool = False) -> list[str]:
    """Greedy line breaking by measured width; the last line ends with an ellipsis when the text does not fit."""
    font = _font(size, bold)
    lines: list[str] = []
    current = ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if not current or font.getlength(trial) <= width:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines if len(lines) <= max_lines else _ellipsis(lines[:max_lines], font, width)


def _ellipsis(lines: list[str], font, width: int) -> list[str]:  # type: ignore[no-untyped-def]
    last = lines[-1]
    while last and font.getlength(last + " …") > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    lines[-1] = (last.rstrip(",;:") + " …").strip()
    return lines


def _fit_title(title: str, width: int) -> tuple[int, list[str]]:
    for size in (62, 56, 50, 44):
        lines = _wrap(title, size, width, 3, bold=True)
        if not lines[-1].endswith("…"):
            return size, lines
    return 44, _wrap(title, 44, width, 3, bold=True)


def share_image(case: Case, links: Links, site_name: str) -> bytes:
    """The PNG card of one case: 'Landmark case', the title, court and date, why it matters, the site's name."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    draw.rectangle((0, 0, 16, HEIGHT), fill=ACCENT)
    y = 56
    label = "LANDMARK CASE" if case.get("landmark") else "CASE"
    draw.text((MARGIN, y), drawable(f"{label}  ·  {links.country_name(case['country'])}"), font=_font(26, True), fill=ACCENT)
    y += 52
    title = drawable(case["title"])
    if len(title) < len(case["title"]) * 0.8:  # a name mostly in a script the fonts lack: the citation, or the court
        title = next((t for t in (drawable(case["citation"]), drawable(case["court"])) if len(t) >= 5), "Landmark case")
    size, lines = _fit_title(title, inner)
    for line in lines:
        draw.text((MARGIN, y), line, font=_font(size, True), fill=TEXT)
        y += round(size * 1.2)
    y += 8
    for line in _wrap(drawable(f"{case['court']}, {links.date(case['decision_date'])}"), 28, inner, 2):
        draw.text((MARGIN, y), line, font=_font(28), fill=SOFT)
        y += 36
    reason = drawable(case.get("landmark_reason") or case["summary"])
    room = max(0, (HEIGHT - 96 - y - 20) // 34)
    if room:
        y += 16
        for line in _wrap(reason, 26, inner, min(room, 4)):
            draw.text((MARGIN, y), line, font=_font(26), fill=TEXT)
            y += 34
    draw.rectangle((16, HEIGHT - 84, WIDTH, HEIGHT), fill=BAND)
    draw.text((MARGIN, HEIGHT - 58), _wrap(drawable(site_name) or "Case law", 26, inner, 1)[0], font=_font(26), fill=SOFT)
    # A palette image: flat colours and anti-aliased text need few colours (the fast octree is ten times
    # quicker than median cut here), and zlib's default level is as small as "optimize" within a few KB.
    small = image.quantize(colors=48, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG")
    data = out.getvalue()
    if len(data) > MAX_BYTES:  # pragma: no cover - a guard: fewer colours always fit
        out = io.BytesIO()
        image.quantize(colors=16, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(out, format="PNG", optimize=True)
        data = out.getvalue()
    return data
