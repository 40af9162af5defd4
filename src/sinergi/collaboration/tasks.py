"""Background work of collaboration: takes ids, enqueued on commit."""

from __future__ import annotations

from django_tasks import task


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    from .notifications import deliver

    return deliver(notification_ids)
