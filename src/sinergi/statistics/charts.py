"""Server-rendered, accessible SVG charts (no JavaScript, no CDN): line charts and bar charts with
negative values. Every chart has `role="img"`, a `<title>` and a `<desc>`; pages put the same numbers
in a `<table>` beside it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from itertools import count

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#1f5f8b", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b", "#7f8c8d", "#16a085", "#b7950b")
_ids = count(1)


def fmt(value: float | None, decimals: int = 2) -> str:
    """A number in the current language's format (1.234,56 in Indonesian)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    return str(number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True))


def _nice_step(span: float, ticks: int = 5) -> float:
    if span <= 0:
        return 1.0
    raw = span / ticks
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            return float(m * mag)
    return float(10 * mag)


def _scale(lo: float, hi: float) -> tuple[float, float, list[float]]:
    lo, hi = min(lo, 0.0), max(hi, 0.0)
    if hi == lo:
        hi = lo + 1
    step = _nice_step(hi - lo)
    start = math.floor(lo / step) * step
    end = math.ceil(hi / step) * step
    ticks = []
    t = start
    while t <= end + step / 2:
        ticks.append(t)
        t += step
    return start, end, ticks


def _head(width: int, height: int, title: str, desc: str) -> tuple[str, str]:
    n = next(_ids)
    tid, did = f"chart-t{n}", f"chart-d{n}"
    return (
        f'<svg class="stat-chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-labelledby="{tid} {did}" xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">'
        f'<title id="{tid}">{escape(title)}</title><desc id="{did}">{escape(desc)}</desc>',
        "</svg>",
    )


def line_chart(
    *,
    title: str,
    desc: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    width: int = 640,
    height: int = 300,
    decimals: int = 1,
) -> SafeString:
    """One line per series over categorical x labels (years); gaps where a value is None."""
    left, right, top, bottom = 70, 16, 16, 64
    values = [v for _, vs in series for v in vs if v is not None]
    if not values or not x_labels:
        return mark_safe("")
    lo, hi, ticks = _scale(min(values), max(values))
    pw, ph = width - left - right, height - top - bottom
    n = len(x_labels)

    def x(i: int) -> float:
        return left + (pw * i / (n - 1) if n > 1 else pw / 2)

    def y(v: float) -> float:
        return top + ph * (1 - (v - lo) / (hi - lo))

    open_, close = _head(width, height, title, desc)
    parts = [open_]
    for t in ticks:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(t):.1f}" y2="{y(t):.1f}"'
            ' stroke="#d5dbe1" stroke-width="1"/>'
            f'<text x="{left - 6}" y="{y(t) + 4:.1f}" text-anchor="end" font-size="11" fill="#444">'
            f"{escape(fmt(t, 0 if abs(t) >= 10 else decimals))}</text>"
        )
    every = max(1, math.ceil(n / 8))
    for i, label in enumerate(x_labels):
        if i % every == 0 or i == n - 1:
            parts.append(
                f'<text x="{x(i):.1f}" y="{top + ph + 16}" text-anchor="middle" font-size="11" fill="#444">'
                f"{escape(label)}</text>"
            )
    for k, (name, vs) in enumerate(series):
        color = PALETTE[k % len(PALETTE)]
        segments: list[list[str]] = [[]]
        for i, v in enumerate(vs):
            if v is None:
                segments.append([])
                continue
            segments[-1].append(f"{x(i):.1f},{y(v):.1f}")
        for seg in segments:
            if len(seg) > 1:
                parts.append(
                    f'<path d="M{" L".join(seg)}" fill="none" stroke="{color}" stroke-width="2.5" class="series"/>'
                )
        for i, v in enumerate(vs):
            if v is not None:
                parts.append(
                    f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="3" fill="{color}">'
                    f"<title>{escape(name)} {escape(x_labels[i])}: {escape(fmt(v, decimals))}</title></circle>"
                )
        ly = height - 24 + 0 * k
        lx = left + k * 200
        parts.append(
            f'<rect x="{lx}" y="{ly - 9}" width="14" height="10" fill="{color}"/>'
            f'<text x="{lx + 20}" y="{ly}" font-size="12" fill="#222">{escape(name)}</text>'
        )
    parts.append(close)
    return mark_safe("".join(parts))  # noqa: S308  every text above is escaped


def bar_chart(
    *,
    title: str,
    desc: str,
    items: Sequence[tuple[str, float | None]],
    width: int = 640,
    decimals: int = 2,
    suffix: str = "",
) -> SafeString:
    """Horizontal bars, one per item, with a zero line: negative values extend to the left."""
    rows = [(label, v) for label, v in items if v is not None and math.isfinite(v)]
    if not rows:
        return mark_safe("")
    bar_h, gap, label_w, top = 18, 8, 190, 8
    height = top * 2 + len(rows) * (bar_h + gap)
    lo, hi, _ticks = _scale(min(v for _, v in rows), max(v for _, v in rows))
    plot_l, plot_r = label_w, width - 70
    pw = plot_r - plot_l

    def x(v: float) -> float:
        return plot_l + pw * (v - lo) / (hi - lo)

    open_, close = _head(width, height, title, desc)
    parts = [open_]
    zero = x(0)
    for i, (label, v) in enumerate(rows):
        yy = top + i * (bar_h + gap)
        x0, x1 = sorted((zero, x(v)))
        color = PALETTE[0] if v >= 0 else PALETTE[4]
        short = label if len(label) <= 28 else label[:27] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{yy + 13}" text-anchor="end" font-size="11" fill="#222">{escape(short)}</text>'
            f'<rect class="bar" x="{x0:.1f}" y="{yy}" width="{max(x1 - x0, 1):.1f}" height="{bar_h}" fill="{color}">'
            f"<title>{escape(label)}: {escape(fmt(v, decimals))}{escape(suffix)}</title></rect>"
        )
        tx = x1 + 4 if v >= 0 else x0 - 4
        anchor = "start" if v >= 0 else "end"
        if v < 0 and x0 - 4 < label_w + 30:
            tx, anchor = x1 + 4, "start"
        parts.append(
            f'<text x="{tx:.1f}" y="{yy + 13}" text-anchor="{anchor}" font-size="11" fill="#222">'
            f"{escape(fmt(v, decimals))}{escape(suffix)}</text>"
        )
    parts.append(
        f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="{top - 4}" y2="{height - top + 4}" stroke="#333" stroke-width="1"/>'
    )
    parts.append(close)
    return mark_safe("".join(parts))  # noqa: S308  every text above is escaped
