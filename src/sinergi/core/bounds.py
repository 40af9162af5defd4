"""Plausible values, defined once: the bounds that model validators, forms, API schemas and imports share.

A value outside these bounds is a typing error or an attack, never data: Rp 99.9 trillion in one day's
sales at a booth, 100 billion workers, a business founded in 2090. Each bound is a constant here and, where
a model field carries it, a validator built from the constant, so the service's `full_clean` (pages, API
and imports all write through services) refuses what the form or schema might have let through, and a
value never reaches the database as something it cannot store (PostgreSQL numeric overflow, integer
overflow), which answered 500 before.

Money is whole rupiah. `MONEY_MAX` is far above any figure a regional directory holds (the largest Indonesian
companies' yearly sales are in the hundreds of trillions), and far below what a `DecimalField(max_digits=18)`
can store, so the message is about plausibility, not storage.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _

#: Any rupiah amount: a business's yearly capital or sales, an initiative's budget, a pledge.
MONEY_MAX = Decimal(10) ** 15  # Rp 1.000 triliun
#: One seller's sales on one day of an event, and an event's daily target.
SALES_DAY_MAX = Decimal(10) ** 11  # Rp 100 miliar
#: One product's price.
PRICE_MAX = Decimal(10) ** 11  # Rp 100 miliar
#: Workers of one business (one gender column, or a program participant).
WORKERS_MAX = 100_000
#: One program participant's sales in a month (an UMKM's, recorded before and after a program).
SALES_MONTH_MAX = Decimal(10) ** 12  # Rp 1 triliun
#: Markets or sales channels of one business.
MARKETS_MAX = 1_000
#: The earliest date a record of something that happened (an outcome, an attendance) may carry.
RECORD_DATE_MIN = datetime.date(2000, 1, 1)
#: Sale transactions of one seller on one day.
TRANSACTIONS_DAY_MAX = 100_000
#: The oldest founding year a profile may state.
FOUNDED_YEAR_MIN = 1900
#: Yearly figures (capital, sales) are kept from this year on.
FIGURES_YEAR_MIN = 1990
#: A scan time a phone claims (an offline scan synced later) is believed from this long before the ticket
#: was issued (phone clocks drift) until this long after its session ended.
CHECKIN_CLOCK_SKEW = datetime.timedelta(minutes=10)
CHECKIN_LATE = datetime.timedelta(hours=12)


def rupiah(amount: Decimal | int) -> str:
    """Every digit, grouped in the active language (Rp 1.000.000 / Rp 1,000,000): a bound in a message
    lets people count the digits they typed."""
    from sinergi.core.templatetags.ui import format_number  # the one number formatter

    return "Rp " + format_number(int(amount))


def this_year() -> int:
    return timezone.localdate().year


def money_problem(amount: Decimal, *, maximum: Decimal = MONEY_MAX) -> str | None:
    """Why `amount` is not a plausible rupiah amount, or None. Checked before any arithmetic (quantize)."""
    if not amount.is_finite():
        return _("Nilai uang harus angka.")
    if amount < 0:
        return _("Nilai uang tidak boleh negatif.")
    if amount > maximum:
        return _("Nilai uang melebihi batas wajar %(max)s; periksa jumlah digitnya.") % {"max": rupiah(maximum)}
    if amount != amount.to_integral_value():
        return _("Rupiah ditulis tanpa sen (bilangan bulat).")
    return None


@deconstructible
class MoneyValidator:
    """A model field's bound: whole rupiah from 0 to `maximum`."""

    def __init__(self, maximum: Decimal = MONEY_MAX) -> None:
        self.maximum = Decimal(maximum)

    def __call__(self, value: Any) -> None:
        if value is None:
            return
        problem = money_problem(Decimal(value), maximum=self.maximum)
        if problem:
            raise ValidationError(problem, code="money")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MoneyValidator) and other.maximum == self.maximum

    def __hash__(self) -> int:
        return hash(self.maximum)


def future_year_problem(value: int) -> str | None:
    """Why `value` cannot be a year that has happened, or None."""
    if value > this_year():
        return _("Tahun %(year)s belum tiba; paling akhir %(max)s.") % {"year": value, "max": this_year()}
    return None


def validate_not_future_year(value: int | None) -> None:
    problem = None if value is None else future_year_problem(value)
    if problem:
        raise ValidationError(problem, code="future_year")


def validate_recorded_date(value: datetime.date | None) -> None:
    """A date something was recorded as having happened: from RECORD_DATE_MIN to today, never later."""
    if value is None:
        return
    if value < RECORD_DATE_MIN:
        raise ValidationError(
            _("Tanggal sebelum %(min)s tidak mungkin; periksa tahunnya.") % {"min": RECORD_DATE_MIN.isoformat()},
            code="date_too_early",
        )
    if value > timezone.localdate():
        raise ValidationError(_("Tanggal ini belum terjadi; isi tanggal hari ini atau sebelumnya."), code="future_date")


def founded_year_validators() -> list[Any]:
    return [MinValueValidator(FOUNDED_YEAR_MIN), validate_not_future_year]


def figures_year_validators() -> list[Any]:
    return [MinValueValidator(FIGURES_YEAR_MIN), validate_not_future_year]


def workers_validators() -> list[Any]:
    return [MaxValueValidator(WORKERS_MAX)]


def checkin_window(
    issued_at: datetime.datetime, session_ends_at: datetime.datetime
) -> tuple[datetime.datetime, datetime.datetime]:
    """When a scan of a ticket can have happened: not before the ticket existed, not long after its session."""
    return issued_at - CHECKIN_CLOCK_SKEW, session_ends_at + CHECKIN_LATE
