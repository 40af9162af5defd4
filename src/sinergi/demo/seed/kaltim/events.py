"""The Kalimantan Timur demo's event (`make run REGION=64`): one creative-economy fair in Samarinda,
organised by the province's Dinas Pariwisata with Dekranasda as partner, ahead of today and open for
visitor registration. Its sessions start at 09.00 local time (WITA): stored in UTC, shown in WITA.

Written through the events services and labelled `is_demo=True`; idempotent (found by slug).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from sinergi.demo.seed.events import session_plan
from sinergi.demo.seed.kaltim import accounts as accounts_demo
from sinergi.events import services
from sinergi.events.models import Event

SLUG = "festival-ekraf-kaltim-demo"
VENUE = "Gedung Olah Bebaya, Samarinda"
#: The fair's sessions (`data/kaltim/event_sessions.csv`): local (WITA) wall-clock times.
SESSIONS = session_plan("kaltim")


def start_date(today: date) -> date:
    """The fair's first day: the first Saturday at least three weeks ahead."""
    ahead = today + timedelta(days=21)
    return ahead + timedelta(days=(5 - ahead.weekday()) % 7)


def seed(stdout: Any) -> None:
    if Event.objects.filter(slug=SLUG).exists():
        stdout.write("  acara demo sudah ada")
        return
    staff = accounts_demo.user("petugas_dispar")
    start = start_date(timezone.localdate())
    with transaction.atomic():
        event = services.event_create(
            by=staff,
            partners=[accounts_demo.organisation("dekranasda")],
            data={
                "title": "Festival Ekonomi Kreatif Kalimantan Timur (demo)",
                "slug": SLUG,
                "start_date": start,
                "end_date": start + timedelta(days=1),
                "venue": VENUE,
                "venue_address": "Jl. Kesuma Bangsa, Samarinda (alamat contoh)",
                "description": (
                    "Pameran dan bazar produk kreatif dari sepuluh kabupaten/kota di Kalimantan Timur: kriya, "
                    "kuliner, fesyen dan pertunjukan. Acara demo, data fiktif."
                ),
                "organiser": accounts_demo.organisation("dispar"),
                "daily_sales_target": Decimal(50_000_000),
                "is_demo": True,
            },
        )
        services.event_publish(by=staff, event=event)
        for offset, kind, title, begins, ends, place, speakers, capacity in SESSIONS:
            day = start + timedelta(days=offset)
            services.session_create(by=staff, event=event, data={
                "kind": kind, "title": title, "place": place, "speakers": speakers, "capacity": capacity,
                "starts_at": timezone.make_aware(datetime.combine(day, begins)),
                "ends_at": timezone.make_aware(datetime.combine(day, ends)),
            })  # fmt: skip
    stdout.write(f"  acara demo: {event.title} ({start:%d-%m-%Y}, {event.sessions.count()} sesi, {VENUE})")
