"""Several benchmark years for the ratio method: θ per benchmark, interpolated between them.

With one benchmark, θ(s,i) is applied to every year, so a subsector grows exactly as its host
lapangan usaha forever. With benchmarks b₁ < … < bₙ (an economic census every ten years, surveys in
between), θ(s,i,t) is

* θ(b₁) for t ≤ b₁ (carried back),
* θ(bⱼ) + (θ(bⱼ₊₁) − θ(bⱼ))·(t − bⱼ)/(bⱼ₊₁ − bⱼ) for bⱼ ≤ t ≤ bⱼ₊₁ (linear interpolation),
* θ(bₙ) for t ≥ bₙ (carried forward until the next benchmark).

A convex combination of shares that sum to at most 1 per lapangan usaha again sums to at most 1, so
ekraf never exceeds its host industries.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from ekraf._classification import KbliMapping
from ekraf._errors import InputError, Issue, IssueCollector
from ekraf._establishments import EstablishmentAggregate
from ekraf._frame import PdrbTable
from ekraf._methods import Theta, estimate_theta

__all__ = ["estimate_thetas", "theta_path"]

FloatArray = NDArray[np.float64]


def estimate_thetas(
    est: EstablishmentAggregate,
    mapping: KbliMapping,
    *,
    pdrb: PdrbTable | None,
    benchmark_years: Sequence[int],
    allow_creative_only_frame: bool = False,
) -> tuple[Theta, ...]:
    """θ for each benchmark year (ascending, distinct); ``()`` means the data's single year.

    ``allow_creative_only_frame`` is passed to :func:`ekraf._methods.estimate_theta` for every year."""
    years = sorted(set(benchmark_years))
    if len(years) != len(benchmark_years):
        raise InputError([Issue(f"tahun acuan ganda: {list(benchmark_years)} (duplicated benchmark year)")])
    if not years:
        return (
            estimate_theta(
                est, mapping, pdrb=pdrb, benchmark_year=None, allow_creative_only_frame=allow_creative_only_frame
            ),
        )
    thetas = tuple(
        estimate_theta(est, mapping, pdrb=pdrb, benchmark_year=y, allow_creative_only_frame=allow_creative_only_frame)
        for y in years
    )
    issues = IssueCollector()
    first = thetas[0]
    for theta in thetas[1:]:
        for region in sorted(set(first.regions) ^ set(theta.regions)):
            issues.add(
                Issue(
                    f"wilayah tidak ada di semua tahun acuan {years} (region missing in a benchmark year)",
                    file=est.source,
                    region=region,
                    year=theta.benchmark_year if region not in theta.regions else first.benchmark_year,
                )
            )
    issues.raise_if_any(InputError)
    return thetas


def theta_path(thetas: Sequence[Theta], regions: Sequence[str], years: Sequence[int]) -> FloatArray:
    """θ(region, subsector, code, year) for ``years``, from benchmarks ordered by year."""
    first = thetas[0]
    out = np.empty((len(regions), len(first.subsectors), len(first.codes), len(years)))
    stack = np.stack([t.values[[t.regions.index(r) for r in regions]] for t in thetas])  # (B, R, S, I)
    marks = [t.benchmark_year for t in thetas]
    for y, year in enumerate(years):
        if len(thetas) == 1 or year <= (marks[0] or 0):
            out[..., y] = stack[0]
            continue
        if year >= (marks[-1] or 0):
            out[..., y] = stack[-1]
            continue
        j = max(k for k, m in enumerate(marks) if m is not None and m <= year)
        lo, hi = marks[j], marks[j + 1]
        if lo is None or hi is None:  # only a single, year-less θ has no mark (handled above)
            raise ValueError(marks)
        weight = (year - lo) / (hi - lo)
        out[..., y] = stack[j] + (stack[j + 1] - stack[j]) * weight
    return out
