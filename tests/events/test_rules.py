"""Role × object matrix of the events permissions."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from sinergi.accounts.models import Role
from tests.factories import UserFactory, make_actor, user_with_role

from .factories import accepted_application, make_community, make_event

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "office_staff", "office_analyst", "community_leader", "actor_owner"]


def make_user(who, community, actor):
    if who == "anonymous":
        return AnonymousUser()
    if who == "member":
        return UserFactory()
    if who == "office_staff":
        return user_with_role(Role.STAFF)
    if who == "office_analyst":
        return user_with_role(Role.ANALYST)
    if who == "community_leader":
        return community.organisation.memberships.get().user
    return actor.owner


@pytest.mark.parametrize("who", ROLES)
def test_event_permission_matrix(who):
    leader = UserFactory()
    community = make_community("Komunitas Matriks", leader=leader)
    owner = UserFactory()
    actor = make_actor(by=owner)
    event = make_event()
    draft = make_event(publish=False)
    app = accepted_application(event, actor=actor)
    user = make_user(who, community, actor)
    staff = who == "office_staff"
    expected = {
        ("events.view_event", event): True,
        ("events.view_event", draft): staff,
        ("events.manage_event", event): staff,
        ("events.check_in", event): staff,
        ("events.curate_booths", event): staff,
        ("events.apply_booth", community): who == "community_leader",
        ("events.apply_booth", actor): who == "actor_owner",
        ("events.report_sales", app): who in {"actor_owner", "office_staff"},
        ("events.correct_sales", event): staff,
        ("events.view_report", event): who in {"office_staff", "office_analyst"},
    }
    for (perm, obj), allowed in expected.items():
        assert user.has_perm(perm, obj) is allowed, (who, perm, obj)
