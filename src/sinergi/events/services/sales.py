"""Sales reports: a seller reports each day's takings while the event is open; the organiser corrects a
figure, also after the lock, with a reason (audited with the old value)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core import audit, bounds
from sinergi.core.access import check_perm
from sinergi.core.errors import NotAllowed, ServiceError

from ..models import ApplicationStatus, BoothApplication, Event, SalesReport


def _check_sales(*, amount: Decimal, transactions: int) -> None:
    """One day's figures within core.bounds, refused per field before anything is written."""
    errors: dict[str, list[str]] = {}
    problem = bounds.money_problem(Decimal(amount), maximum=bounds.SALES_DAY_MAX)
    if problem:
        errors["amount"] = [problem]
    if not 0 <= transactions <= bounds.TRANSACTIONS_DAY_MAX:
        errors["transactions"] = [
            _("Jumlah transaksi harus antara 0 dan %(max)s.") % {"max": bounds.TRANSACTIONS_DAY_MAX}
        ]
    if errors:
        raise ServiceError(next(iter(errors.values()))[0], field_errors=errors)


def sales_report(
    *,
    by: User | None,
    application: BoothApplication,
    day: date,
    amount: Decimal,
    transactions: int = 0,
    today: date | None = None,
) -> SalesReport:
    """A seller reports (or updates) one day's sales while the event is open."""
    check_perm(
        by,
        "events.report_sales",
        application,
        message=_("Hanya penjual ini atau petugas penyelenggara yang melaporkan penjualannya."),
    )
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=application.event_id)
        if event.sales_locked(today):
            raise NotAllowed(_("Laporan penjualan acara ini sudah dikunci; hubungi petugas untuk koreksi."))
        if application.status != ApplicationStatus.ACCEPTED:
            raise NotAllowed(_("Hanya penjual yang diterima yang melaporkan penjualan."))
        if day not in event.days():
            raise ServiceError(
                _("Tanggal di luar hari acara."), field_errors={"day": [_("Tanggal di luar hari acara.")]}
            )
        _check_sales(amount=amount, transactions=transactions)
        report, created = SalesReport.objects.select_for_update().get_or_create(
            application=application,
            day=day,
            defaults={"event": event, "amount": amount, "transactions": transactions, "reported_by": by},
        )
        if not created:
            report.amount, report.transactions, report.reported_by = amount, transactions, by
            report.save()
        audit.record(
            by=by,
            action="events.sales.reported",
            target=report,
            data={"day": day.isoformat(), "amount": str(amount), "created": created},
        )
    return report


def sales_correct(
    *,
    by: User | None,
    event: Event,
    application: BoothApplication,
    day: date,
    amount: Decimal,
    transactions: int,
    reason: str,
) -> SalesReport:
    """Staff correct a day's figure, also after the lock; the reason and the old value are audited."""
    check_perm(
        by,
        "events.correct_sales",
        event,
        message=_("Hanya petugas perangkat daerah penyelenggara yang dapat mengoreksi penjualan."),
    )
    if not reason.strip():
        raise ServiceError(_("Tulis alasan koreksi."), field_errors={"reason": [_("Tulis alasan koreksi.")]})
    _check_sales(amount=amount, transactions=transactions)
    with transaction.atomic():
        if day not in event.days():
            raise ServiceError(_("Tanggal di luar hari acara."))
        report = SalesReport.objects.select_for_update().filter(application=application, day=day).first()
        old = {"amount": str(report.amount), "transactions": report.transactions} if report else None
        if report is None:
            report = SalesReport(event=event, application=application, day=day, reported_by=by)
        report.amount, report.transactions, report.corrected = amount, transactions, True
        report.save()
        audit.record(
            by=by,
            action="events.sales.corrected",
            target=report,
            data={
                "day": day.isoformat(),
                "old": old,
                "new": {"amount": str(amount), "transactions": transactions},
                "reason": reason.strip()[:500],
            },
        )
    return report
