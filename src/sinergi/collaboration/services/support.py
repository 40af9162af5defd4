"""Supports of people (online, one each) and offline supports recorded by staff."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core import audit
from sinergi.core.access import check_perm
from sinergi.core.errors import Conflict, ServiceError

from ..models import (
    Initiative,
    OfflineSupport,
    Phase,
    Support,
)
from ._common import SUPPORT_LIMIT_PER_MINUTE, _ensure_not_blocked, _require, _user, rate_limit


@transaction.atomic
def support_add(*, by: User, initiative: Initiative) -> bool:
    """Support once; returns False (and counts nothing) when this person already supports it.

    Exact under concurrency: the unique (initiative, user) constraint decides, and the counter moves
    by F() in the same transaction as the row (see docs/decisions/0003-support-counts.md).
    """
    rate_limit(
        action="support",
        user=by,
        limit=SUPPORT_LIMIT_PER_MINUTE,
        message=_("Terlalu sering menekan tombol dukungan. Coba lagi dalam satu menit."),
    )
    _ensure_not_blocked(by)
    current = Initiative.objects.filter(pk=initiative.pk).values_list("phase", "support_deadline").first()
    if current is None or current[0] != Phase.OPEN:
        raise Conflict(_("Inisiatif ini tidak sedang terbuka untuk dukungan."), code="wrong_phase")
    if current[1] is not None and current[1] < timezone.localdate():
        raise Conflict(_("Batas waktu dukungan sudah lewat."), code="deadline_passed")
    initiative.phase, initiative.support_deadline = current  # judged as it is now, not as the caller read it
    check_perm(
        by, "collaboration.support_initiative", initiative, message=_("Anda tidak dapat mendukung inisiatif ini.")
    )
    try:
        with transaction.atomic():
            Support.objects.create(initiative=initiative, user=by)
    except IntegrityError:
        return False
    Initiative.objects.filter(pk=initiative.pk).update(support_count=F("support_count") + 1)
    audit.record(by=by, action="collaboration.support.added", target=initiative)
    return True


@transaction.atomic
def support_withdraw(*, by: User, initiative: Initiative) -> bool:
    rate_limit(
        action="support",
        user=by,
        limit=SUPPORT_LIMIT_PER_MINUTE,
        message=_("Terlalu sering menekan tombol dukungan. Coba lagi dalam satu menit."),
    )
    phase = Initiative.objects.filter(pk=initiative.pk).values_list("phase", flat=True).first()
    if phase != Phase.OPEN:
        raise Conflict(_("Dukungan hanya dapat ditarik selama masa dukungan."), code="wrong_phase")
    deleted, _objects = Support.objects.filter(initiative=initiative, user=by).delete()
    if not deleted:
        return False
    Initiative.objects.filter(pk=initiative.pk).update(support_count=F("support_count") - 1)
    audit.record(by=by, action="collaboration.support.withdrawn", target=initiative)
    return True


@transaction.atomic
def offline_support_record(
    *, by: User, initiative: Initiative, count: int, source: str, collected_on: date | None = None
) -> OfflineSupport:
    source = _require(source, "source", _("Sebutkan sumbernya (pertemuan, tempat, tanggal)."))
    if count < 1 or count > 100_000:
        raise ServiceError(_("Jumlah tidak wajar."), field_errors={"count": [_("Antara 1 dan 100.000.")]})
    phase = Initiative.objects.filter(pk=initiative.pk).values_list("phase", flat=True).first()
    if phase not in {Phase.OPEN, Phase.REVIEW}:
        raise Conflict(_("Dukungan luring dicatat selama masa dukungan atau kajian."), code="wrong_phase")
    initiative.phase = phase
    check_perm(
        by,
        "collaboration.record_offline_support",
        initiative,
        message=_("Hanya petugas perangkat daerah yang dapat mencatat dukungan luring."),
    )
    row = OfflineSupport.objects.create(
        initiative=initiative, count=count, source=source, collected_on=collected_on, recorded_by=_user(by)
    )
    Initiative.objects.filter(pk=initiative.pk).update(offline_support_count=F("offline_support_count") + count)
    audit.record(
        by=by,
        action="collaboration.support.offline_recorded",
        target=initiative,
        data={"count": count, "source": source},
    )
    initiative.refresh_from_db()
    return row
