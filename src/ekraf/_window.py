"""Average growth over a chosen window of years (``--average-window 2011-2015``).

BPS publications quote average growth over a stated period ("rata-rata 2010–2015"), not always over
the whole series. The window's levels are cut out of the result and the same formulas as the
whole-series indicators apply (:func:`ekraf._indicators._average_growth`: compound and mean of the
annual rates), reported at the window's last year under ``average_growth_compound_2011_2015`` and
``average_growth_mean_2011_2015``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from ekraf._errors import InputError, Issue
from ekraf._frame import LevelTable
from ekraf._indicators import _average_growth

__all__ = ["parse_window", "window_average_growth"]

FloatArray = NDArray[np.float64]


def parse_window(text: str) -> tuple[int, int]:
    parts = text.replace("–", "-").split("-")
    try:
        start, end = (int(p) for p in parts)
    except ValueError:
        raise InputError([Issue(f"jendela rata-rata '{text}' harus TAHUN-TAHUN, mis. 2011-2015 (window)")]) from None
    return start, end


def window_average_growth(levels: LevelTable, start: int, end: int) -> dict[str, tuple[tuple[str, ...], FloatArray]]:
    """Average growth of every series over [start, end], placed at ``end`` in arrays over all years."""
    if not (start < end and start in levels.years and end in levels.years):
        raise InputError(
            [
                Issue(
                    f"jendela rata-rata {start}-{end} harus dua tahun berbeda di dalam {levels.years[0]}-"
                    f"{levels.years[-1]} (window outside the years)",
                    file=levels.source or None,
                )
            ]
        )
    a, b = levels.years.index(start), levels.years.index(end)
    names = ("average_growth_compound", "average_growth_mean")
    out = {}
    for name, (bases, window) in _average_growth(levels.values[..., a : b + 1], levels.years[a : b + 1], names).items():
        full = np.full((*window.shape[:3], len(levels.years)), np.nan)
        full[..., a : b + 1] = window
        out[f"{name}_{start}_{end}"] = (bases, full)
    return out
