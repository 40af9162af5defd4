"""The event report: visitors, session attendance, sales by seller, subsector and day, and the
comparison with the previous edition. One computation feeds the page, the PDF and the XLSX."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from .models import ApplicationStatus, CheckIn, Event, Registration, RegistrationStatus, SalesReport
from .selectors import session_list


@dataclass
class DayRow:
    day: date
    amount: Decimal
    target: Decimal
    transactions: int

    @property
    def percent_of_target(self) -> int | None:
        return int(self.amount * 100 / self.target) if self.target else None


@dataclass
class Comparison:
    label: str
    previous: Decimal | int | None
    current: Decimal | int

    @property
    def change_percent(self) -> int | None:
        if not self.previous:
            return None
        return int((Decimal(self.current) - Decimal(self.previous)) * 100 / Decimal(self.previous))


@dataclass
class EventReport:
    event: Event
    visitors: int
    registrations: int
    checkins: int
    sessions: list[dict[str, Any]]
    sellers: int
    communities: int
    exhibitors_checked_in: int
    sales_total: Decimal
    by_day: list[DayRow]
    by_seller: list[tuple[str, Decimal]]
    by_subsector: list[tuple[str, Decimal]]
    previous: EventReport | None = None
    comparison: list[Comparison] = field(default_factory=list)


def event_report(event: Event, *, with_previous: bool = True) -> EventReport:
    checkins = CheckIn.objects.filter(registration__session__event=event)
    visitors = checkins.values("registration__email").distinct().count()
    registrations = Registration.objects.filter(session__event=event, status=RegistrationStatus.CONFIRMED).count()
    sessions: list[dict[str, Any]] = [
        {
            "title": s.title,
            "kind": s.get_kind_display(),
            "starts_at": s.starts_at,
            "capacity": s.capacity,
            "confirmed": getattr(s, "confirmed", 0),
            "waitlisted": getattr(s, "waitlisted", 0),
            "attended": getattr(s, "attended", 0),
        }
        for s in session_list(event=event)
    ]
    accepted = event.booth_applications.filter(status=ApplicationStatus.ACCEPTED)
    sales = SalesReport.objects.filter(event=event)
    total = sales.aggregate(t=Sum("amount"))["t"] or Decimal(0)
    per_day: dict[date, dict[str, Any]] = {
        r["day"]: {"a": r["a"], "n": r["n"]}
        for r in sales.values("day").annotate(a=Sum("amount"), n=Sum("transactions"))
    }
    by_day = [
        DayRow(
            d,
            per_day.get(d, {}).get("a") or Decimal(0),
            event.daily_sales_target,
            int(per_day.get(d, {}).get("n") or 0),
        )
        for d in event.days()
    ]
    seller_totals: dict[str, Decimal] = defaultdict(Decimal)
    subsector_totals: dict[str, Decimal] = defaultdict(Decimal)
    for row in sales.select_related("application__community", "application__actor", "application__subsector"):
        seller_totals[row.application.seller_name] += row.amount
        label = row.application.subsector.name if row.application.subsector_id else _("Tanpa subsektor")  # type: ignore[union-attr]
        subsector_totals[label] += row.amount
    report = EventReport(
        event=event,
        visitors=visitors,
        registrations=registrations,
        checkins=checkins.count(),
        sessions=sessions,
        sellers=accepted.count(),
        communities=accepted.filter(community__isnull=False).values("community").distinct().count(),
        exhibitors_checked_in=accepted.filter(checked_in_at__isnull=False).count(),
        sales_total=total,
        by_day=by_day,
        by_seller=sorted(seller_totals.items(), key=lambda kv: (-kv[1], kv[0])),
        by_subsector=sorted(subsector_totals.items(), key=lambda kv: (-kv[1], kv[0])),
    )
    if with_previous and event.previous_edition is not None:
        prev = event_report(event.previous_edition, with_previous=False)
        report.previous = prev
        report.comparison = [
            Comparison(_("Komunitas peserta"), prev.communities, report.communities),
            Comparison(_("Penjual (stan)"), prev.sellers, report.sellers),
            Comparison(_("Pengunjung tercatat"), prev.visitors, report.visitors),
            Comparison(_("Total penjualan (Rp)"), prev.sales_total, report.sales_total),
        ]
    return report


def session_counts(event: Event) -> dict[str, int]:
    return dict(event.sessions.values_list("kind").annotate(n=Count("id")))
