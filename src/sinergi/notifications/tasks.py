"""Background work of the notification layer: fan an event out, then send its deliveries."""

from __future__ import annotations

from typing import Any

from django_tasks import task


@task()
def dispatch_event(kind: str, event_key: str, payload: dict[str, Any]) -> int:
    from .services import dispatch

    return len(dispatch(kind=kind, event_key=event_key, payload=payload))


@task()
def deliver(delivery_ids: list[int]) -> int:
    from .services import deliver as send

    return send(delivery_ids)


@task()
def send_phone_code(phone_id: int) -> None:
    from .services import phone_send_code

    phone_send_code(phone_id=phone_id)
