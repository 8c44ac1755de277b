"""Bar and column charts as SVG, drawn at build time: no chart library, no script.

Each chart is an image for assistive technology (``role="img"`` with a ``<title>`` and a
``<desc>`` that states every value), and each bar carries its key and value in
``data-key`` and ``data-value`` so tests (and curious readers) can read the numbers
back. Every piece of text is escaped here; the result is safe to insert as HTML.
Colours and fonts come from the page's CSS (classes ``cl-chart__*``), with plain
fallbacks in the attributes. Interface text goes through the gettext translations ``t`` each
chart is given (English when none is).
"""

from __future__ import annotations

import gettext
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Literal

Unit = Literal["cases", "victims"]  # what a chart counts

BAR = "#3f51b5"
MUTED = "#5f6368"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    key: str = ""


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _clip(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _translations(t: gettext.NullTranslations | None) -> gettext.NullTranslations:
    return t if t is not None else gettext.NullTranslations()


def count_text(value: int, unit: Unit, t: gettext.NullTranslations) -> str:
    """'1 case', '3 cases', '2 victims': a count with its noun, in the plural form the language wants."""
    if unit == "victims":
        return t.ngettext("%(n)s victim", "%(n)s victims", value) % {"n": value}
    return t.ngettext("%(n)s case", "%(n)s cases", value) % {"n": value}


def labelled(label: str, value: str, t: gettext.NullTranslations) -> str:
    """'Europe: 3 cases', as the language puts a name and its figure."""
    return t.gettext("%(label)s: %(value)s") % {"label": label, "value": value}


def describe(bars: Sequence[Bar], unit: Unit, t: gettext.NullTranslations | None = None) -> str:
    """Every value in words: the chart's <desc>, so a screen reader hears the data."""
    t = _translations(t)
    if not bars:
        return t.gettext("No victims yet.") if unit == "victims" else t.gettext("No cases yet.")
    return "; ".join(labelled(bar.label, count_text(bar.value, unit, t), t) for bar in bars) + "."


def _open(chart_id: str, title: str, desc: str, width: int, height: int) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="cl-chart" id="{_attr(chart_id)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{_attr(chart_id)}-title {_attr(chart_id)}-desc" '
        'preserveAspectRatio="xMinYMin meet">',
        f'<title id="{_attr(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{_attr(chart_id)}-desc">{escape(desc)}</desc>',
    ]


def bar_chart(chart_id: str, title: str, bars: Sequence[Bar], *, unit: Unit = "cases", label_width: int = 290,
              width: int = 720, row: int = 24, t: gettext.NullTranslations | None = None) -> str:
    """Horizontal bars, one row per item, in the order given; ``title`` comes translated."""
    t = _translations(t)
    top, bottom = 8, 8
    height = top + bottom + max(1, len(bars)) * row
    plot = width - label_width - 56  # room for the value after the longest bar
    most = max((bar.value for bar in bars), default=0) or 1
    out = _open(chart_id, title, describe(bars, unit, t), width, height)
    chars = max(8, label_width // 7)  # about 7 pixels a character at 13 pixels
    for index, bar in enumerate(bars):
        y = top + index * row
        length = round(plot * bar.value / most, 1)
        middle = y + row / 2
        out.append(
            f'<g class="cl-chart__bar" data-key="{_attr(bar.key)}" data-value="{bar.value}">'
            f'<text class="cl-chart__label" x="{label_width - 8}" y="{middle}" text-anchor="end" dominant-baseline="central" '
            f'font-size="13" fill="currentColor">{escape(_clip(bar.label, chars))}</text>'
            f'<rect class="cl-chart__rect" x="{label_width}" y="{y + 4}" width="{max(length, 1 if bar.value else 0)}" '
            f'height="{row - 8}" fill="{BAR}"/>'
            f'<text class="cl-chart__value" x="{label_width + length + 6}" y="{middle}" dominant-baseline="central" '
            f'font-size="13" fill="currentColor">{bar.value}</text></g>'
        )
    if not bars:
        empty = t.gettext("No data yet")
        out.append(f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" dominant-baseline="central" font-size="13" '
                   f'fill="{MUTED}">{escape(empty)}</text>')
    out.append("</svg>")
    return "".join(out)


def column_chart(chart_id: str, title: str, bars: Sequence[Bar], *, unit: Unit = "cases", width: int = 680,
                 height: int = 220, label_every: int = 0, t: gettext.NullTranslations | None = None) -> str:
    """Vertical columns for a series in order (years): every step shown, empty ones at zero; ``title`` comes translated."""
    t = _translations(t)
    left, right, top, bottom = 36, 8, 20, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    most = max((bar.value for bar in bars), default=0) or 1
    step = plot_w / max(1, len(bars))
    gap = min(4.0, step * 0.2)
    every = label_every or max(1, round(len(bars) / 12 + 0.49))
    described = [bar for bar in bars if bar.value]
    desc = describe(described, unit, t) + (" " + t.gettext("Years not named had none.") if len(described) < len(bars) else "")
    out = _open(chart_id, title, desc, width, height)
    baseline = top + plot_h
    ticks = sorted({0, most, *(t for t in (most // 2,) if t)})
    for tick in ticks:
        y = round(baseline - plot_h * tick / most, 1)
        out.append(f'<line class="cl-chart__grid" x1="{left}" x2="{width - right}" y1="{y}" y2="{y}" stroke="{MUTED}" '
                   f'stroke-opacity="0.25"/>'
                   f'<text class="cl-chart__tick" x="{left - 6}" y="{y}" text-anchor="end" dominant-baseline="central" '
                   f'font-size="11" fill="currentColor">{tick}</text>')
    for index, bar in enumerate(bars):
        x = round(left + index * step + gap / 2, 1)
        h = round(plot_h * bar.value / most, 1)
        centre = round(x + (step - gap) / 2, 1)
        parts = [f'<g class="cl-chart__bar" data-key="{_attr(bar.key)}" data-value="{bar.value}">',
                 f'<rect class="cl-chart__rect" x="{x}" y="{round(baseline - h, 1)}" width="{round(step - gap, 1)}" '
                 f'height="{h}" fill="{BAR}"/>']
        if bar.value and step >= 12:
            parts.append(f'<text class="cl-chart__value" x="{centre}" y="{round(baseline - h - 4, 1)}" text-anchor="middle" '
                         f'font-size="10" fill="currentColor">{bar.value}</text>')
        if (len(bars) - 1 - index) % every == 0:  # the latest step is always labelled
            parts.append(f'<text class="cl-chart__axis" x="{centre}" y="{baseline + 16}" text-anchor="middle" '
                         f'font-size="11" fill="currentColor">{escape(bar.label)}</text>')
        parts.append("</g>")
        out.append("".join(parts))
    out.append(f'<line x1="{left}" x2="{width - right}" y1="{baseline}" y2="{baseline}" stroke="currentColor"/>')
    out.append("</svg>")
    return "".join(out)
