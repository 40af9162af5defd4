"""Text a spreadsheet would run as a formula (the OWASP "CSV injection" advice), decided once.

Every CSV Sinergi writes (imports.exports for the data exports, the audit log's export) passes its
cells through `neutralise`; XLSX writers mark such cells as text instead (imports/exports.py).
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: Any) -> bool:
    """Text a spreadsheet would run as a formula if it were typed into a cell."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value: Any) -> Any:
    """A value safe to put in a CSV cell: text that would run as a formula gets a leading '."""
    if formula_like(value):
        return "'" + value
    return value
