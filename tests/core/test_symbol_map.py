"""Proportional-symbol map: geometry properties (Hypothesis) and the markup pages rely on."""

from __future__ import annotations

import itertools
import math
import re
import xml.etree.ElementTree as ET

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from sinergi.core import symbol_map as sm

SVG = "{http://www.w3.org/2000/svg}"
DEPOK = [
    ("Beji", 106.819049, -6.373065, 40, "/direktori/?kecamatan=32.76.06"),
    ("Cimanggis", 106.869363, -6.3677, 10, "/direktori/?kecamatan=32.76.02"),
    ("Sawangan", 106.764145, -6.406658, 0, "/direktori/?kecamatan=32.76.03"),
    ("Tapos", 106.880485, -6.419207, 1250, None),
]

lon = st.floats(min_value=-180, max_value=180, allow_nan=False)
lat = st.floats(min_value=-80, max_value=80, allow_nan=False)
value = st.one_of(st.integers(min_value=0, max_value=10**9), st.floats(min_value=0, max_value=1e12))
name = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Cn")), min_size=1, max_size=10)
points = st.lists(st.tuples(name, lon, lat, value, st.none()), min_size=1, max_size=12)


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - markup this test just generated


def _circles(svg: str) -> list[dict[str, float]]:
    """The places' circles (not the legend's)."""
    root = _parse(svg)
    legend = {id(c) for g in root.iter(f"{SVG}g") if g.get("class") == "sm-legend" for c in g.iter(f"{SVG}circle")}
    return [
        {k: float(c.attrib[k]) for k in ("cx", "cy", "r")} for c in root.iter(f"{SVG}circle") if id(c) not in legend
    ]


def _viewbox(svg: str) -> tuple[float, float]:
    root = _parse(svg)
    _, _, w, h = (float(v) for v in root.attrib["viewBox"].split())
    return w, h


@settings(max_examples=150, deadline=None)
@given(points)
def test_every_circle_is_inside_the_map_and_no_nan(pts: list[sm.Point]) -> None:
    svg = sm.render_svg(pts, title="t", description="d")
    numbers = [
        float(v)
        for el in _parse(svg).iter()
        for k, v in el.attrib.items()
        if k in ("cx", "cy", "r", "x", "y", "width", "height")
    ]
    assert numbers
    assert all(math.isfinite(n) for n in numbers)
    assert "nan" not in re.sub(r">[^<]*<", "><", svg).lower()  # nor in any attribute (viewBox, transform)
    width, height = _viewbox(svg)
    lay = sm.layout(sm.split_points(pts)[0])
    for c in _circles(svg):
        assert c["r"] > 0
        assert c["cx"] - c["r"] >= 0
        assert c["cx"] + c["r"] <= width
        assert c["cy"] - c["r"] >= 0
        assert c["cy"] + c["r"] <= height
    for s in lay.symbols:  # the places themselves stay in the map frame, above the legend
        assert s.x - s.r >= 0
        assert s.x + s.r <= lay.width
        assert s.y - s.r >= 0
        assert s.y + s.r <= lay.map_height


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=1e12), min_size=2, max_size=20))
def test_radius_is_monotone_and_area_proportional_to_value(values: list[float]) -> None:
    peak = max(values)
    radii = [sm.radius(v, peak) for v in values]
    ordered = sorted(zip(values, radii, strict=True))
    for (v1, r1), (v2, r2) in itertools.pairwise(ordered):
        assert r1 <= r2 or math.isclose(r1, r2)
        assert v1 <= v2
    if peak > 0:
        for v, r in zip(values, radii, strict=True):
            assert math.isclose(math.pi * r * r / (math.pi * sm.MAX_RADIUS**2), v / peak, rel_tol=1e-9, abs_tol=1e-12)
    assert all(math.isfinite(r) and 0 <= r <= sm.MAX_RADIUS for r in radii)


@settings(max_examples=80, deadline=None)
@given(points)
def test_output_is_deterministic_and_order_independent(pts: list[sm.Point]) -> None:
    first = sm.render_svg(pts, title="t", description="d")
    assert sm.render_svg(list(pts), title="t", description="d") == first
    assert sm.render_svg(list(reversed(pts)), title="t", description="d") == first


