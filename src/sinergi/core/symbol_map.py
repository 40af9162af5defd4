"""A proportional-symbol map as inline SVG, computed on the server (no JavaScript, no tiles, no CDN).

Each place is a circle at its centroid whose AREA is proportional to its value (radius ∝ √value), so a
kecamatan with twice as many actors gets twice the ink, not four times. Positions use an
equirectangular projection with the longitude scaled by cos(mean latitude), fitted to the points with
padding. There are no boundaries: the circles sit on centroids, and the page says so.

`render_svg` is a pure function (no Django, no database): the same points give the same markup, byte
for byte. Text it needs (title, description, "north") comes in as arguments so that templates can
translate it; numbers are formatted by the `format_value` callable (the template tag passes the
Indonesian/English formatter of `core.templatetags.ui`).

    points = [("Beji", 106.819, -6.373, 42, "/direktori/?kecamatan=32.76.06"), …]
    svg = render_svg(points, title="Pelaku per kecamatan", description="…", map_id="peta")

Rules: a value of 0 is drawn as a small hollow ring (it is a real zero, not missing data); a place
without a centroid or without a finite value is left out of the drawing (see `split_points`, which the
tag uses to list them under the map); negative values are refused (sizes cannot be negative).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

Point = tuple[str, float | None, float | None, float | int | None, str | None]

WIDTH = 560.0
MAX_RADIUS = 36.0
ZERO_RADIUS = 3.5
LABEL_GAP = 13.0  # from the circle's bottom edge to the label's baseline
PAD_SIDE = 64.0  # room for the largest circle and a label half-width
PAD_TOP = 44.0  # room for the north arrow and a circle's top
PAD_BOTTOM = MAX_RADIUS + LABEL_GAP + 8.0
MAX_MAP_HEIGHT = 640.0
LEGEND_HEIGHT = 2 * MAX_RADIUS + 46.0


@dataclass(frozen=True)
class Placed:
    label: str
    lon: float
    lat: float
    value: float
    url: str | None


@dataclass(frozen=True)
class Symbol:
    label: str
    value: float
    url: str | None
    x: float
    y: float
    r: float


def _finite(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def split_points(points: Sequence[Point]) -> tuple[list[Placed], list[str]]:
    """(places that can be drawn, labels of those that cannot: no centroid or no value)."""
    placed: list[Placed] = []
    missing: list[str] = []
    for label, lon, lat, value, url in points:
        if lon is None or lat is None or value is None or not (_finite(lon) and _finite(lat) and _finite(value)):
            missing.append(str(label))
            continue
        if value < 0:
            raise ValueError(f"negative value for {label!r}: a symbol's size cannot be negative")
        placed.append(Placed(str(label), float(lon), float(lat), float(value), url or None))
    return placed, missing


def radius(value: float, peak: float) -> float:
    """Radius for `value` when `peak` gets MAX_RADIUS: area ∝ value (0 for 0)."""
    if peak <= 0 or value <= 0:
        return 0.0
    return MAX_RADIUS * math.sqrt(value / peak)


@dataclass(frozen=True)
class Layout:
    width: float
    map_height: float
    height: float
    symbols: list[Symbol]


def layout(placed: Sequence[Placed]) -> Layout:
    """Project and fit the places; circles drawn largest first so that small ones stay on top."""
    peak = max((p.value for p in placed), default=0.0)
    if not placed:
        return Layout(WIDTH, PAD_TOP + PAD_BOTTOM, PAD_TOP + PAD_BOTTOM + LEGEND_HEIGHT, [])
    mean_lat = math.fsum(p.lat for p in placed) / len(placed)  # fsum: same for any order
    k = math.cos(math.radians(mean_lat))
    xs = [p.lon * k for p in placed]
    ys = [-p.lat for p in placed]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    inner_w = WIDTH - 2 * PAD_SIDE
    inner_h_max = MAX_MAP_HEIGHT - PAD_TOP - PAD_BOTTOM
    spans = [(x1 - x0) / inner_w if x1 > x0 else 0.0, (y1 - y0) / inner_h_max if y1 > y0 else 0.0]
    degrees_per_px = max(spans)
    if degrees_per_px > 1e-12:  # closer than that is the same spot
        scale = 1.0 / degrees_per_px
        inner_h = (y1 - y0) * scale
    else:  # one place, or all on the same spot
        scale = 0.0
        inner_h = 0.0
    inner_h = max(inner_h, 2 * MAX_RADIUS)
    map_height = PAD_TOP + inner_h + PAD_BOTTOM
    # centre the drawing in both directions
    off_x = PAD_SIDE + (inner_w - (x1 - x0) * scale) / 2
    off_y = PAD_TOP + (inner_h - (y1 - y0) * scale) / 2
    symbols = [
        Symbol(p.label, p.value, p.url, off_x + (x - x0) * scale, off_y + (y - y0) * scale, radius(p.value, peak))
        for p, x, y in zip(placed, xs, ys, strict=True)
    ]
    symbols.sort(key=lambda s: (-s.value, s.label, s.x, s.y))
    return Layout(WIDTH, map_height, map_height + LEGEND_HEIGHT, symbols)


def legend_values(values: Sequence[float]) -> list[float]:
    """Two or three round reference values (1, 2 or 5 × 10ⁿ) not above the largest value, largest first
    (one only when the largest is 1); whole numbers only when every value is whole (counts of actors)."""
    peak = max(values, default=0.0)
    if peak <= 0:
        return []
    whole = all(float(v).is_integer() for v in values)

    def nice_floor(x: float) -> float:
        mag = 10 ** math.floor(math.log10(x))
        for m in (5, 2, 1):
            if m * mag <= x * (1 + 1e-9):
                return float(m * mag)
        return float(mag)

    out: list[float] = []
    for target in (peak, peak / 5, peak / 25):
        if target <= 0:
            continue
        v = nice_floor(target)
        if whole and not v.is_integer():
            continue
        if v not in out and v > 0:
            out.append(v)
    if whole and len(out) < 2 and peak > 1:  # counts up to 4: show 1 beside the largest
        out.append(1.0)
    return out[:3]


def _n(x: float) -> str:
    """Coordinates with one decimal, no '-0.0', never locale-dependent."""
    text = f"{round(x, 1):.1f}"
    return "0.0" if text == "-0.0" else text


def render_svg(
    points: Sequence[Point],
    *,
    title: str,
    description: str,
    map_id: str = "map",
    format_value: Callable[[float], str] = lambda v: f"{v:g}",
    north_label: str = "N",
    legend_label: str = "",
    zero_label: str = "0",
    format_legend: Callable[[float], str] | None = None,
) -> str:
    """The `<svg>` element (a string of markup; every text escaped here). `format_legend` formats the
    legend's round reference values (default: `format_value`)."""
    placed, _missing = split_points(points)
    lay = layout(placed)
    mid = escape(map_id)
    out: list[str] = [
        f'<svg class="symbol-map-svg" viewBox="0 0 {_n(lay.width)} {_n(lay.height)}" role="img" '
        f'aria-labelledby="{mid}-title {mid}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{mid}-title">{escape(title)}</title>',
        f'<desc id="{mid}-desc">{escape(description)}</desc>',
        f'<rect class="sm-frame" x="0.5" y="0.5" width="{_n(lay.width - 1)}" height="{_n(lay.map_height - 1)}"/>',
        # north arrow, top right
        f'<g class="sm-north" aria-hidden="true"><path d="M{_n(lay.width - 24)} 12 l6 16 h-12 z"/>'
        f'<text x="{_n(lay.width - 24)}" y="40" text-anchor="middle">{escape(north_label)}</text></g>',
    ]
    for s in lay.symbols:
        tip = f"{s.label}: {format_value(s.value)}"
        if s.r > 0:
            shape = (
                f'<circle class="sm-symbol" cx="{_n(s.x)}" cy="{_n(s.y)}" r="{_n(max(s.r, 0.1))}">'
                f"<title>{escape(tip)}</title></circle>"
            )
            label_y = s.y + s.r + LABEL_GAP
        else:
            shape = (
                f'<circle class="sm-symbol sm-zero" cx="{_n(s.x)}" cy="{_n(s.y)}" r="{_n(ZERO_RADIUS)}">'
                f"<title>{escape(tip)}</title></circle>"
            )
            label_y = s.y + ZERO_RADIUS + LABEL_GAP
        text = f'<text class="sm-label" x="{_n(s.x)}" y="{_n(label_y)}" text-anchor="middle">{escape(s.label)}</text>'
        if s.url:
            # The same links are in the page's table: inside role="img" they are a pointer convenience,
            # kept out of the tab order so that keyboard users do not land on something AT cannot name.
            out.append(f'<a class="sm-link" href="{escape(s.url)}" tabindex="-1">{shape}{text}</a>')
        else:
            out.append(f"<g>{shape}{text}</g>")
    values = [s.value for s in lay.symbols]
    out.append(_legend(lay, values, format_legend or format_value, legend_label, zero_label))
    out.append("</svg>")
    return "".join(out)


