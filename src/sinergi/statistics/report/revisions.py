"""What changed between a revision and the release it revises, and two publications side by side."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .. import selectors
from ..models import Publication
from .base import INDICATOR_ORDER, TOTAL, Table, indicator_labels, subsector_name


@dataclass(frozen=True)
class Change:
    """One figure of a revision that differs from the release it revises (None: absent there)."""

    indicator: str
    indicator_label: str
    price_basis: str
    code: str
    subsector: str
    year: int
    previous: float | None
    current: float | None

    @property
    def difference(self) -> float | None:
        if self.previous is None or self.current is None:
            return None
        return self.current - self.previous


@dataclass
class RevisionChanges:
    changes: list[Change]
    compared: int  # figures compared (the union of both releases)
    status_previous: str
    status_current: str


def revision_changes(publication: Publication) -> RevisionChanges | None:
    """Every region-wide figure whose value differs between a revision and the release it revises,
    as `sinergi pdrb revision` lists them for output folders, and the year status of both (a year
    moving from ** to * or final is a revision too). None when the publication revises nothing."""
    previous = publication.revision_of
    if previous is None:
        return None
    old, new = selectors.region_figures(previous), selectors.region_figures(publication)
    keys = sorted(
        old.keys() | new.keys(), key=lambda k: (INDICATOR_ORDER.get(k[0], 99), k[1], k[2] != TOTAL, k[2], k[3])
    )
    labels = indicator_labels()
    changes = [
        Change(ind, labels.get(ind, ind), basis, code, subsector_name(code), year, old.get(key), new.get(key))
        for key in keys
        for ind, basis, code, year in (key,)
        if old.get(key) != new.get(key)
    ]
    return RevisionChanges(changes, len(keys), _year_status(previous), _year_status(publication))


def _year_status(publication: Publication) -> str:
    parameters = (publication.run.manifest or {}).get("parameters", {})
    return str(parameters.get("year_status", ""))


def comparison(base: Publication, other: Publication) -> Table:
    """Share of PDRB and real growth, side by side, for the years both publications have."""
    a = selectors.figure_map(base, ("contribution", "growth"))
    b = selectors.figure_map(other, ("contribution", "growth"))
    years = sorted({k[3] for k in a} & {k[3] for k in b})
    rows = [
        [
            str(y),
            a.get(("contribution", "ADHB", TOTAL, y)),
            b.get(("contribution", "ADHB", TOTAL, y)),
            a.get(("growth", "ADHK", TOTAL, y)),
            b.get(("growth", "ADHK", TOTAL, y)),
        ]
        for y in years
    ]
    return Table(
        "comparison",
        _("Perbandingan %(a)s dan %(b)s") % {"a": base.region_name, "b": other.region_name},
        [
            _("Tahun"),
            _("Peran %(r)s (%%)") % {"r": base.region_name},
            _("Peran %(r)s (%%)") % {"r": other.region_name},
            _("Pertumbuhan %(r)s (%%)") % {"r": base.region_name},
            _("Pertumbuhan %(r)s (%%)") % {"r": other.region_name},
        ],
        rows,
    )
