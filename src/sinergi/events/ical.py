"""An RFC 5545 calendar of an event's sessions, written by hand: escaping, CRLF, 75-octet folding."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from .models import Event, EventSession


def escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 sequence (RFC 5545 §3.1)."""
    out: list[str] = []
    current = ""
    limit = 75
    for char in line:
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = " " + char
            limit = 75
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(event: Event, sessions: Iterable[EventSession], *, host: str) -> str:
    stamp = _utc(event.updated_at)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Sinergi//Acara//ID",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(event.title)}",
    ]
    for session in sessions:
        about = " · ".join(p for p in [session.get_kind_display(), session.speakers, session.description] if p)
        lines += [
            "BEGIN:VEVENT",
            f"UID:sesi-{session.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(session.starts_at)}",
            f"DTEND:{_utc(session.ends_at)}",
            f"SUMMARY:{escape(session.title)}",
            f"LOCATION:{escape(f'{session.place}, {event.venue}')}",
            f"DESCRIPTION:{escape(about)}",
            f"CATEGORIES:{escape(session.get_kind_display())}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