def test_depok_points_markup() -> None:
    svg = sm.render_svg(DEPOK, title="Pelaku <per> kecamatan", description="Desc & more", map_id="peta")
    root = _parse(svg)  # well-formed XML
    assert root.attrib["role"] == "img"
    assert root.attrib["aria-labelledby"] == "peta-title peta-desc"
    assert root.find(f"{SVG}title").text == "Pelaku <per> kecamatan"  # type: ignore[union-attr]
    assert "&lt;per&gt;" in svg
    links = list(root.iter(f"{SVG}a"))
    assert [a.attrib["href"] for a in links] == [
        "/direktori/?kecamatan=32.76.06",
        "/direktori/?kecamatan=32.76.02",
        "/direktori/?kecamatan=32.76.03",
    ]  # largest first; Tapos has no url and is drawn as a plain group
    titles = [t.text for t in root.iter(f"{SVG}title")][1:]
    assert titles == ["Tapos: 1250", "Beji: 40", "Cimanggis: 10", "Sawangan: 0"]
    zero = [c for c in root.iter(f"{SVG}circle") if "sm-zero" in c.attrib["class"]]
    assert zero
    assert all(float(c.attrib["r"]) == sm.ZERO_RADIUS for c in zero)
    # east is right, north is up: Tapos (east, south) is right of and below Beji
    by_name = {s.label: s for s in sm.layout(sm.split_points(DEPOK)[0]).symbols}
    assert by_name["Tapos"].x > by_name["Beji"].x
    assert by_name["Tapos"].y > by_name["Beji"].y
    assert 'style="' not in svg
    assert "<style" not in svg
    assert "<script" not in svg


def test_cos_latitude_correction() -> None:
    # one degree of longitude at 60° is half a degree of latitude on the ground
    pts = [("A", 0.0, 60.0, 1, None), ("B", 2.0, 60.0, 1, None), ("C", 0.0, 61.0, 1, None)]
    by_name = {s.label: s for s in sm.layout(sm.split_points(pts)[0]).symbols}
    dx = by_name["B"].x - by_name["A"].x
    dy = by_name["A"].y - by_name["C"].y
    assert dx == pytest.approx(dy * 2 * math.cos(math.radians(60 + 1 / 3)), rel=1e-6)


def test_missing_one_point_and_equal_values() -> None:
    placed, missing = sm.split_points(
        [("A", None, -6.4, 3, None), ("B", 106.8, -6.4, None, None), ("C", 106.8, -6.4, float("nan"), None)]
    )
    assert placed == []
    assert missing == ["A", "B", "C"]
    one = sm.render_svg([("Beji", 106.8, -6.4, 7, None)], title="t", description="d")
    (circle,) = _circles(one)
    width, _ = _viewbox(one)
    assert circle["cx"] == pytest.approx(width / 2)
    assert circle["r"] == sm.MAX_RADIUS
    same = sm.render_svg([(f"K{i}", 106.7 + i / 100, -6.4, 5, None) for i in range(4)], title="t", description="d")
    assert {c["r"] for c in _circles(same)} == {sm.MAX_RADIUS}
    empty = sm.render_svg([], title="t", description="d")
    assert _circles(empty) == []
    zeros = sm.render_svg([("A", 106.8, -6.4, 0, None), ("B", 106.9, -6.3, 0, None)], title="t", description="d")
    assert len(_circles(zeros)) == 2
    assert "sm-ref" not in zeros
    with pytest.raises(ValueError, match="negative value"):
        sm.split_points([("A", 106.8, -6.4, -1, None)])


def test_legend_values_are_round_and_not_above_the_largest() -> None:
    assert sm.legend_values([0, 3, 137]) == [100, 20, 5]
    assert sm.legend_values([1, 1, 1]) == [1]
    assert sm.legend_values([0, 2, 1]) == [2, 1]
    assert sm.legend_values([30, 16]) == [20, 5, 1]
    assert sm.legend_values([0, 0]) == []
    assert sm.legend_values([0.4, 12.5]) == [10, 2, 0.5]


def test_template_tag_formats_numbers_indonesian_and_lists_missing() -> None:
    pts = [*DEPOK, ("Cinere", None, None, 3, None)]
    template = Template('{% load maps %}{% symbol_map points title="Peta" map_id="p" legend_label="Jumlah" %}')
    html = template.render(Context({"points": pts}))
    assert "Tapos: 1.250" in html  # Indonesian grouping
    assert ">1.000<" in html  # legend reference circle
    assert "Cinere" in html.split("</svg>")[1]  # listed under the map, not drawn
    assert "sentroid" in html
    assert "utara" in html
    with translation.override("en"):
        english = template.render(Context({"points": pts}))
    assert "Tapos: 1,250" in english
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_legend_numbers_keep_the_decimals_they_need() -> None:
    from sinergi.core.templatetags.maps import _legend_number

    assert [_legend_number(v) for v in (1000.0, 0.5, 0.05, 20.0)] == ["1.000", "0,5", "0,05", "20"]
