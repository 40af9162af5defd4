"""Reads of core's own records."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from .models import AuditEntry

M = TypeVar("M", bound=Model)


def unique_row(queryset: QuerySet[M]) -> M | None:
    """The one row a filter on a unique key names, or None. `[:1]` with no ORDER BY: `first()` sorts by the
    model's ordering (or id), which on the hottest lookups (an API token, the door's event and ticket)
    cost the ORM more CPU to compile than PostgreSQL spent on the lookup (issue 17)."""
    return next(iter(queryset.order_by()[:1]), None)


def audit_entries(
    *,
    person: str = "",
    target_type: ContentType | None = None,
    target_id: str = "",
    action: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[AuditEntry]:
    """Audit entries, newest first. `person`: part of the name or e-mail address of who acted;
    `since`/`until`: whole days in the installation's time zone, both included."""
    entries = AuditEntry.objects.select_related("by", "target_type")
    if person:
        entries = entries.filter(
            Q(by__email__icontains=person) | Q(by_label__icontains=person) | Q(by__full_name__icontains=person)
        )
    if target_type is not None:
        entries = entries.filter(target_type=target_type)
    if target_id:
        entries = entries.filter(target_id=target_id)
    if action:
        entries = entries.filter(action=action)
    zone = timezone.get_current_timezone()
    if since is not None:
        entries = entries.filter(created_at__gte=datetime.combine(since, time.min, zone))
    if until is not None:
        entries = entries.filter(created_at__lt=datetime.combine(until + timedelta(days=1), time.min, zone))
    return entries.order_by("-created_at", "-id")


def audit_actions() -> list[str]:
    """Every action the log holds, for the filter's choices."""
    return list(AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct())


def audit_target_types() -> list[ContentType]:
    """The kinds of object the log has entries about."""
    ids = AuditEntry.objects.exclude(target_type=None).values_list("target_type", flat=True).distinct()
    return sorted(ContentType.objects.filter(pk__in=ids), key=lambda ct: str(ct.name))
