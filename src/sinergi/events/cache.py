"""The door's version: the `core.versions.DataVersion` of events themselves. The check-in keeps, in each
process, the event a door scan names (`selectors.door_event`) while this version is unchanged; every save
or delete of an Event bumps it. Sessions, tickets and check-ins do not: they change with every scan, and
the door reads them fresh."""

from __future__ import annotations

from sinergi.core.versions import DataVersion

DOOR_EVENTS = DataVersion("door-events")


def connect_signals() -> None:
    from .models import Event

    DOOR_EVENTS.connect(Event)
