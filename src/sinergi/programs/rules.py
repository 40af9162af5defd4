"""Named permissions for programs, shared by pages and the API. Matrix: tests/programs/test_rules.py.

A program's workflow (managing, selecting, attendance, outcomes) belongs to its organising office
(`organiser_staff`); staff of other offices may read non-public programs but act on none.
"""

from __future__ import annotations

import rules

from sinergi.accounts.predicates import (
    OFFICE_STAFF_ROLES,
    is_office_staff,
    is_superuser,
    organiser_staff,
    roles_in_organisation,
    staff,
    statistics_analyst,
)
from sinergi.accounts.typing import AnyUser
from sinergi.registry.models import Actor

from .models import FosteringLetter, Participant, Program


@rules.predicate
def program_is_public(user: AnyUser, program: Program | None) -> bool:
    return program is not None and program.is_public


@rules.predicate
def is_authenticated(user: AnyUser) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@rules.predicate
def owns_actor(user: AnyUser, actor: Actor | None) -> bool:
    return actor is not None and actor.owner_id is not None and actor.owner_id == getattr(user, "pk", None)


@rules.predicate
def speaks_for_fostering_office(user: AnyUser, obj: Actor | FosteringLetter | None) -> bool:
    """A fostering letter is issued in the name of the office that fosters the actor: only that
    office's staff issue it (for an actor) or manage it (for a letter). No object: any office's staff
    may open the page; each letter is then checked."""
    if obj is None:
        return bool(is_office_staff(user))
    office_id = obj.organisation_id if isinstance(obj, FosteringLetter) else obj.fostered_by_id
    return bool(roles_in_organisation(user, office_id) & OFFICE_STAFF_ROLES)


@rules.predicate
def is_participant_owner(user: AnyUser, participant: Participant | None) -> bool:
    return participant is not None and owns_actor(user, participant.actor)


@rules.predicate
def owns_letter_actor(user: AnyUser, letter: FosteringLetter | None) -> bool:
    """The fostered business's profile owner, for the letter issued about it."""
    return letter is not None and owns_actor(user, letter.actor)


organiser = is_superuser | organiser_staff

rules.add_perm("programs.view_program", program_is_public | staff)
rules.add_perm("programs.manage_program", organiser)
# The object is the actor applying: its profile owner applies for it.
rules.add_perm("programs.apply", is_authenticated & owns_actor)
rules.add_perm("programs.select", organiser)
rules.add_perm("programs.take_attendance", organiser)
rules.add_perm("programs.record_outcome", organiser)
rules.add_perm("programs.view_report", organiser | statistics_analyst)
rules.add_perm("programs.download_certificate", is_participant_owner | organiser)
rules.add_perm("programs.view_deliveries", organiser)  # what the program's notifications told whom
rules.add_perm("programs.issue_letter", is_superuser | speaks_for_fostering_office)
# The letter itself: the office that issued it, and the business it is about.
rules.add_perm("programs.download_letter", is_superuser | speaks_for_fostering_office | owns_letter_actor)
