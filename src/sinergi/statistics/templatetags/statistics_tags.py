from __future__ import annotations

from typing import Any

from django import template

from sinergi.statistics.charts import fmt

register = template.Library()


@register.filter
def cell(value: Any, decimals: int = 2) -> str:
    """A table cell: numbers in the page language's format, a dash for a missing value."""
    if value is None:
        return "–"
    if isinstance(value, float | int) and not isinstance(value, bool):
        return fmt(float(value), int(decimals))
    return str(value)


@register.filter
def is_number(value: Any) -> bool:
    return isinstance(value, float | int) and not isinstance(value, bool)
