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
from typing import Any

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


_types: dict[str, EventType] = {}


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
