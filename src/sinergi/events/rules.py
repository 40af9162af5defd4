"""Named permissions for events, shared by pages and the API. Matrix: tests/events/test_rules.py.

An event's workflow (managing, curating booths, check-in, correcting sales) belongs to its organising
office (`organiser_staff`); staff of other offices may read non-public events but act on none.
"""

from __future__ import annotations

import rules

from sinergi.accounts.models import Role
from sinergi.accounts.predicates import is_superuser, memberships_of, organiser_staff, staff, statistics_analyst
from sinergi.accounts.typing import AnyUser
from sinergi.registry.models import Actor, Community

from .models import BoothApplication, Event, EventSession


@rules.predicate
def event_is_public(user: AnyUser, obj: Event | EventSession | None) -> bool:
    """The event, or the event a session belongs to, is public."""
    event = obj.event if isinstance(obj, EventSession) else obj
    return event is not None and event.is_public


@rules.predicate
def is_authenticated(user: AnyUser) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _leads(user: AnyUser, community: Community | None) -> bool:
    return community is not None and any(
        org_id == community.organisation_id and role in {Role.LEADER, Role.ADMIN}
        for org_id, _kind, role in memberships_of(user)
    )


def _owns(user: AnyUser, actor: Actor | None) -> bool:
    return actor is not None and actor.owner_id is not None and actor.owner_id == getattr(user, "pk", None)


@rules.predicate
def speaks_for_seller(user: AnyUser, seller: Community | Actor | None) -> bool:
    """A community's leader or an actor's profile owner: may apply for a booth in its name."""
    if isinstance(seller, Community):
        return _leads(user, seller)
    if isinstance(seller, Actor):
        return _owns(user, seller)
    return False


@rules.predicate
def is_seller_of(user: AnyUser, application: BoothApplication | None) -> bool:
    if application is None or not getattr(user, "is_authenticated", False):
        return False
    if application.applicant_id == user.pk:
        return True
    return _leads(user, application.community) or _owns(user, application.actor)


organiser = is_superuser | organiser_staff

rules.add_perm("events.view_event", event_is_public | staff)
rules.add_perm("events.manage_event", organiser)
rules.add_perm("events.check_in", organiser)
rules.add_perm("events.apply_booth", is_authenticated & speaks_for_seller)
rules.add_perm("events.curate_booths", organiser)
rules.add_perm("events.view_booth", is_seller_of | organiser)
rules.add_perm("events.report_sales", is_seller_of | organiser)
rules.add_perm("events.correct_sales", organiser)
rules.add_perm("events.view_report", organiser | statistics_analyst)
rules.add_perm("events.view_deliveries", organiser)  # what the event's notifications told whom
