"""Hand-computed examples for each method (the worked example of docs/domain/pdrb-ekraf.md)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

import ekraf
from ekraf import EstablishmentAggregate, EstablishmentRecord, PdrbRecord, PdrbTable


def pdrb_records() -> list[PdrbRecord]:
    rows = {
        "C": (1000, 1100, 800, 840),
        "I": (400, 460, 300, 330),
        "J": (200, 240, 180, 207),
        "TOTAL": (5000, 5500, 4000, 4200),
    }
    out = []
    for code, (b21, b22, k21, k22) in rows.items():
        out += [
            PdrbRecord("Kota Contoh", 2021, code, "ADHB", b21, "miliar rupiah"),
            PdrbRecord("Kota Contoh", 2022, code, "ADHB", b22, "miliar rupiah"),
            PdrbRecord("Kota Contoh", 2021, code, "ADHK", k21, "miliar rupiah"),
            PdrbRecord("Kota Contoh", 2022, code, "ADHK", k22, "miliar rupiah"),
        ]
    return out


def establishments() -> list[EstablishmentRecord]:
    r = "Kota Contoh"
    return [
        EstablishmentRecord(r, "14111", 100, 60, 12, 2, 2021, unit="miliar rupiah"),  # fesyen, C: NTB 40 × 2 = 80
        EstablishmentRecord(r, "10110", 300, 180, 20, 1, 2021, unit="miliar rupiah"),  # not creative, C: 120
        EstablishmentRecord(r, "56101", 50, 30, 6, 3, 2021, unit="miliar rupiah"),  # kuliner, I: 60
        EstablishmentRecord(r, "55110", 90, 30, 15, 1, 2021, unit="miliar rupiah"),  # hotel, I: 60
        EstablishmentRecord(r, "62012", 40, 10, 5, 1, 2021, unit="miliar rupiah"),  # aplikasi, J: 30
        EstablishmentRecord(r, "61100", 50, 20, 4, 1, 2021, unit="miliar rupiah"),  # telecom, J: 30
    ]


def test_ratio_method_by_hand() -> None:
    pdrb = PdrbTable.from_records(pdrb_records())
    est = EstablishmentAggregate.from_records(establishments())
    theta = ekraf.estimate_theta(est, ekraf.default_mapping(), pdrb=pdrb)
    assert theta.get("Kota Contoh", "FSN", "C") == pytest.approx(80 / 200)
    assert theta.get("Kota Contoh", "KUL", "I") == pytest.approx(60 / 120)
    assert theta.get("Kota Contoh", "APL", "J") == pytest.approx(30 / 60)
    result = ekraf.run_ratio(pdrb, est)
    lv = result.levels
    assert lv.get("Kota Contoh", "ADHB", "FSN", 2021) == pytest.approx(400)
    assert lv.get("Kota Contoh", "ADHK", "APL", 2022) == pytest.approx(103.5)
    assert lv.get("Kota Contoh", "ADHB", "TOTAL", 2022) == pytest.approx(790)
    assert lv.get("Kota Contoh", "ADHK", "TOTAL", 2022) == pytest.approx(604.5)
    ind = result.indicators
    assert ind.get("growth", "Kota Contoh", "TOTAL", 2022, "ADHK") == pytest.approx((604.5 / 560 - 1) * 100)
    assert ind.get("contribution", "Kota Contoh", "TOTAL", 2021, "ADHB") == pytest.approx(14.0)
    assert ind.get("distribution", "Kota Contoh", "FSN", 2022, "ADHB") == pytest.approx(440 / 790 * 100)
    assert ind.get("implicit_index", "Kota Contoh", "TOTAL", 2021, "ADHB/ADHK") == pytest.approx(125.0)
    assert ind.get("source_of_growth", "Kota Contoh", "FSN", 2022, "ADHK") == pytest.approx(16 / 560 * 100)
    # employment: fesyen 12 × 2 = 24 workers of 12×2+20+6×3+15+5+4 = 86
    assert ind.get("employment", "Kota Contoh", "FSN", 2021, "pekerja") == pytest.approx(24)
    assert ind.get("employment_share", "Kota Contoh", "TOTAL", 2021, "pekerja") == pytest.approx(47 / 86 * 100)
    assert result.manifest.classification_provisional
    assert result.manifest.method == "ratio"


def test_ratio_16_subsectors_joins_apl_and_gam() -> None:
    pdrb = PdrbTable.from_records(pdrb_records())
    est = EstablishmentAggregate.from_records(establishments())
    result = ekraf.run_ratio(pdrb, est, subsector_list="16")
    assert "APG" in result.levels.codes
    assert "APL" not in result.levels.codes
    assert result.levels.get("Kota Contoh", "ADHB", "APG", 2021) == pytest.approx(100)


def test_extrapolation_by_hand() -> None:
    r = "Kota Contoh"
    bench = ekraf.SubsectorLevels.from_records(
        [
            ekraf.LevelRecord(r, 2021, "FSN", "ADHB", 400),
            ekraf.LevelRecord(r, 2021, "FSN", "ADHK", 320),
        ]
    )
    ind = ekraf.SubsectorLevels.from_records(
        [
            ekraf.LevelRecord(r, 2020, "FSN", "ADHB", 900),
            ekraf.LevelRecord(r, 2021, "FSN", "ADHB", 1000),
            ekraf.LevelRecord(r, 2022, "FSN", "ADHB", 1100),
            ekraf.LevelRecord(r, 2020, "FSN", "ADHK", 760),
            ekraf.LevelRecord(r, 2021, "FSN", "ADHK", 800),
            ekraf.LevelRecord(r, 2022, "FSN", "ADHK", 840),
        ]
    )
    result = ekraf.run_extrapolation(bench, ind)
    assert result.levels.get(r, "ADHB", "FSN", 2022) == pytest.approx(440)
    assert result.levels.get(r, "ADHB", "FSN", 2020) == pytest.approx(360)
    assert result.levels.get(r, "ADHK", "FSN", 2022) == pytest.approx(336)
    assert result.levels.get(r, "ADHK", "TOTAL", 2020) == pytest.approx(304)


def test_survey_by_hand() -> None:
    pdrb = PdrbTable.from_records(pdrb_records())
    est = EstablishmentAggregate.from_records(establishments())
    result = ekraf.run_survey(est, pdrb=pdrb)
    lv = result.levels
    assert lv.get("Kota Contoh", "ADHB", "FSN", 2021) == pytest.approx(80)
    # deflated with the implicit index of C in 2021: 1000/800 = 1.25
    assert lv.get("Kota Contoh", "ADHK", "FSN", 2021) == pytest.approx(64)
    assert lv.get("Kota Contoh", "ADHK", "KUL", 2021) == pytest.approx(60 / (400 / 300))
    assert lv.get("Kota Contoh", "ADHB", "TOTAL", 2021) == pytest.approx(170)


def test_depok_2022_growth_from_published_levels() -> None:
    levels = ekraf.LevelTable.from_records(
        [
            ekraf.LevelRecord("Kota Depok", 2021, "TOTAL", "ADHK", 49.95, "triliun rupiah"),
            ekraf.LevelRecord("Kota Depok", 2022, "TOTAL", "ADHK", 52.56, "triliun rupiah"),
            ekraf.LevelRecord("Kota Depok", 2021, "TOTAL", "ADHB", 74.38, "triliun rupiah"),
            ekraf.LevelRecord("Kota Depok", 2022, "TOTAL", "ADHB", 81.17, "triliun rupiah"),
        ]
    )
    table = ekraf.compute_indicators(levels)
    growth = table.get("growth", "Kota Depok", "TOTAL", 2022, "ADHK")
    assert growth is not None
    # published 5.24 %; from the rounded published levels 52.56 / 49.95 − 1 = 5.225 %
    assert growth == pytest.approx(5.24, abs=0.02)
    assert growth == pytest.approx((52.56 / 49.95 - 1) * 100, rel=1e-12)
    # "bertambah Rp 6,78 triliun" (ADHB)
    assert pytest.approx(6.79, abs=0.011) == 81.17 - 74.38


def test_national_published_average_growth() -> None:
    # Rp525.96 T (2010) → Rp852.24 T (2015): published "rata-rata 10,14 % per tahun", CAGR 10.13 %.
    recs = [ekraf.LevelRecord("Indonesia", 2010, "TOTAL", "ADHB", 525.96, "triliun")]
    recs.append(ekraf.LevelRecord("Indonesia", 2015, "TOTAL", "ADHB", 852.24, "triliun"))
    with pytest.raises(ekraf.InputError, match="missing year"):
        ekraf.LevelTable.from_records(recs)
    cagr = ((852.24 / 525.96) ** (1 / 5) - 1) * 100
    assert round(cagr, 2) == 10.13


def test_result_json_round_trip_is_lossless(tmp_path: Path) -> None:
    pdrb = PdrbTable.from_records(pdrb_records())
    result = ekraf.run_ratio(pdrb, EstablishmentAggregate.from_records(establishments()))
    text = result.to_json()
    again = ekraf.EkrafResult.from_json(text)
    assert again.to_json() == text
    assert json.loads(text)["manifest"]["classification"]["provisional"] is True
    paths = ekraf.write_outputs(result, tmp_path)
    assert {p.name for p in paths} >= {
        "levels.csv",
        "indicators.csv",
        "result.json",
        "manifest.json",
        "pdrb_ekraf.xlsx",
    }
    assert not math.isnan(again.levels.values[0, 0, 0, 0])
