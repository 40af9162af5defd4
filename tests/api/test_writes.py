"""Writes: token with scope, the same named permissions as the pages, the registry services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from sinergi.accounts import tokens
from sinergi.accounts.models import Role
from sinergi.core.models import AuditEntry
from sinergi.registry import services
from sinergi.registry.models import Actor, CommunityMember, Status
from tests.api.conftest import Api, error_of
from tests.factories import UserFactory, make_actor, user_with_role

pytestmark = pytest.mark.django_db

WRITE = ["registry:write"]
NEW_ACTOR = {
    "name": "Rajut Cinere",
    "nib": "1234 5678 90123",
    "npwp": "012345674901234",
    "kelurahan": "32.76.01.1006",
    "primary_kbli": "14111",
    "description": "Rajutan tangan.",
}


@pytest.fixture
def owner() -> Any:
    return UserFactory()


@pytest.fixture
def staff() -> Any:
    return user_with_role(Role.STAFF)


def test_owner_creates_a_draft_through_the_service(api_as: Callable[..., Api], owner: Any) -> None:
    response = api_as(owner, WRITE).post("/actors", NEW_ACTOR)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["nib"] == "1234567890123"
    assert "npwp" not in body
    actor = Actor.objects.get(slug=body["slug"])
    assert actor.owner == owner
    assert actor.npwp == "0012345674901234"
    assert [s["code"] for s in body["subsectors"]] == ["FSN"]
    assert AuditEntry.objects.filter(action="registry.actor.created", target_id=str(actor.pk), by=owner).exists()


def test_only_staff_may_create_verified(api_as: Callable[..., Api], owner: Any, staff: Any) -> None:
    response = api_as(owner, WRITE).post("/actors", {**NEW_ACTOR, "verified": True})
    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"
    response = api_as(staff, WRITE).post("/actors", {**NEW_ACTOR, "verified": True})
    assert response.status_code == 201
    assert response.json()["status"] == "verified"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"nib": "123"}, "nib"),
        ({"npwp": "12"}, "npwp"),
        ({"npwp": "012345678901234"}, "npwp"),  # check digit wrong
        ({"primary_kbli": "1411"}, "primary_kbli"),
        ({"primary_kbli": "99999"}, "primary_kbli"),
        ({"kelurahan": "31.71.01.1001"}, "kelurahan"),
        ({"kind": "robot"}, "kind"),
        ({"founded_year": 1800}, "founded_year"),
        ({"latitude": "45.1"}, "latitude"),
        ({"name": ""}, "name"),
        ({"other_kbli": ["abc"]}, "other_kbli"),
    ],
)
def test_identifier_rules_give_field_errors(
    api_as: Callable[..., Api], owner: Any, change: dict[str, Any], field: str
) -> None:
    response = api_as(owner, WRITE).post("/actors", {**NEW_ACTOR, **change})
    assert response.status_code == 422, response.content
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert field in error["fields"]
    assert not Actor.objects.exists()


def test_duplicate_nib_is_a_conflict(api_as: Callable[..., Api], owner: Any) -> None:
    make_actor(nib="1234567890123")
    response = api_as(owner, WRITE).post("/actors", NEW_ACTOR)
    assert response.status_code == 409
    error = error_of(response)
    assert error["code"] == "duplicate_nib"
    assert "nib" in error["fields"]


def test_missing_scope_is_403_and_changes_nothing(api_as: Callable[..., Api], owner: Any) -> None:
    response = api_as(owner, ["registry:read-private"]).post("/actors", NEW_ACTOR)
    assert response.status_code == 403
    assert error_of(response)["code"] == "insufficient_scope"
    assert not Actor.objects.exists()


def test_no_token_bad_token_revoked_expired_are_401(api: Api, api_as: Callable[..., Api], owner: Any) -> None:
    assert api.post("/actors", NEW_ACTOR).status_code == 401
    assert Api(api.client, "sng_not-a-real-token").post("/actors", NEW_ACTOR).status_code == 401
    token, secret = tokens.token_create(by=owner, user=owner, name="a", scopes=WRITE)
    tokens.token_revoke(by=owner, token=token)
    response = Api(api.client, secret).post("/actors", NEW_ACTOR)
    assert response.status_code == 401
    assert error_of(response)["code"] == "unauthenticated"
    token, secret = tokens.token_create(
        by=owner, user=owner, name="b", scopes=WRITE, expires_at=timezone.now() + timedelta(days=1)
    )
    token.expires_at = timezone.now() - timedelta(seconds=1)
    token.save()
    assert Api(api.client, secret).post("/actors", NEW_ACTOR).status_code == 401
    assert not Actor.objects.exists()


def test_session_cookie_is_not_accepted_for_writes(client: Any, owner: Any) -> None:
    client.force_login(owner, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post("/api/v1/actors", NEW_ACTOR, content_type="application/json")
    assert response.status_code == 401
    assert not Actor.objects.exists()


def test_permission_parity_with_pages(api_as: Callable[..., Api], owner: Any, staff: Any) -> None:
    actor = make_actor(by=owner, status=Status.DRAFT)
    stranger = UserFactory()
    patch = {"description": "Diubah lewat API."}
    # A stranger cannot even see someone else's draft; for a published one, the rule says no.
    assert api_as(stranger, WRITE).patch(f"/actors/{actor.slug}", patch).status_code == 404
    published = make_actor(by=owner)
    response = api_as(stranger, WRITE).patch(f"/actors/{published.slug}", patch)
    assert response.status_code == 403
    assert stranger.has_perm("registry.change_actor", published) is False
    # The owner can; so can staff.
    assert owner.has_perm("registry.change_actor", actor)
    response = api_as(owner, WRITE).patch(f"/actors/{actor.slug}", patch)
    assert response.status_code == 200
    assert response.json()["description"] == "Diubah lewat API."
    assert api_as(staff, WRITE).patch(f"/actors/{actor.slug}", {"workers_male": 3}).status_code == 200
    actor.refresh_from_db()
    assert actor.description == "Diubah lewat API."
    assert actor.workers_male == 3
    entry = AuditEntry.objects.filter(action="registry.actor.updated", target_id=str(actor.pk)).first()
    assert entry is not None
    assert entry.data == {"fields": ["workers_male"]}


def test_patch_changes_only_sent_fields_and_kbli(api_as: Callable[..., Api], owner: Any) -> None:
    actor = make_actor(by=owner, status=Status.DRAFT, description="Tetap.", workers_female=4)
    response = api_as(owner, WRITE).patch(f"/actors/{actor.slug}", {"primary_kbli": "56101"})
    assert response.status_code == 200, response.content
    actor.refresh_from_db()
    assert actor.description == "Tetap."
    assert actor.workers_female == 4
    assert actor.primary_kbli.code == "56101"  # type: ignore[union-attr]
    assert "FSN" not in {s["code"] for s in response.json()["subsectors"]}
    response = api_as(owner, WRITE).patch(f"/actors/{actor.slug}", {"name": None})
    assert response.status_code == 422
    assert "name" in error_of(response)["fields"]


def test_lifecycle_submit_verify_reject(api_as: Callable[..., Api], owner: Any, staff: Any) -> None:
    actor = make_actor(by=owner, status=Status.DRAFT)
    as_owner, as_staff = api_as(owner, WRITE), api_as(staff, WRITE)
    assert as_owner.post(f"/actors/{actor.slug}/submit").json()["status"] == "submitted"
    # The owner cannot verify their own profile; staff can.
    response = as_owner.post(f"/actors/{actor.slug}/verify")
    assert response.status_code == 403
    assert error_of(response)["code"] == "permission_denied"
    assert as_staff.post(f"/actors/{actor.slug}/verify", {"note": "Cek lapangan"}).json()["status"] == "verified"
    # Verifying twice breaks the lifecycle rule: 400 from the service.
    response = as_staff.post(f"/actors/{actor.slug}/verify")
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_transition"
    other = make_actor(by=owner, status=Status.SUBMITTED)
    response = as_staff.post(f"/actors/{other.slug}/reject", {"reason": "  "})
    assert response.status_code == 400
    assert "reason" in error_of(response)["fields"]
    response = as_staff.post(f"/actors/{other.slug}/reject", {"reason": "Foto kurang jelas"})
    assert response.json()["status"] == "rejected"
    assert response.json()["status_reason"] == "Foto kurang jelas"
    assert as_staff.post(f"/actors/{other.slug}/reject", {}).status_code == 422


def test_submit_incomplete_profile_is_400(api_as: Callable[..., Api], owner: Any) -> None:
    api = api_as(owner, WRITE)
    slug = api.post("/actors", {"name": "Belum Lengkap"}).json()["slug"]
    response = api.post(f"/actors/{slug}/submit")
    assert response.status_code == 400
    assert error_of(response)["code"] == "incomplete"


def test_figures_set_size_class(api_as: Callable[..., Api], owner: Any) -> None:
    actor = make_actor(by=owner, status=Status.DRAFT)
    response = api_as(owner, WRITE).post(
        f"/actors/{actor.slug}/figures", {"year": 2025, "capital": "1.500.000.000", "sales": None}
    )
    assert response.status_code == 200, response.content
    assert response.json()["size_class"] == "kecil"
    response = api_as(owner, WRITE).post(f"/actors/{actor.slug}/figures", {"year": 2025, "sales": "-5"})
    assert response.status_code == 422
    assert "sales" in error_of(response)["fields"]
    stranger = UserFactory()
    assert api_as(stranger, WRITE).post(f"/actors/{make_actor().slug}/figures", {"year": 2025}).status_code == 403


def test_products_added_by_owner_only(api_as: Callable[..., Api], owner: Any) -> None:
    actor = make_actor(by=owner)
    body = {"name": "Tas rajut", "subsector": "KRY", "price_min": 100000, "price_max": 50000}
    response = api_as(owner, WRITE).post(f"/actors/{actor.slug}/products", body)
    assert response.status_code == 400
    assert "price_min" in error_of(response)["fields"]
    response = api_as(owner, WRITE).post(f"/actors/{actor.slug}/products", {**body, "price_max": 150000})
    assert response.status_code == 201, response.content
    assert response.json()["subsector"]["code"] == "KRY"
    response = api_as(owner, WRITE).post(f"/actors/{actor.slug}/products", {**body, "subsector": "ZZZ"})
    assert response.status_code == 422
    assert "subsector" in error_of(response)["fields"]
    assert api_as(UserFactory(), WRITE).post(f"/actors/{actor.slug}/products", body).status_code == 403


def test_community_members_by_leader_only(api_as: Callable[..., Api], staff: Any) -> None:
    community = services.community_create(by=None, data={"name": "Crafter Depok"})
    leader = UserFactory()
    services.community_set_leader(by=None, community=community, user=leader)
    actor = make_actor()
    body = {"actor": actor.slug, "role": "board"}
    assert api_as(UserFactory(), WRITE).post(f"/communities/{community.slug}/members", body).status_code == 403
    response = api_as(leader, WRITE).post(f"/communities/{community.slug}/members", body)
    assert response.status_code == 200, response.content
    assert response.json()["role"] == "board"
    assert CommunityMember.objects.get(community=community, actor=actor).role == "board"
    response = api_as(leader, WRITE).post(f"/communities/{community.slug}/members", {"actor": "tidak-ada"})
    assert response.status_code == 422
    assert "actor" in error_of(response)["fields"]
    response = api_as(leader, WRITE).post(f"/communities/{community.slug}/members", {**body, "role": "raja"})
    assert response.status_code == 422
    assert "role" in error_of(response)["fields"]
    assert api_as(staff, WRITE).post("/communities/tidak-ada/members", body).status_code == 404


def test_contacts_need_scope_and_permission_and_are_logged(api_as: Callable[..., Api], owner: Any, staff: Any) -> None:
    actor = make_actor(by=owner)
    services.contact_save(
        by=None,
        actor=actor,
        data={"full_name": "Siti", "nik": "3276014505900001", "phone": "+6281234567890", "consent": True},
    )
    path = f"/actors/{actor.slug}/contacts"
    assert api_as(staff, WRITE).get(path).status_code == 403
    assert api_as(UserFactory(), ["registry:read-private"]).get(path).status_code == 403
    assert not AuditEntry.objects.filter(action="registry.contact.viewed").exists()
    response = api_as(staff, ["registry:read-private"]).get(path, {"purpose": "Verifikasi"})
    assert response.status_code == 200
    assert response.json()[0]["nik"] == "3276014505900001"
    entry = AuditEntry.objects.get(action="registry.contact.viewed")
    assert entry.by == staff
    assert entry.data == {"purpose": "Verifikasi"}
    assert api_as(owner, ["registry:read-private"]).get(path).status_code == 200


def test_owner_token_sees_own_draft(api: Api, api_as: Callable[..., Api], owner: Any) -> None:
    actor = make_actor(by=owner, status=Status.DRAFT)
    assert api.get(f"/actors/{actor.slug}").status_code == 404
    assert api_as(owner).get(f"/actors/{actor.slug}").status_code == 200
    assert api_as(UserFactory()).get(f"/actors/{actor.slug}").status_code == 404
    assert Api(api.client, "sng_salah").get(f"/actors/{actor.slug}").status_code == 401


def test_markup_in_input_is_stored_as_text(api_as: Callable[..., Api], owner: Any) -> None:
    name = '<script>alert("x")</script> Rajut'
    response = api_as(owner, WRITE).post("/actors", {**NEW_ACTOR, "name": name, "nib": ""})
    assert response.status_code == 201
    assert Actor.objects.get().name == name
    assert response.json()["name"] == name


@override_settings(SINERGI_API_WRITE_RATE="3/min")
def test_writes_are_throttled_per_token(api_as: Callable[..., Api], owner: Any) -> None:
    api = api_as(owner, WRITE)
    actor = make_actor(by=owner, status=Status.DRAFT)
    statuses = [api.patch(f"/actors/{actor.slug}", {"workers_male": n}).status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.patch(f"/actors/{actor.slug}", {"workers_male": 9})
    assert response.status_code == 429
    assert error_of(response)["code"] == "throttled"
    # Another token has its own allowance; reads are not throttled.
    assert api_as(owner, WRITE).patch(f"/actors/{actor.slug}", {"workers_male": 9}).status_code == 200
    assert api.get("/actors").status_code == 200
