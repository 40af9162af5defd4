"""Role × publication state for every named statistics permission."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from sinergi.accounts.models import OrganisationKind, Role
from sinergi.statistics.models import Publication, PublicationStatus
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db

S = PublicationStatus
ROLES = {
    "anonymous": AnonymousUser,
    "citizen": UserFactory,
    "office_staff": lambda: user_with_role(Role.STAFF),
    "analyst": lambda: user_with_role(Role.ANALYST),
    "head": lambda: user_with_role(Role.HEAD),
    "admin": lambda: user_with_role(Role.ADMIN),
    "community_leader": lambda: user_with_role(Role.LEADER, OrganisationKind.COMMUNITY),
    "superuser": lambda: UserFactory(is_superuser=True),
}
PREPARERS = {"analyst", "head", "admin", "superuser"}
APPROVERS = {"head", "admin", "superuser"}
EVERYONE = set(ROLES)

EXPECTED: dict[tuple[str, str], set[str]] = {}
for status in S.values:
    EXPECTED[("statistics.view_publication", status)] = EVERYONE if status in {S.PUBLISHED, S.SUPERSEDED} else PREPARERS
    EXPECTED[("statistics.submit_publication", status)] = PREPARERS if status == S.DRAFT else set()
    EXPECTED[("statistics.comment_publication", status)] = PREPARERS if status in {S.DRAFT, S.IN_REVIEW} else set()
    EXPECTED[("statistics.approve_publication", status)] = APPROVERS if status == S.IN_REVIEW else set()
    EXPECTED[("statistics.return_publication", status)] = APPROVERS if status == S.IN_REVIEW else set()
    EXPECTED[("statistics.revise_publication", status)] = PREPARERS if status == S.PUBLISHED else set()


@pytest.mark.parametrize("status", S.values)
@pytest.mark.parametrize("role", list(ROLES))
def test_publication_matrix(role: str, status: str) -> None:
    user = ROLES[role]()
    publication = Publication(status=status)
    for (perm, st), allowed in EXPECTED.items():
        if st == status:
            # Django's backend allows an active superuser everything; services still refuse wrong states
            expected = role == "superuser" or role in allowed
            assert user.has_perm(perm, publication) is expected, (perm, role, status)


@pytest.mark.parametrize("role", list(ROLES))
def test_workspace_permissions(role: str) -> None:
    user = ROLES[role]()
    for perm in ("use_workspace", "upload_dataset", "start_run", "prepare_publication", "view_run"):
        assert user.has_perm(f"statistics.{perm}") is (role in PREPARERS), (perm, role)


def test_workspace_pages_refuse_non_analysts(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(user_with_role(Role.STAFF))
    assert client.get("/statistik/kelola/").status_code == 403
    client.force_login(user_with_role(Role.ANALYST))
    assert client.get("/statistik/kelola/").status_code == 200


def test_services_refuse_wrong_states_even_for_a_superuser() -> None:
    from sinergi.core.errors import Conflict
    from sinergi.statistics import services

    from .helpers import analyst, head, published

    pub = published(analyst(), head())
    root = UserFactory(is_superuser=True)
    with pytest.raises(Conflict):
        services.publication_submit(by=root, publication=pub)
    with pytest.raises(Conflict):
        services.publication_approve(by=root, publication=pub)
    with pytest.raises(Conflict):
        services.publication_comment(by=root, publication=pub, body="x")


def test_workspace_says_what_the_registry_can_be_used_for(client) -> None:  # type: ignore[no-untyped-def]
    from .helpers import analyst

    client.force_login(analyst())
    page = client.get("/statistik/kelola/").content.decode()
    assert "data-registry-scope" in page
    assert "per kecamatan" in page
    assert "SE2016/SE2026" in page
