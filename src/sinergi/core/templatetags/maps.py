"""Proportional-symbol maps in templates (geometry in `sinergi.core.symbol_map`, no JavaScript).

    {% load maps %}
    {% symbol_map points title=… description=… map_id="peta-kecamatan" decimals=0 legend_label=… %}

`points`: [(label, lon, lat, value, url or None), …]. The figure around the SVG (caption saying that
positions are centroids, the list of places that could not be drawn) is
core/components/symbol_map.html, whose strings are translated there.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from sinergi.core import symbol_map as geometry
from sinergi.core.templatetags.ui import format_number

register = template.Library()


def _formatter(decimals: int | None) -> Any:
    def fmt(value: float) -> str:
        places = decimals if decimals is not None else (0 if float(value).is_integer() else 1)
        return format_number(value, places)

    return fmt


def _legend_number(value: float) -> str:
    """A legend's round value with the decimals it needs (1.000, 0,5, 0,05)."""
    places = next((d for d in range(7) if abs(round(value, d) - value) < 1e-9 * max(1.0, abs(value))), 6)
    return format_number(value, places)


@register.inclusion_tag("core/components/symbol_map.html")
def symbol_map(
    points: Sequence[geometry.Point],
    *,
    title: str = "",
    description: str = "",
    map_id: str = "peta",
    decimals: int | None = None,
    legend_label: str = "",
    caption: str = "",
    experimental: bool = False,
) -> dict[str, Any]:
    """The figure: SVG, caption, and the places without a centroid listed under it."""
    points = list(points)
    _, missing = geometry.split_points(points)
    return {
        "points": points,
        "title": title,
        "description": description,
        "map_id": map_id,
        "decimals": decimals,
        "legend_label": legend_label,
        "caption": caption,
        "experimental": experimental,
        "missing": missing,
        "drawn": len(points) - len(missing),
    }


@register.simple_tag
def symbol_map_svg(
    points: Sequence[geometry.Point],
    *,
    title: str = "",
    description: str = "",
    map_id: str = "peta",
    decimals: int | None = None,
    north_label: str = "N",
    legend_label: str = "",
    zero_label: str = "0",
) -> SafeString:
    """Only the `<svg>` (every text in it is escaped by `render_svg`)."""
    svg = geometry.render_svg(
        points,
        title=title,
        description=description,
        map_id=map_id,
        format_value=_formatter(decimals),
        format_legend=_legend_number,  # round reference values: 1.000, not 1.000,0
        north_label=north_label,
        legend_label=legend_label,
        zero_label=zero_label,
    )
    return mark_safe(svg)  # noqa: S308 - built from escaped parts in symbol_map.render_svg
