"""Booths and booth applications: the organiser sets booths up; a community or a business applies; the
organiser scores each application against the criteria and decides."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.classification.models import Subsector
from sinergi.core import audit
from sinergi.core.access import check_perm
from sinergi.core.errors import Conflict, NotAllowed, ServiceError
from sinergi.core.writes import validate
from sinergi.notifications.services import emit
from sinergi.registry.models import Actor, Community

from ..models import BOOTH_CRITERIA, ApplicationStatus, Booth, BoothApplication, Event, EventStatus


def curators_only() -> str:
    return _("Hanya petugas perangkat daerah penyelenggara yang dapat menilai dan menempatkan stan.")


def booth_create(*, by: User | None, event: Event, data: Mapping[str, Any]) -> Booth:
    check_perm(
        by,
        "events.manage_event",
        event,
        message=_("Hanya petugas perangkat daerah penyelenggara yang dapat mengubah acara ini."),
    )
    with transaction.atomic():
        booth = Booth(event=event, **data)
        validate(booth)
        booth.save()
        audit.record(by=by, action="events.booth.created", target=booth)
    return booth


def booth_application_submit(
    *,
    by: User | None,
    event: Event,
    data: Mapping[str, Any],
    community: Community | None = None,
    actor: Actor | None = None,
) -> BoothApplication:
    """A seller asks for a booth: the person speaks for the seller (`events.apply_booth`: a community's
    leader, a business's profile owner); one application per seller and event."""
    if (community is None) == (actor is None):
        raise ServiceError(_("Pilih satu: komunitas atau pelaku."))
    message = _("Anda hanya dapat mengajukan stan atas nama komunitas yang Anda pimpin atau usaha milik Anda.")
    check_perm(
        by,
        "events.apply_booth",
        community or actor,
        message=message,
        field_errors={"community" if community is not None else "actor": [message]},
    )
    with transaction.atomic():
        if event.status != EventStatus.PUBLISHED:
            raise NotAllowed(_("Pendaftaran stan untuk acara ini tidak dibuka."))
        app = BoothApplication(event=event, community=community, actor=actor, applicant=by, **data)
        if app.subsector_id is None:
            app.subsector = _seller_subsector(community, actor)
        validate(app, exclude=["applicant", "decided_by"])
        try:
            with transaction.atomic():
                app.save()
        except IntegrityError as exc:
            raise Conflict(_("Sudah ada pengajuan stan untuk penjual ini di acara ini.")) from exc
        audit.record(by=by, action="events.booth_application.submitted", target=app)
        emit("events.booth_application.received", application=app.pk)
    return app


def _seller_subsector(community: Community | None, actor: Actor | None) -> Subsector | None:
    if community is not None:
        return community.focus_subsectors.order_by("pk").first()
    if actor is not None:
        return actor.subsectors.order_by("pk").first()
    return None


def booth_application_review(
    *,
    by: User | None,
    application: BoothApplication,
    criteria_scores: Mapping[str, int],
    notes: str,
    decision: str,
) -> BoothApplication:
    """Score against the criteria (0–5 each), note, and accept or reject. Score = mean × 20 (0–100)."""
    keys = {key for key, _label in BOOTH_CRITERIA}
    errors = {}
    for key in keys:
        value = criteria_scores.get(key)
        if not isinstance(value, int) or not 0 <= value <= 5:
            errors[key] = [_("Nilai 0–5.")]
    if errors:
        raise ServiceError(_("Nilai kriteria belum lengkap."), field_errors=errors)
    if decision not in {ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED, ApplicationStatus.SUBMITTED}:
        raise ServiceError(_("Keputusan tidak dikenal."))
    with transaction.atomic():
        app = BoothApplication.objects.select_for_update().get(pk=application.pk)
        check_perm(by, "events.curate_booths", app.event, message=curators_only())
        if decision == ApplicationStatus.REJECTED and hasattr(app, "allocation"):
            app.allocation.delete()
        app.criteria_scores = {k: int(criteria_scores[k]) for k in sorted(keys)}
        app.score = Decimal(sum(app.criteria_scores.values()) * 20) / Decimal(len(keys))
        app.notes = notes.strip()
        app.status = decision
        app.decided_by = by
        app.decided_at = timezone.now()
        app.save()
        if decision == ApplicationStatus.ACCEPTED:  # an accepted seller is involved: its profile lists the event
            if app.community_id:
                app.event.communities.add(app.community_id)
            if app.actor_id:
                app.event.actors.add(app.actor_id)
        audit.record(
            by=by,
            action="events.booth_application.reviewed",
            target=app,
            data={"decision": decision, "score": str(app.score)},
        )
        if decision != ApplicationStatus.SUBMITTED:
            emit("events.booth_application.decided", application=app.pk)
    return app
