"""Generic UI helpers: Indonesian number, money and date formatting, query strings,
pagination and a server-rendered SVG bar chart (no JavaScript, no chart library).

    {% load ui %}
    {{ product.price_min|rupiah }}          → Rp1.500.000
    {{ value_adhb|rupiah:"miliar" }}        → Rp 8,5 triliun (Rp 8.5 trillion in English)
    {{ total|angka }}                       → 12.345
    {{ names|badges }}                      → <span class="badge">Kriya</span><span class="badge">…</span>
    {{ 3.14159|angka:1 }}                   → 3,1
    {{ certification.valid_until|tanggal }} → 7 Desember 2025
    {% query_string params halaman=2 %}     → ?q=batik&halaman=2
    {% pagination page_obj params %}
    {% waiting_for_worker job.updated_at %}  (says so when queued work has no worker to run it)
    {% bar_chart rows title=… %}            (rows: [(label, value), …])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language

register = template.Library()

MONTHS = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _english() -> bool:
    return (get_language() or "id").startswith("en")


def format_number(value: Any, decimals: int = 0) -> str:
    """Grouped number in the active language: 12.345,6 in Indonesian, 12,345.6 in English."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    quantum = Decimal(1).scaleb(-decimals)
    number = number.quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    thousands, decimal_mark = (",", ".") if _english() else (".", ",")
    text = thousands.join(groups)
    if decimals > 0:
        text += decimal_mark + fraction.ljust(decimals, "0")[:decimals]
    return sign + text


@register.filter
def minutes(value: dt.timedelta) -> int:
    """A duration in whole minutes (a lockout's cool-off time in a sentence)."""
    if not isinstance(value, dt.timedelta):
        raise TypeError(f"minutes: expected a timedelta, got {type(value).__name__}")
    return int(value.total_seconds() // 60)


@register.filter
def badges(names: Iterable[Any]) -> SafeString:
    """`<span class="badge">…</span>` for each name, escaped, side by side: the same markup as a
    `{% for %}` loop writing them, without a loop per card in a long list (the directory's subsectors)."""
    return format_html_join("", '<span class="badge">{}</span>', ((name,) for name in names))


@register.filter
def angka(value: Any, decimals: int = 0) -> str:
    return format_number(value, int(decimals))


# Multiples of a rupiah written as words from a billion up; their names follow the language.
SCALES = ((Decimal(10) ** 12, "triliun", "trillion"), (Decimal(10) ** 9, "miliar", "billion"))
UNITS = {"rupiah": Decimal(1), "ribu": Decimal(10) ** 3, "juta": Decimal(10) ** 6, "miliar": Decimal(10) ** 9}


def format_money(value: Any, unit: str = "rupiah") -> str:
    """The one money formatter. `value` is counted in `unit` (rupiah, ribu, juta or miliar rupiah).

    Below a billion rupiah, in full and without decimals, as prices are written: Rp1.500.000
    (Rp1,500,000 in English). From a billion up, one decimal and the scale in words of the page's
    language: Rp 8,5 triliun / Rp 8.5 trillion, Rp 350,2 miliar / Rp 350.2 billion.
    """
    if value is None or value == "":
        return ""
    if unit not in UNITS:
        raise ValueError(f"unknown money unit {unit!r}: use one of {', '.join(UNITS)}")
    try:
        amount = Decimal(str(value)) * UNITS[unit]
    except InvalidOperation as exc:
        raise ValueError(f"not an amount of money: {value!r}") from exc
    sign, amount = ("-" if amount < 0 else ""), abs(amount)
    for size, word_id, word_en in SCALES:
        if (amount / size).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP) >= 1:  # 999,96 miliar → 1,0 triliun
            return f"{sign}Rp {format_number(amount / size, 1)} {word_en if _english() else word_id}"
    return f"{sign}Rp{format_number(amount)}"


@register.filter
def rupiah(value: Any, unit: str = "rupiah") -> str:
    """Money through `format_money`: {{ price|rupiah }} → Rp1.500.000; a value counted in billions,
    {{ value_adhb|rupiah:"miliar" }} → Rp 8,5 triliun (Rp 8.5 trillion in English)."""
    return format_money(value, unit)


@register.filter
def tanggal(value: Any) -> str:
    """7 Desember 2025 (7 December 2025 in English)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        return ""
    months = MONTHS_EN if _english() else MONTHS
    return f"{value.day} {months[value.month - 1]} {value.year}"


@register.simple_tag
def query_string(params: Mapping[str, Any] | None = None, **changes: Any) -> str:
    """`?a=1&b=2` from a mapping of parameters with some replaced (a value of None or '' removes it)."""
    merged = {k: v for k, v in (params or {}).items() if v not in (None, "")}
    for key, value in changes.items():
        if value in (None, ""):
            merged.pop(key, None)
        else:
            merged[key] = value
    return "?" + urlencode(merged) if merged else "?"


@register.inclusion_tag("components/worker_notice.html")
def waiting_for_worker(since: dt.datetime) -> dict[str, Any]:
    """A warning when work queued at `since` has waited too long with no background worker alive
    (`core.workers.stalled`); nothing otherwise."""
    from sinergi.core import workers

    return {"stalled": workers.stalled(since), "since": since}


@register.inclusion_tag("components/pagination.html")
def pagination(page: Any, params: Mapping[str, Any] | None = None, target: str = "") -> dict[str, Any]:
    """“Menampilkan 1–20 dari 312” and previous/next links that keep the other parameters.
    `target`: an element id that HTMX should swap (links still work as plain links)."""
    # A paginator may count only up to a limit (the directory, issue 17): then its count is a lower
    # bound, "dari lebih dari 10.000", and its pages stop there.
    more = bool(getattr(page.paginator, "count_is_lower_bound", False))
    return {"page": page, "params": params or {}, "target": target, "more": more}


@register.inclusion_tag("components/bar_chart.html")
def bar_chart(
    rows: Iterable[tuple[str, int | float]], title: str = "", description: str = "", chart_id: str = "chart"
) -> dict[str, Any]:
    """A horizontal bar chart as SVG, geometry computed here; the page's table is its accessible text."""
    items = [(str(label), float(value or 0)) for label, value in rows]
    peak = max((v for _, v in items), default=0.0) or 1.0
    label_width, bar_area, row_height, bar_height = 150, 300, 28, 18
    bars = [
        {
            "label": label,
            "value": value,
            "text": format_number(value, 0 if float(value).is_integer() else 1),
            "y": i * row_height,
            "text_y": i * row_height + bar_height - 4,
            "width": max(round(value / peak * bar_area, 1), 1.0 if value else 0.0),
            "value_x": label_width + max(round(value / peak * bar_area, 1), 0) + 6,
        }
        for i, (label, value) in enumerate(items)
    ]
    return {
        "bars": bars,
        "title": title,
        "description": description,
        "chart_id": chart_id,
        "label_width": label_width,
        "label_x": label_width - 8,
        "width": label_width + bar_area + 70,
        "height": max(len(items) * row_height, row_height),
    }
