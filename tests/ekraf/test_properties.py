"""Hypothesis properties for the identities every result must keep."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ekraf
from ekraf import EstablishmentAggregate, EstablishmentRecord, PdrbTable, SubsectorLevels

SUBSECTORS = ("FSN", "KRY", "KUL", "APL", "GAM")
values = st.floats(min_value=1.0, max_value=1e7, allow_nan=False, allow_infinity=False)


@st.composite
def subsector_levels(draw: st.DrawFn) -> SubsectorLevels:
    n_years = draw(st.integers(min_value=2, max_value=6))
    codes = draw(st.lists(st.sampled_from(SUBSECTORS), min_size=1, max_size=5, unique=True))
    adhk = np.array([[draw(values) for _ in range(n_years)] for _ in codes])
    deflator = np.array([[draw(st.floats(min_value=0.5, max_value=3.0)) for _ in range(n_years)] for _ in codes])
    arr = np.stack([adhk * deflator, adhk])[None]  # (1, 2, C, Y)
    total = arr.sum(axis=2, keepdims=True)
    return SubsectorLevels.from_array(
        ["Kota A"], [*codes, "TOTAL"], list(range(2010, 2010 + n_years)), np.concatenate([arr, total], axis=2)
    )


@given(subsector_levels())
@settings(max_examples=60, deadline=None)
def test_indicator_identities(levels: SubsectorLevels) -> None:
    table = ekraf.compute_indicators(levels)
    sub = [i for i, c in enumerate(levels.codes) if c != "TOTAL"]
    t = levels.codes.index("TOTAL")
    dist = table.arrays["distribution"][1]
    assert np.allclose(dist[:, :, sub, :].sum(axis=2), 100.0)
    sog = table.arrays["source_of_growth"][1][..., 1:]
    growth = table.arrays["growth"][1][..., 1:]
    assert np.allclose(sog[:, :, sub].sum(axis=2), growth[:, :, t], atol=1e-7)
    # growth chains recompose the levels
    x = levels.values
    chained = x[..., :1] * np.cumprod(1 + growth / 100, axis=-1)
    assert np.allclose(chained, x[..., 1:], rtol=1e-6)  # growth of extreme ratios loses digits
    ipi = table.arrays["implicit_index"][1][:, 0]
    assert np.allclose(x[:, 1] * ipi / 100, x[:, 0], rtol=1e-12)
    # compound average growth reproduces the end point
    cagr = table.arrays["average_growth_compound"][1][..., -1]
    n = len(levels.years) - 1
    assert np.allclose(x[..., 0] * (1 + cagr / 100) ** n, x[..., -1], rtol=1e-9)
    ekraf._identities.check_indicators(levels, table, ekraf.top_level_denominator(levels))


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["14111", "10110", "56101", "55110", "62012", "61100", "58200", "47711"]),
            values,
            st.floats(min_value=0.0, max_value=1.0),
            st.floats(min_value=0.1, max_value=50.0),
        ),
        min_size=1,
        max_size=25,
    ),
    st.lists(values, min_size=6, max_size=6),
)
@settings(max_examples=60, deadline=None)
def test_ratio_identities(rows: list[tuple[str, float, float, float]], pdrb_values: list[float]) -> None:
    est = EstablishmentAggregate.from_records(
        [EstablishmentRecord("Kota A", k, o, o * f, 1, w, 2020) for k, o, f, w in rows]
    )
    recs = []
    for year, scale in ((2020, 1.0), (2021, 1.1)):
        for code, v in zip(("C", "I", "J", "G"), pdrb_values, strict=False):
            recs.append(ekraf.PdrbRecord("Kota A", year, code, "ADHB", v * scale * 1.2))
            recs.append(ekraf.PdrbRecord("Kota A", year, code, "ADHK", v * scale))
        rest = sum(pdrb_values) * 3
        recs.append(ekraf.PdrbRecord("Kota A", year, "TOTAL", "ADHB", rest * scale * 1.2))
        recs.append(ekraf.PdrbRecord("Kota A", year, "TOTAL", "ADHK", rest * scale))
    # identities are checked inside; random frames may hold only creative units
    result = ekraf.run_ratio(PdrbTable.from_records(recs), est, allow_creative_only_frame=True)
    lv = result.levels
    t = lv.codes.index("TOTAL")
    assert np.allclose(lv.values[:, :, t], np.delete(lv.values, t, axis=2).sum(axis=2))
    contribution = result.indicators.arrays["contribution"][1][:, :, t]
    assert np.all(contribution <= 100 + 1e-9)
    theta = ekraf.estimate_theta(est, ekraf.default_mapping(), pdrb=result.pdrb, allow_creative_only_frame=True)
    assert np.all(theta.values.sum(axis=1) <= 1 + 1e-12)
    assert ekraf.EkrafResult.from_json(result.to_json()).to_json() == result.to_json()


@given(subsector_levels())
@settings(max_examples=30, deadline=None)
def test_broken_total_is_an_identity_error(levels: SubsectorLevels) -> None:
    values_ = levels.values.copy()
    values_[0, 0, levels.codes.index("TOTAL"), 0] *= 1.01
    broken = SubsectorLevels.from_array(levels.regions, levels.codes, levels.years, values_)
    with pytest.raises(ekraf.IdentityError) as caught:
        ekraf._identities.check_subsectors_sum(broken)
    assert caught.value.issues[0].code == "TOTAL"
