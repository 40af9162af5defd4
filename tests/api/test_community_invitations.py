"""Community invitations through the API: the leader invites by exact e-mail and may withdraw; only the
invited person sees and answers their invitation; an accepted person shows by name only."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sinergi.core.models import AuditEntry
from sinergi.registry import services
from sinergi.registry.models import CommunityMember, MembershipStatus
from tests.api.conftest import Api, error_of
from tests.factories import UserFactory, make_actor

pytestmark = pytest.mark.django_db

WRITE = ["registry:write"]


def test_leader_invites_person_accepts_and_is_listed_by_name_only(api: Api, api_as: Callable[..., Api]) -> None:
    leader = UserFactory()
    community = services.community_create_with_leader(by=None, data={"name": "Komunitas Rajut Depok"}, leader=leader)
    services.community_member_set(by=None, community=community, actor=make_actor(name="Rajut Bu Ratna"), role="chair")
    resident = UserFactory(full_name="Siti Warga", email="siti.warga@contoh.id")
    path = f"/communities/{community.slug}/invitations"

    assert api_as(UserFactory(), WRITE).post(path, {"email": "siti.warga@contoh.id"}).status_code == 403
    response = api_as(leader, WRITE).post(path, {"email": "Siti Warga"})
    assert response.status_code == 422
    assert "email" in error_of(response)["fields"]
    response = api_as(leader, WRITE).post(path, {"email": "siti.warga@"})  # never a partial match
    assert response.status_code == 422
    assert "email" in error_of(response)["fields"]
    response = api_as(leader, WRITE).post(path, {"email": "SITI.WARGA@contoh.id", "role": "board"})
    assert response.status_code == 201, response.content
    invitation = response.json()
    assert invitation["name"] == "Siti Warga"
    assert invitation["status"] == "invited"
    assert invitation["role"] == "board"
    assert [i["id"] for i in api_as(leader, WRITE).get(path).json()] == [invitation["id"]]
    assert api_as(leader, WRITE).post(path, {"email": "siti.warga@contoh.id"}).status_code == 409

    public = api.get(f"/communities/{community.slug}").json()
    assert [m["name"] for m in public["members"]] == ["Rajut Bu Ratna"]
    assert public["member_count"] == 1

    mine = "/me/community-invitations"
    assert [i["id"] for i in api_as(resident, WRITE).get(mine).json()] == [invitation["id"]]
    assert api_as(leader, WRITE).get(mine).json() == []
    accept = f"{mine}/{invitation['id']}/accept"
    assert api_as(leader, WRITE).post(accept).status_code == 404  # nobody answers for the person
    response = api_as(resident, WRITE).post(accept)
    assert response.status_code == 200, response.content
    assert response.json() == {
        "name": "Siti Warga",
        "actor": None,
        "role": "board",
        "joined_on": response.json()["joined_on"],
    }
    assert api_as(resident, WRITE).post(accept).status_code == 404  # answered: no longer an open invitation

    public = api.get(f"/communities/{community.slug}").json()
    assert sorted(m["name"] for m in public["members"]) == ["Rajut Bu Ratna", "Siti Warga"]
    assert public["member_count"] == 2
    assert "siti.warga@contoh.id" not in str(public)
    assert AuditEntry.objects.filter(action="registry.community.invitation_accepted", by=resident).exists()


def test_leader_withdraws_and_person_declines(api_as: Callable[..., Api]) -> None:
    leader = UserFactory()
    community = services.community_create_with_leader(by=None, data={"name": "Komunitas Rajut Depok"}, leader=leader)
    resident = UserFactory(email="budi@contoh.id")
    path = f"/communities/{community.slug}/invitations"
    first = api_as(leader, WRITE).post(path, {"email": "budi@contoh.id"}).json()
    assert api_as(UserFactory(), WRITE).send("DELETE", f"{path}/{first['id']}").status_code == 403
    assert api_as(leader, WRITE).send("DELETE", f"{path}/{first['id']}").status_code == 204
    assert api_as(leader, WRITE).send("DELETE", f"{path}/{first['id']}").status_code == 404
    second = api_as(leader, WRITE).post(path, {"email": "budi@contoh.id"}).json()
    response = api_as(resident, WRITE).post(f"/me/community-invitations/{second['id']}/decline")
    assert response.status_code == 204
    assert not CommunityMember.objects.filter(user=resident).exists()
    assert not CommunityMember.objects.filter(status=MembershipStatus.INVITED).exists()
    assert AuditEntry.objects.filter(action="registry.community.invitation_withdrawn").count() == 1
    assert AuditEntry.objects.filter(action="registry.community.invitation_declined").count() == 1


def test_a_claimed_business_is_invited_through_the_api_and_its_owner_accepts(
    api: Api, api_as: Callable[..., Api]
) -> None:
    leader = UserFactory()
    community = services.community_create_with_leader(by=None, data={"name": "Komunitas Rajut Depok"}, leader=leader)
    owner = UserFactory(full_name="Dewi Pemilik")
    claimed = make_actor(by=owner, name="Batik Dewi")
    unclaimed = make_actor(name="Syal Tanpa Pemilik")
    members = f"/communities/{community.slug}/members"

    response = api_as(leader, WRITE).post(members, {"actor": unclaimed.slug, "role": "chair"})
    assert response.status_code == 200, response.content  # nobody to ask: a member at once
    assert response.json()["name"] == "Syal Tanpa Pemilik"
    response = api_as(leader, WRITE).post(members, {"actor": claimed.slug, "role": "member"})
    assert response.status_code == 202, response.content  # invited: a member once its owner accepts
    invitation = response.json()
    assert invitation["actor"] == {"slug": claimed.slug, "name": "Batik Dewi"}
    assert invitation["status"] == "invited"
    response = api_as(leader, WRITE).post(members, {"actor": claimed.slug, "role": "board"})
    assert response.status_code == 409
    assert error_of(response)["fields"]["actor"] == ["Usaha ini sudah diundang dan menunggu persetujuan pemiliknya."]
    listed = api_as(leader, WRITE).get(f"/communities/{community.slug}/invitations").json()
    assert [i["id"] for i in listed] == [invitation["id"]]
    assert [m["name"] for m in api.get(f"/communities/{community.slug}").json()["members"]] == ["Syal Tanpa Pemilik"]
    assert api.get(f"/actors/{claimed.slug}").json()["communities"] == []

    mine = api_as(owner, WRITE).get("/me/community-invitations").json()
    assert [i["id"] for i in mine] == [invitation["id"]]
    assert api_as(leader, WRITE).post(f"/me/community-invitations/{invitation['id']}/accept").status_code == 404
    response = api_as(owner, WRITE).post(f"/me/community-invitations/{invitation['id']}/accept")
    assert response.status_code == 200, response.content
    public = api.get(f"/communities/{community.slug}").json()
    assert sorted(m["name"] for m in public["members"]) == ["Batik Dewi", "Syal Tanpa Pemilik"]
    assert public["member_count"] == 2
    assert [c["community"]["slug"] for c in api.get(f"/actors/{claimed.slug}").json()["communities"]] == [
        community.slug
    ]
    assert AuditEntry.objects.filter(action="registry.community.invitation_accepted", by=owner).exists()
