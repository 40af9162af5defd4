"""The notification layer's reads: always the person's own."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from .models import Delivery, Notification, Preference


def notification_list(*, user: Any, unread: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(user=user)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs.prefetch_related(Prefetch("deliveries", queryset=Delivery.objects.order_by("channel"))).order_by(
        "-created_at", "-id"
    )


def unread_count(*, user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def preferences_of(*, user: Any) -> dict[tuple[str, str], str]:
    """(kind or "", channel) → mode, for the rows the person has set."""
    return {(p.kind, p.channel): p.mode for p in Preference.objects.filter(user=user)}