def _legend(
    lay: Layout, values: list[float], format_value: Callable[[float], str], legend_label: str, zero_label: str
) -> str:
    peak = max(values, default=0.0)
    top = lay.map_height + 8
    parts = [f'<g class="sm-legend" transform="translate(0 {_n(top)})">']
    if legend_label:
        parts.append(f'<text class="sm-legend-title" x="12" y="14">{escape(legend_label)}</text>')
    base = 14 + 2 * MAX_RADIUS + 4  # circles stand on one line
    x = 16.0
    for v in legend_values(values):
        r = radius(v, peak)
        cx = x + r
        parts.append(
            f'<circle class="sm-symbol sm-ref" cx="{_n(cx)}" cy="{_n(base - r)}" r="{_n(r)}"/>'
            f'<text x="{_n(cx)}" y="{_n(base + 14)}" text-anchor="middle">{escape(format_value(v))}</text>'
        )
        x = cx + max(r, 24) + 16
    if any(v == 0 for v in values):
        cx = x + ZERO_RADIUS
        parts.append(
            f'<circle class="sm-symbol sm-zero" cx="{_n(cx)}" cy="{_n(base - ZERO_RADIUS)}" r="{_n(ZERO_RADIUS)}"/>'
            f'<text x="{_n(x)}" y="{_n(base + 14)}">{escape(zero_label)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)
