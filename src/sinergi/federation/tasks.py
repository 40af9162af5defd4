"""Background work of federation: harvesting the catalogues, run by the task worker."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def harvest_catalogues(source_ids: list[int] | None = None) -> list[dict[str, Any]]:
    """Harvest every active source (or the given ones). Each source's outcome is recorded on it; the
    result lists them (a failed source is a recorded outcome, not a failed task)."""
    from .services import harvest_all

    return [
        {"source": h.source.pk, "ok": h.ok, "count": h.count, "error": h.error}
        for h in harvest_all(by=None, source_ids=source_ids)
    ]
