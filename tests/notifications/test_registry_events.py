"""Who hears what when a profile is submitted, verified or rejected, a claim decided, a person invited."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from sinergi.accounts.models import OfficeFunction, Role
from sinergi.notifications.models import Delivery, Notification
from sinergi.registry import services
from sinergi.registry.models import Status
from tests.factories import UserFactory, make_actor, office_with, user_with_role

pytestmark = pytest.mark.django_db


def _told(kind: str) -> dict[int, Notification]:
    return {n.user_id: n for n in Notification.objects.filter(kind=kind)}


def test_submission_tells_the_owner_and_only_the_registry_office(django_capture_on_commit_callbacks: Any) -> None:
    owner = UserFactory()
    registry = office_with(OfficeFunction.REGISTRY)
    statistics = office_with(OfficeFunction.STATISTICS)
    clerk = user_with_role(Role.STAFF, organisation=registry)
    head = user_with_role(Role.HEAD, organisation=registry)
    analyst = user_with_role(Role.STAFF, organisation=statistics)
    actor = make_actor(by=owner, status=Status.DRAFT, name="Batik Kembang")
    with django_capture_on_commit_callbacks(execute=True):
        services.actor_submit(by=owner, actor=actor)
    assert set(_told("registry.actor.submitted")) == {owner.pk}
    staff_told = _told("registry.actor.awaiting_verification")
    assert set(staff_told) == {clerk.pk, head.pk}
    assert analyst.pk not in staff_told
    assert staff_told[clerk.pk].title == "Profil baru menunggu verifikasi: Batik Kembang"
    assert staff_told[clerk.pk].url == f"/direktori/kelola/pelaku/{actor.slug}/verifikasi/"


def test_verification_and_rejection_reach_the_owner_in_their_language(
    django_capture_on_commit_callbacks: Any,
) -> None:
    owner = UserFactory(language="en")
    clerk = user_with_role(Role.STAFF)
    first = make_actor(by=owner, status=Status.SUBMITTED, name="Kopi Margonda")
    second = make_actor(by=owner, status=Status.SUBMITTED, name="Kriya Cinere")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.actor_verify(by=clerk, actor=first)
    with django_capture_on_commit_callbacks(execute=True):
        services.actor_reject(by=clerk, actor=second, reason="Foto produk belum ada.")
    verified = Notification.objects.get(kind="registry.actor.verified")
    rejected = Notification.objects.get(kind="registry.actor.rejected")
    assert (verified.user, rejected.user) == (owner, owner)
    assert verified.title == "Profile Kopi Margonda is verified"
    assert "Foto produk belum ada." in rejected.body
    assert clerk.pk not in {n.user_id for n in Notification.objects.all()}
    subjects = sorted(m.subject for m in mail.outbox if m.to == [owner.email])
    assert subjects == ["[Sinergi] Profile Kopi Margonda is verified", "[Sinergi] Profile Kriya Cinere needs changes"]
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_nothing_is_told_when_the_action_rolls_back(django_capture_on_commit_callbacks: Any) -> None:
    owner = UserFactory()
    actor = make_actor(by=owner, status=Status.DRAFT, description="")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.ServiceError):
        services.actor_submit(by=owner, actor=actor)  # incomplete: refused, nothing emitted
    assert not Notification.objects.exists()


def test_claim_decision_tells_the_claimant(django_capture_on_commit_callbacks: Any) -> None:
    clerk = user_with_role(Role.STAFF)
    actor = make_actor(name="Sablon Beji")
    claimant, refused = UserFactory(), UserFactory()
    claim = services.claim_create(by=claimant, actor=actor, message="Saya pemiliknya, NIB 123.")
    other = services.claim_create(by=refused, actor=actor, message="Saya juga.")
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_decide(by=clerk, claim=claim, approve=True)
        services.claim_decide(by=clerk, claim=other, approve=False, reason="Tidak ada bukti.")
    told = _told("registry.claim.decided")
    assert set(told) == {claimant.pk, refused.pk}
    assert told[claimant.pk].title == "Klaim Anda atas profil Sablon Beji disetujui"
    assert told[refused.pk].title == "Klaim Anda atas profil Sablon Beji ditolak"
    assert "Tidak ada bukti." in told[refused.pk].body


def test_community_invitation_tells_the_invitee(django_capture_on_commit_callbacks: Any) -> None:
    leader = UserFactory()
    community = services.community_create_with_leader(by=None, data={"name": "Komunitas Film Depok"}, leader=leader)
    invitee = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.community_invite(by=leader, community=community, user=invitee, role="member")
    told = _told("registry.community.invited")
    assert set(told) == {invitee.pk}
    assert told[invitee.pk].title == "Anda diundang bergabung dengan komunitas Komunitas Film Depok"
    assert told[invitee.pk].url == "/dasbor/"
