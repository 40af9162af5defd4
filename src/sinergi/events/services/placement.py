"""Placing accepted sellers in booths: all at once with the pure allocator (`events.allocation`), or one by
hand. A booth row is locked while it fills, and unique constraints refuse a double booking."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core import audit
from sinergi.core.access import check_perm
from sinergi.core.errors import Conflict, ServiceError
from sinergi.notifications.services import emit

from .. import allocation
from ..models import ApplicationStatus, Booth, BoothAllocation, BoothApplication, Event
from .booths import curators_only


def booths_allocate(*, by: User | None, event: Event) -> allocation.AllocationResult:
    """Place every accepted, unplaced application with the pure allocator and write it atomically."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)  # one allocation run per event at a time
        check_perm(by, "events.curate_booths", locked, message=curators_only())
        booths = list(Booth.objects.filter(event=event).order_by("pk"))
        taken: dict[int, list[int]] = {}
        sharing_first: set[int] = set()
        for booth_id, slot, wants_shared in BoothAllocation.objects.filter(event=event).values_list(
            "booth_id", "slot", "application__wants_shared"
        ):
            taken.setdefault(booth_id, []).append(slot)
            if slot == 1 and wants_shared:
                sharing_first.add(booth_id)
        specs = [
            allocation.BoothSpec(
                b.pk,
                b.code,
                b.size,
                b.has_power,
                b.shareable,
                tuple(sorted(taken.get(b.pk, ()))),
                b.pk in sharing_first,
            )
            for b in booths
        ]
        apps = [
            allocation.ApplicationSpec(a.pk, float(a.score or 0), a.size_wanted, a.needs_power, a.wants_shared)
            for a in BoothApplication.objects.filter(
                event=event, status=ApplicationStatus.ACCEPTED, allocation__isnull=True
            )
        ]
        result = allocation.allocate(specs, apps)
        BoothAllocation.objects.bulk_create(
            [
                BoothAllocation(event=event, booth_id=p.booth_id, application_id=p.application_id, slot=p.slot, by=by)
                for p in result.placements
            ]
        )
        audit.record(
            by=by,
            action="events.booths.allocated",
            target=event,
            data={"placed": len(result.placements), "unplaced": len(result.unplaced)},
        )
        for placement in result.placements:
            emit("events.booth_application.placed", application=placement.application_id)
    return result


def booth_assign(*, by: User | None, application: BoothApplication, booth: Booth) -> BoothAllocation:
    """Place one accepted application in a booth by hand; refuses a full booth or a double booking."""
    with transaction.atomic():
        locked = Booth.objects.select_for_update().get(pk=booth.pk)
        app = BoothApplication.objects.select_for_update().get(pk=application.pk)
        check_perm(by, "events.curate_booths", locked.event, message=curators_only())
        if app.event_id != locked.event_id:
            raise ServiceError(_("Stan dan pengajuan dari acara yang berbeda."))
        if app.status != ApplicationStatus.ACCEPTED:
            raise ServiceError(_("Hanya pengajuan yang diterima yang dapat ditempatkan."))
        if BoothAllocation.objects.filter(application=app).exists():
            raise Conflict(_("Penjual ini sudah punya stan."))
        if app.needs_power and not locked.has_power:
            raise ServiceError(_("Penjual ini perlu listrik; stan ini tidak ada listrik."))
        current = list(BoothAllocation.objects.filter(booth=locked).select_related("application"))
        if not current:
            slot = 1
        elif locked.shareable and len(current) == 1 and current[0].application.wants_shared and app.wants_shared:
            slot = 2
        else:
            raise Conflict(_("Stan %(c)s sudah terisi.") % {"c": locked.code})
        try:
            with transaction.atomic():
                placed = BoothAllocation.objects.create(
                    event_id=locked.event_id, booth=locked, application=app, slot=slot, by=by
                )
        except IntegrityError as exc:
            raise Conflict(_("Stan %(c)s sudah terisi.") % {"c": locked.code}) from exc
        audit.record(by=by, action="events.booth.assigned", target=placed, data={"booth": locked.code})
        emit("events.booth_application.placed", application=app.pk)
    return placed
