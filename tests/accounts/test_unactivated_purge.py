"""Sign-ups never activated are deleted after a while (UU 27/2022 minimisation); nothing else is."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from sinergi.accounts import services
from sinergi.accounts.models import Role, User
from sinergi.core.models import AuditEntry
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-Sinergi-2026"


def _signup(email: str, days_ago: int) -> User:
    user = services.user_signup(email=email, full_name="Calon Pengguna", password=PASSWORD)
    User.objects.filter(pk=user.pk).update(date_joined=timezone.now() - timedelta(days=days_ago))
    return User.objects.get(pk=user.pk)


def test_only_old_never_activated_sign_ups_with_nothing_attached_are_deleted() -> None:
    old = _signup("lama@contoh.id", 45)
    _signup("baru@contoh.id", 3)
    activated = _signup("aktif@contoh.id", 45)
    services.user_activate(user=activated)
    deactivated_after_use = UserFactory(is_active=False, last_login=timezone.now() - timedelta(days=90))
    User.objects.filter(pk=deactivated_after_use.pk).update(date_joined=timezone.now() - timedelta(days=400))
    with_membership = _signup("anggota@contoh.id", 45)
    MembershipFactory(user=with_membership, role=Role.MEMBER)

    out = StringIO()
    call_command("purge_unactivated_accounts", stdout=out)

    assert "unactivated accounts deleted: 1" in out.getvalue()
    remaining = set(User.objects.values_list("email", flat=True))
    assert "lama@contoh.id" not in remaining
    assert {"baru@contoh.id", "aktif@contoh.id", "anggota@contoh.id", deactivated_after_use.email} <= remaining
    # The audit trail keeps that it happened, and no longer who it was.
    assert AuditEntry.objects.filter(action="accounts.user.unactivated_purged", data__user=old.pk).exists()
    trail = list(AuditEntry.objects.filter(target_id=str(old.pk), action__startswith="accounts.user."))
    assert trail
    assert all("Calon" not in e.target_label + e.by_label and "lama@" not in e.target_label for e in trail)


def test_days_are_bounded(capsys: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="between 1 and 3650"):
        call_command("purge_unactivated_accounts", "--days", "0")
