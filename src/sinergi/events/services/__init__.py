"""Writes for events, by aggregate. Keyword-only, atomic, validated; each change writes one audit entry.

Capacity is protected twice: the capacity row (session, booth, event) is locked with
`select_for_update()` inside the transaction, and unique constraints make a double booking or a
double check-in impossible even if a lock were missed. Each service checks its named permission
(rules.py) for the person acting (`by`; None is the platform itself) and raises `NotAllowed`.

- `events`: events and their sessions (create, change, publish, lock, a session's capacity)
- `registrations`: places in sessions and the waiting list, reminders; `tickets`: tickets by e-mail
- `checkin`: tickets at the door, sellers' arrival
- `booths`: booths and booth applications; `placement`: sellers into booths
- `sales`: daily sales reports and their correction
"""

from __future__ import annotations

from .booths import booth_application_review, booth_application_submit, booth_create
from .checkin import ScanResult, checkin_scan, checkin_sync, exhibitor_check_in
from .events import (
    EDITABLE_EVENT_FIELDS,
    event_create,
    event_lock,
    event_publish,
    event_update,
    session_capacity_set,
    session_create,
)
from .placement import booth_assign, booths_allocate
from .registrations import registration_cancel, registration_create
from .sales import sales_correct, sales_report
from .tickets import ticket_qr_png, tickets_resend

__all__ = [
    "EDITABLE_EVENT_FIELDS",
    "ScanResult",
    "booth_application_review",
    "booth_application_submit",
    "booth_assign",
    "booth_create",
    "booths_allocate",
    "checkin_scan",
    "checkin_sync",
    "event_create",
    "event_lock",
    "event_publish",
    "event_update",
    "exhibitor_check_in",
    "registration_cancel",
    "registration_create",
    "sales_correct",
    "sales_report",
    "session_capacity_set",
    "session_create",
    "ticket_qr_png",
    "tickets_resend",
]
