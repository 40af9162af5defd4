"""The registry of event types: what can happen, who hears it and how it reads.

A domain app declares its events in its own `notices.py` (found when Django starts) and its services
emit them by key after commit (`notifications.services.emit`). Everything here runs in the worker,
once per event: `recipients` turns the event's JSON payload into user ids, `render` into the words a
recipient reads; it is called inside the recipient's language and the installation's time zone, so
it must use `gettext` (not the lazy variant) and must not cache translated text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.functional import Promise

Payload = Mapping[str, Any]


@dataclass(frozen=True)
class Message:
    title: str
    body: str = ""
    url: str = ""  # a path on this site ("/direktori/kelola/…"); the channels add the site's address
    # Parameters of the WhatsApp template (in the order the approved template numbers them).
    params: tuple[str, ...] = ()
    # A path to an image sent with the message (the ticket's QR code), for channels that carry media.
    image_url: str = ""


@dataclass(frozen=True)
class EventType:
    key: str  # "registry.actor.verified"
    label: str | Promise  # shown on the preferences page
    audience: str | Promise  # who hears it, in words ("Pemilik profil")
    recipients: Callable[[Payload], Iterable[int]]
    render: Callable[[Payload], Message]
    # The approved WhatsApp template of this event, per language ("" = not sent on WhatsApp).
    whatsapp_templates: Mapping[str, str] = field(default_factory=dict)
    # The external channels it may use (None: all enabled). A type whose e-mail the app already sends
    # itself (the ticket with its QR attachment) leaves e-mail out, so nobody gets it twice.
    channels: frozenset[str] | None = None
    # The object of an office's workflow this event belongs to (the event of a booth application, the
    # profile being verified), recorded on each notification so the office's staff see its delivery
    # status ("Status pengiriman"); its model must be a registered Workflow. None: nobody's workflow.
    subject: Callable[[Payload], Model] | None = None


@dataclass(frozen=True)
class Workflow:
    """A kind of object an office works on (an event, a program, a profile), whose notifications its
    staff may follow. Declared by the app that owns the model, in its `notices.py`."""

    model: type[Model]
    label: str | Promise  # "Acara"
    # The named permission (office-scoped, in the app's rules.py) to see the deliveries of one object.
    permission: str
    # The objects whose deliveries `user` may see: the same scope as `permission`, as a queryset (a
    # test holds the two together).
    visible: Callable[[Any], QuerySet[Any]]
    # Where the office's staff work on the object.
    url: Callable[[Any], str]

    @property
    def key(self) -> str:
        return str(self.model._meta.label_lower)


@dataclass(frozen=True)
class Reminder:
    """Something people are told the day before it happens (a session they have a place in), by the
    daily run `sinergi send_session_reminders` (services.reminders_emit). Declared in `notices.py`."""

    kind: str  # the event type it emits
    # For a date (tomorrow, in the installation's time zone): one (event key, payload) per thing
    # happening then. The key is stable, so a second run the same day tells nobody twice.
    due: Callable[[date], Iterable[tuple[str, dict[str, Any]]]]


def when(moment: datetime) -> str:
    """A moment as people read it in messages (the ticket e-mail, the notifications, reminders): the
    installation's local time in Indonesian style with its zone's abbreviation ("05-12-2026 09.00 WIB",
    "09.00 WITA" in a Kaltim installation); renders run inside the installation's time zone. The one
    formatter of times in messages."""
    return f"{timezone.localtime(moment).strftime('%d-%m-%Y %H.%M')} {settings.SINERGI_TIME_ZONE_LABEL}"


_types: dict[str, EventType] = {}
_workflows: dict[str, Workflow] = {}
_reminders: dict[str, Reminder] = {}


def register(*types: EventType) -> None:
    for event_type in types:
        if event_type.key in _types and _types[event_type.key] != event_type:
            raise ValueError(f"event type {event_type.key!r} registered twice")
        _types[event_type.key] = event_type


def get(key: str) -> EventType:
    try:
        return _types[key]
    except KeyError:
        raise LookupError(f"unknown notification event type {key!r}; declare it in the app's notices.py") from None


def registered() -> list[EventType]:
    return sorted(_types.values(), key=lambda t: t.key)


def register_workflow(*workflows: Workflow) -> None:
    for workflow in workflows:
        if workflow.key in _workflows and _workflows[workflow.key] != workflow:
            raise ValueError(f"workflow {workflow.key!r} registered twice")
        _workflows[workflow.key] = workflow


def workflow(key: str) -> Workflow:
    try:
        return _workflows[key]
    except KeyError:
        raise LookupError(
            f"unknown workflow {key!r}; declare it with register_workflow in the app's notices.py"
        ) from None


def workflows() -> list[Workflow]:
    return sorted(_workflows.values(), key=lambda w: w.key)


def register_reminder(*reminders: Reminder) -> None:
    for reminder in reminders:
        if reminder.kind in _reminders and _reminders[reminder.kind] != reminder:
            raise ValueError(f"reminder {reminder.kind!r} registered twice")
        _reminders[reminder.kind] = reminder


def reminders() -> list[Reminder]:
    return sorted(_reminders.values(), key=lambda r: r.kind)
