"""Pages for events, by who uses them: the public (schedule, registration, tickets), sellers (booth
applications, sales), the organising office (setting up, curating, placing, locking), the door (check-in
with its JSON sync endpoint), and the report."""

from __future__ import annotations

from .booths import booth_apply, booth_detail, floor_plan
from .door import checkin_counters, checkin_page, checkin_person, checkin_search, checkin_sync
from .organiser import (
    application_review,
    booth_add,
    booths_allocate,
    event_create,
    event_edit,
    event_lock,
    event_manage,
    event_publish,
    exhibitor_check_in,
    session_add,
    session_capacity,
)
from .public import (
    event_detail,
    event_ical,
    event_list,
    session_register,
    ticket,
    ticket_cancel,
    ticket_qr,
    tickets_resend,
)
from .report_pages import event_report_page, event_report_pdf, event_report_xlsx

__all__ = [
    "application_review",
    "booth_add",
    "booth_apply",
    "booth_detail",
    "booths_allocate",
    "checkin_counters",
    "checkin_page",
    "checkin_person",
    "checkin_search",
    "checkin_sync",
    "event_create",
    "event_detail",
    "event_edit",
    "event_ical",
    "event_list",
    "event_lock",
    "event_manage",
    "event_publish",
    "event_report_page",
    "event_report_pdf",
    "event_report_xlsx",
    "exhibitor_check_in",
    "floor_plan",
    "session_add",
    "session_capacity",
    "session_register",
    "ticket",
    "ticket_cancel",
    "ticket_qr",
    "tickets_resend",
]
