"""The audit log: every service that changes state calls `record` once, inside its transaction.

Never put raw personal data (NIK, phone, home address) in `data`: name the field that changed instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from .models import AuditEntry


def record(
    *,
    by: Any | None,
    action: str,
    target: models.Model | None = None,
    data: Mapping[str, Any] | None = None,
) -> AuditEntry:
    user = by if getattr(by, "is_authenticated", False) else None
    entry = AuditEntry(
        by=user,
        by_label=str(user) if user is not None else "sistem",
        action=action,
        data=_jsonable(dict(data or {})),
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        entry.target_id = str(target.pk)
        entry.target_label = str(target)[:300]
    entry.save()
    return entry


def history_for(target: models.Model) -> QuerySet[AuditEntry]:
    """The audit entries about one object, newest first."""
    content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
    return AuditEntry.objects.filter(target_type=content_type, target_id=str(target.pk)).select_related("by")


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, models.Model):
        return {"id": value.pk, "label": str(value)}
    return str(value)
