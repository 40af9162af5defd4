"""A person without a business profile joins a community by accepting an invitation (issue 11 item 10).

The leader invites by the exact e-mail of the person's account; the person accepts or declines on their
dashboard; only accepted members count and show publicly, by name only; the leader may withdraw an open
invitation. Every step is audited.
"""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from sinergi.core.errors import Conflict, NotAllowed, ServiceError
from sinergi.core.models import AuditEntry
from sinergi.registry import selectors, services
from sinergi.registry.models import CommunityMember, MembershipStatus
from tests.factories import UserFactory, make_actor

pytestmark = pytest.mark.django_db


def setup_community():
    leader = UserFactory(full_name="Ratna Ketua")
    community = services.community_create_with_leader(by=None, data={"name": "Komunitas Rajut Depok"}, leader=leader)
    services.community_member_set(by=None, community=community, actor=make_actor(name="Rajut Bu Ratna"), role="chair")
    resident = UserFactory(full_name="Siti Warga", email="siti.warga@contoh.id")
    return leader, community, resident


def actions() -> list[str]:
    return list(
        AuditEntry.objects.filter(action__startswith="registry.community.")
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_an_invited_person_is_not_a_member_until_they_accept() -> None:
    leader, community, resident = setup_community()
    invitation = services.community_invite(by=leader, community=community, user=resident, role="member")
    assert invitation.status == MembershipStatus.INVITED
    assert invitation.actor is None
    assert invitation.invited_by == leader
    public = selectors.community_get(slug=community.slug)
    assert [m.name for m in public.members.all()] == ["Rajut Bu Ratna"]
    assert selectors.community_list().get(pk=community.pk).member_count == 1
    assert list(selectors.community_invitations_for(user=resident)) == [invitation]
    with pytest.raises(NotAllowed):  # nobody consents for the person, not even the leader
        services.community_invitation_respond(by=leader, member=invitation, accept=True)

    services.community_invitation_respond(by=resident, member=invitation, accept=True)
    invitation.refresh_from_db()
    assert invitation.status == MembershipStatus.ACCEPTED
    assert invitation.joined_on is not None
    public = selectors.community_get(slug=community.slug)
    assert sorted(m.name for m in public.members.all()) == ["Rajut Bu Ratna", "Siti Warga"]
    assert selectors.community_list().get(pk=community.pk).member_count == 2
    assert list(selectors.community_invitations_for(user=resident)) == []
    assert "registry.community.person_invited" in actions()
    assert "registry.community.invitation_accepted" in actions()
    with pytest.raises(Conflict, match="tidak berlaku"):
        services.community_invitation_respond(by=resident, member=invitation, accept=False)


def test_declining_or_withdrawing_removes_the_invitation_and_is_audited() -> None:
    leader, community, resident = setup_community()
    invitation = services.community_invite(by=leader, community=community, user=resident, role="member")
    services.community_invitation_respond(by=resident, member=invitation, accept=False)
    assert not CommunityMember.objects.filter(user=resident).exists()
    again = services.community_invite(by=leader, community=community, user=resident, role="secretary")
    services.community_person_remove(by=leader, community=community, member=again)
    assert not CommunityMember.objects.filter(user=resident).exists()
    assert actions()[-2:] == ["registry.community.person_invited", "registry.community.invitation_withdrawn"]
    assert "registry.community.invitation_declined" in actions()


def test_a_person_is_invited_once_and_exactly_one_of_business_or_person() -> None:
    leader, community, resident = setup_community()
    services.community_invite(by=leader, community=community, user=resident, role="member")
    with pytest.raises(Conflict) as caught:
        services.community_invite(by=leader, community=community, user=resident, role="member")
    assert caught.value.field_errors["email"] == ["Orang ini sudah diundang dan belum menjawab."]
    with pytest.raises(IntegrityError), transaction.atomic():
        CommunityMember.objects.create(community=community, actor=make_actor(name="Dua Arah"), user=UserFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        CommunityMember.objects.create(community=community)


def test_an_inactive_account_cannot_be_invited() -> None:
    leader, community, _resident = setup_community()
    with pytest.raises(ServiceError, match="tidak aktif"):
        services.community_invite(by=leader, community=community, user=UserFactory(is_active=False), role="member")


def test_only_the_invitee_can_answer_and_the_leader_invites_by_exact_email() -> None:
    leader, community, resident = setup_community()
    client = Client()
    client.force_login(leader)
    url = reverse("registry:person_invite", kwargs={"slug": community.slug})
    # A name is not an e-mail: people are never found by name, so nothing about them leaks.
    response = client.post(url, {"undang-email": "Siti Warga", "undang-role": "member"})
    assert response.status_code == 400
    assert 'id="id_undang-email_error"' in response.content.decode()
    response = client.post(url, {"undang-email": "bukan.siapa@contoh.id", "undang-role": "member"})
    assert response.status_code == 400
    assert "Belum ada pengguna dengan e-mail ini" in response.content.decode()
    response = client.post(url, {"undang-email": "SITI.WARGA@contoh.id", "undang-role": "member"})
    assert response.status_code == 302
    invitation = CommunityMember.objects.get(user=resident)

    stranger = Client()
    stranger.force_login(UserFactory())
    respond = reverse("registry:invitation_respond", kwargs={"member_pk": invitation.pk})
    assert stranger.post(respond, {"action": "accept"}).status_code == 403
    client.post(respond, {"action": "accept"})  # the leader cannot accept on the person's behalf
    invitation.refresh_from_db()
    assert invitation.status == MembershipStatus.INVITED

    own = Client()
    own.force_login(resident)
    assert "Komunitas Rajut Depok" in own.get(reverse("core:dashboard")).content.decode()
    assert own.post(respond, {"action": "accept"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == MembershipStatus.ACCEPTED


def test_public_page_and_api_show_a_person_member_by_name_only() -> None:
    leader, community, resident = setup_community()
    invitation = services.community_invite(by=leader, community=community, user=resident, role="member")
    client = Client()
    page = client.get(reverse("portal:community_detail", kwargs={"slug": community.slug})).content.decode()
    assert "Siti Warga" not in page
    services.community_invitation_respond(by=resident, member=invitation, accept=True)
    page = client.get(reverse("portal:community_detail", kwargs={"slug": community.slug})).content.decode()
    assert "Siti Warga" in page
    assert "siti.warga@contoh.id" not in page
    body = client.get(f"/api/v1/communities/{community.slug}").json()
    person = next(m for m in body["members"] if m["name"] == "Siti Warga")
    assert person["actor"] is None
    assert set(person) == {"name", "actor", "role", "joined_on"}


def test_leader_sees_and_withdraws_an_invitation_on_the_page_and_the_person_declines() -> None:
    leader, community, resident = setup_community()
    page_url = reverse("registry:community", kwargs={"slug": community.slug})
    invitation = services.community_invite(by=leader, community=community, user=resident, role="member")
    client = Client()
    client.force_login(leader)
    page = client.get(page_url).content.decode()
    assert "Siti Warga" in page
    assert "menunggu persetujuan" in page
    withdraw = reverse("registry:person_remove", kwargs={"slug": community.slug, "member_pk": invitation.pk})
    outsider = Client()
    outsider.force_login(UserFactory())
    assert outsider.post(withdraw).status_code == 403
    assert client.post(withdraw).status_code == 302
    assert not CommunityMember.objects.filter(user=resident).exists()
    assert "Tidak ada undangan yang menunggu jawaban." in client.get(page_url).content.decode()

    again = services.community_invite(by=leader, community=community, user=resident, role="member")
    own = Client()
    own.force_login(resident)
    respond = reverse("registry:invitation_respond", kwargs={"member_pk": again.pk})
    response = own.post(respond, {"action": "decline"}, follow=True)
    assert "Undangan dari Komunitas Rajut Depok ditolak." in response.content.decode()
    assert not CommunityMember.objects.filter(user=resident).exists()
    assert own.post(respond, {"action": "accept"}).status_code == 404  # gone: nothing to answer
