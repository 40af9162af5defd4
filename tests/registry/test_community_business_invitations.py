"""A business joins a community by its owner's consent (issue 11 item 10).

A business with an owner account is invited, like a person: its owner sees the invitation on the dashboard
and accepts or declines, and until then it is no member (the leader's page says "menunggu persetujuan").
A business nobody has claimed is added directly and labelled as added by the leader; once claimed, its
owner may leave. The leader sees open invitations and withdraws them. Every invitation is e-mailed, in the
recipient's language, with a link to the dashboard.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from sinergi.core.errors import Conflict, NotAllowed, ServiceError
from sinergi.core.models import AuditEntry
from sinergi.registry import selectors, services
from sinergi.registry.models import CommunityMember, JoinedVia, MembershipStatus, Status
from tests.factories import UserFactory, make_actor

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting() -> dict[str, Any]:
    leader = UserFactory(full_name="Ratna Ketua")
    community = services.community_create_with_leader(by=None, data={"name": "Komunitas Rajut Depok"}, leader=leader)
    services.community_member_set(by=None, community=community, actor=make_actor(name="Rajut Bu Ratna"), role="chair")
    owner = UserFactory(full_name="Dewi Pemilik", email="dewi@contoh.id")
    claimed = make_actor(by=owner, name="Batik Dewi")
    unclaimed = make_actor(name="Syal Tanpa Pemilik")
    mail.outbox.clear()
    return {"leader": leader, "community": community, "owner": owner, "claimed": claimed, "unclaimed": unclaimed}


def public_names(community: Any) -> list[str]:
    return sorted(m.name for m in selectors.community_get(slug=community.slug).members.all())


def test_a_claimed_business_is_invited_and_joins_only_when_its_owner_accepts(setting: dict[str, Any]) -> None:
    leader, community, owner, claimed = setting["leader"], setting["community"], setting["owner"], setting["claimed"]
    invitation = services.community_member_set(by=leader, community=community, actor=claimed, role="secretary")
    assert invitation.status == MembershipStatus.INVITED
    assert invitation.joined_via == JoinedVia.INVITATION
    assert invitation.invited_by == leader
    assert public_names(community) == ["Rajut Bu Ratna"]
    assert selectors.community_list().get(pk=community.pk).member_count == 1
    assert list(selectors.actor_list(community=community.slug)) == [
        a for a in selectors.actor_list(community=community.slug) if a.name == "Rajut Bu Ratna"
    ]
    assert "Batik Dewi" not in [a.name for a in selectors.actor_list(community=community.slug)]
    assert selectors.actor_public_profile(actor=claimed)["communities"] == []
    assert list(selectors.community_invitations_for(user=owner)) == [invitation]
    with pytest.raises(NotAllowed):  # the leader cannot consent for the owner
        services.community_invitation_respond(by=leader, member=invitation, accept=True)

    services.community_invitation_respond(by=owner, member=invitation, accept=True)
    invitation.refresh_from_db()
    assert invitation.status == MembershipStatus.ACCEPTED
    assert invitation.joined_on is not None
    assert public_names(community) == ["Batik Dewi", "Rajut Bu Ratna"]
    assert "Batik Dewi" in [a.name for a in selectors.actor_list(community=community.slug)]
    assert list(selectors.community_memberships_of(user=owner)) == [invitation]
    actions = list(AuditEntry.objects.filter(action__startswith="registry.community.").values_list("action", "data"))
    assert ("registry.community.business_invited", {"actor": claimed.pk, "role": "secretary"}) in actions
    assert ("registry.community.invitation_accepted", {"actor": claimed.pk, "role": "secretary"}) in actions


def test_an_unclaimed_business_is_added_directly_and_labelled_and_the_owner_may_leave_once_claimed(
    setting: dict[str, Any],
) -> None:
    leader, community, unclaimed = setting["leader"], setting["community"], setting["unclaimed"]
    member = services.community_member_set(by=leader, community=community, actor=unclaimed, role="member")
    assert member.status == MembershipStatus.ACCEPTED
    assert member.joined_via == JoinedVia.LEADER
    assert member.unconfirmed
    assert mail.outbox == []  # nobody to write to
    assert public_names(community) == ["Rajut Bu Ratna", "Syal Tanpa Pemilik"]
    client = Client()
    client.force_login(leader)
    page = client.get(reverse("registry:community", kwargs={"slug": community.slug})).content.decode()
    assert "ditambahkan pengurus · profil belum diklaim" in page
    public = client.get(reverse("portal:community_detail", kwargs={"slug": community.slug})).content.decode()
    assert "ditambahkan pengurus, belum dikonfirmasi pemilik usaha" in public

    # Claimed later: the new owner sees the membership on the dashboard and leaves.
    claimant = UserFactory(full_name="Yusuf Pengklaim")
    claim = services.claim_create(by=claimant, actor=unclaimed, message="Saya pemiliknya; NIB terlampir.")
    services.claim_decide(by=None, claim=claim, approve=True, reason="NIB cocok")
    unclaimed.refresh_from_db()
    assert unclaimed.owner == claimant
    with pytest.raises(NotAllowed):  # the leader cannot leave on the owner's behalf
        services.community_member_leave(by=leader, member=member)
    own = Client()
    own.force_login(claimant)
    dashboard = own.get(reverse("core:dashboard")).content.decode()
    assert 'id="komunitas-saya"' in dashboard
    assert "ditambahkan pengurus sebelum Anda mengklaim profil ini" in dashboard
    leave = reverse("registry:member_leave", kwargs={"member_pk": member.pk})
    assert Client().post(leave).status_code == 302  # anonymous: to the sign-in page, nothing changes
    stranger = Client()
    stranger.force_login(UserFactory())
    assert stranger.post(leave).status_code == 403
    response = own.post(leave, follow=True)
    assert "Syal Tanpa Pemilik sudah keluar dari Komunitas Rajut Depok." in response.content.decode()
    assert public_names(community) == ["Rajut Bu Ratna"]
    assert AuditEntry.objects.filter(
        action="registry.community.member_left", by=claimant, data={"actor": unclaimed.pk}
    ).exists()


def test_the_only_ketua_cannot_leave_until_another_is_named(setting: dict[str, Any]) -> None:
    leader, community, owner, claimed = setting["leader"], setting["community"], setting["owner"], setting["claimed"]
    invitation = services.community_member_set(by=leader, community=community, actor=claimed, role="member")
    services.community_invitation_respond(by=owner, member=invitation, accept=True)
    services.community_member_set(by=leader, community=community, actor=claimed, role="chair")
    services.community_member_remove(
        by=leader, community=community, actor=CommunityMember.objects.get(actor__name="Rajut Bu Ratna").actor
    )
    with pytest.raises(Conflict, match="satu-satunya Ketua"):
        services.community_member_leave(by=owner, member=invitation)
    assert CommunityMember.objects.filter(pk=invitation.pk).exists()


def test_no_duplicate_invitation_and_errors_in_the_forms_words(setting: dict[str, Any]) -> None:
    leader, community, claimed = setting["leader"], setting["community"], setting["claimed"]
    services.community_member_set(by=leader, community=community, actor=claimed, role="member")
    with pytest.raises(Conflict) as caught:
        services.community_member_set(by=leader, community=community, actor=claimed, role="board")
    assert caught.value.field_errors == {"actor": ["Usaha ini sudah diundang dan menunggu persetujuan pemiliknya."]}
    with pytest.raises(Conflict):
        services.community_invite(by=leader, community=community, actor=claimed, role="member")
    assert CommunityMember.objects.filter(actor=claimed).count() == 1
    with pytest.raises(ServiceError, match="belum diklaim"):  # an unclaimed business has nobody to ask
        services.community_invite(by=leader, community=community, actor=setting["unclaimed"], role="member")
    # The database constraint speaks the same words, never "Batasan … dilanggar".
    duplicate = CommunityMember(community=community, actor=claimed, status=MembershipStatus.INVITED)
    with pytest.raises(ValidationError) as invalid:
        duplicate.full_clean()
    assert "sudah menjadi anggota atau sudah diundang" in str(invalid.value)
    assert "Batasan" not in str(invalid.value)

    # The page: the business is no longer offered, and a stale form gets the message on its field.
    client = Client()
    client.force_login(leader)
    url = reverse("registry:member_add", kwargs={"slug": community.slug})
    search = reverse("registry:member_search", kwargs={"slug": community.slug})
    assert "Batik Dewi" not in client.get(search, {"cari": "batik"}).content.decode()
    response = client.post(url, {"actor": claimed.pk, "role": "member", "cari": "batik"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "tidak dapat dipilih" in body
    assert "Batasan" not in body


def test_an_owner_adding_their_own_business_joins_at_once(setting: dict[str, Any]) -> None:
    community, owner, claimed = setting["community"], setting["owner"], setting["claimed"]
    services.community_set_leader(by=None, community=community, user=owner)
    member = services.community_member_set(by=owner, community=community, actor=claimed, role="member")
    assert member.status == MembershipStatus.ACCEPTED
    assert member.joined_via == JoinedVia.OWNER
    assert not member.unconfirmed
    assert mail.outbox == []


def test_the_owner_declines_or_the_leader_withdraws_on_the_page(setting: dict[str, Any]) -> None:
    leader, community, owner, claimed = setting["leader"], setting["community"], setting["owner"], setting["claimed"]
    page_url = reverse("registry:community", kwargs={"slug": community.slug})
    client = Client()
    client.force_login(leader)
    response = client.post(
        reverse("registry:member_add", kwargs={"slug": community.slug}),
        {"actor": claimed.pk, "role": "member", "cari": "batik"},
        follow=True,
    )
    body = response.content.decode()
    assert "Undangan dikirim ke pemilik Batik Dewi" in body
    pending = body[body.index('id="undangan"') :]
    assert "Batik Dewi" in pending
    assert "menunggu persetujuan" in pending
    invitation = CommunityMember.objects.get(actor=claimed)

    withdraw = reverse("registry:invitation_withdraw", kwargs={"slug": community.slug, "member_pk": invitation.pk})
    outsider = Client()
    outsider.force_login(owner)  # the owner answers; only the leader withdraws
    assert outsider.post(withdraw).status_code == 403
    response = client.post(withdraw, follow=True)
    assert "Undangan untuk Batik Dewi ditarik." in response.content.decode()
    assert not CommunityMember.objects.filter(actor=claimed).exists()
    assert client.post(withdraw).status_code == 404  # nothing left to withdraw
    assert "Tidak ada undangan yang menunggu jawaban." in client.get(page_url).content.decode()

    again = services.community_member_set(by=leader, community=community, actor=claimed, role="member")
    own = Client()
    own.force_login(owner)
    card = own.get(reverse("core:dashboard")).content.decode()
    assert "untuk usaha Anda Batik Dewi" in card
    assert "diundang oleh Ratna Ketua" in card
    # Accepting is the card's main action and looks like one (it was an unstyled grey browser button).
    assert re.search(r'<button type="submit" name="action" value="accept" class="button small">', card)
    respond = reverse("registry:invitation_respond", kwargs={"member_pk": again.pk})
    response = own.post(respond, {"action": "decline"}, follow=True)
    assert "Undangan dari Komunitas Rajut Depok ditolak." in response.content.decode()
    assert not CommunityMember.objects.filter(actor=claimed).exists()
    assert AuditEntry.objects.filter(action="registry.community.invitation_declined", by=owner).exists()
    assert AuditEntry.objects.filter(action="registry.community.invitation_withdrawn", by=leader).exists()


def test_archived_business_invitations_leave_the_dashboard(setting: dict[str, Any]) -> None:
    leader, community, owner, claimed = setting["leader"], setting["community"], setting["owner"], setting["claimed"]
    services.community_member_set(by=leader, community=community, actor=claimed, role="member")
    services.actor_archive(by=None, actor=claimed, reason="Tutup usaha")
    claimed.refresh_from_db()
    assert claimed.status == Status.ARCHIVED
    assert list(selectors.community_invitations_for(user=owner)) == []


def test_every_invitation_is_emailed_in_the_recipients_language_with_a_dashboard_link(
    setting: dict[str, Any], settings: Any
) -> None:
    settings.SINERGI_SITE_URL = "http://sinergi.contoh:8401"
    leader, community, owner, claimed = setting["leader"], setting["community"], setting["owner"], setting["claimed"]
    owner.language = "en"
    owner.save(update_fields=["language"])
    services.community_member_set(by=leader, community=community, actor=claimed, role="member")
    resident = UserFactory(full_name="Siti Warga", email="siti@contoh.id", language="id")
    services.community_invite(by=leader, community=community, user=resident, role="board")
    assert [m.to for m in mail.outbox] == [["dewi@contoh.id"], ["siti@contoh.id"]]
    business, person = mail.outbox
    assert business.subject == "Invitation to join Komunitas Rajut Depok for Batik Dewi"
    assert (
        "Ratna Ketua invited your business, Batik Dewi, to join the community Komunitas Rajut Depok as Member."
        in business.body
    )
    assert "http://sinergi.contoh:8401/dasbor/#undangan-komunitas" in business.body
    assert person.subject == "Undangan bergabung dengan Komunitas Rajut Depok"
    assert (
        "Ratna Ketua mengundang Anda bergabung dengan komunitas Komunitas Rajut Depok sebagai Pengurus." in person.body
    )
    assert "http://sinergi.contoh:8401/dasbor/#undangan-komunitas" in person.body


def test_an_owner_may_not_raise_their_own_membership_to_chair(setting: dict[str, Any]) -> None:
    community, owner, claimed = setting["community"], setting["owner"], setting["claimed"]
    services.community_set_leader(by=None, community=community, user=owner)
    services.community_member_set(by=owner, community=community, actor=claimed, role="member")
    services.community_leader_remove(by=None, community=community, user=owner)
    with pytest.raises(NotAllowed):
        services.community_member_set(by=owner, community=community, actor=claimed, role="chair")
    assert CommunityMember.objects.get(community=community, actor=claimed).role == "member"
