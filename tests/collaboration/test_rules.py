"""The permission matrix: every named collaboration permission × role × phase.

Each row says which roles hold the permission in which phases; everything not listed must be denied.
"""

from __future__ import annotations

import pytest

from sinergi.collaboration.models import Phase

from .factories import Cast, make_initiative

ALL = list(Phase.values)
ENGAGE = [Phase.OPEN, Phase.REVIEW, Phase.ACCEPTED, Phase.IMPLEMENTATION]
PUBLIC = [p for p in ALL if p not in {Phase.DRAFT, Phase.SUBMITTED}]
ROLES = ["anonymous", "stranger", "author", "coauthor", "leader", "member", "staff", "head"]
EVERYONE_SIGNED_IN = ["stranger", "author", "coauthor", "leader", "member", "staff", "head"]
OFFICE = ["staff", "head"]
AUTHORS = ["author", "coauthor"]

MATRIX: dict[str, dict[str, list[str]]] = {
    "collaboration.view_initiative": {
        **dict.fromkeys(["anonymous", "stranger", "leader", "member"], PUBLIC),
        **dict.fromkeys([*AUTHORS, *OFFICE], ALL),
    },
    "collaboration.change_initiative": {
        **{r: [Phase.DRAFT] for r in AUTHORS},
        **{r: [Phase.DRAFT, Phase.SUBMITTED] for r in OFFICE},
    },
    "collaboration.submit_initiative": {r: [Phase.DRAFT] for r in [*AUTHORS, *OFFICE]},
    "collaboration.open_initiative": {r: [Phase.SUBMITTED] for r in OFFICE},
    "collaboration.withdraw_initiative": {r: [Phase.DRAFT, Phase.SUBMITTED, Phase.OPEN, Phase.REVIEW] for r in AUTHORS},
    "collaboration.review_initiative": {r: [Phase.SUBMITTED, Phase.OPEN] for r in OFFICE},
    "collaboration.decide_initiative": {"head": [Phase.REVIEW]},
    "collaboration.implement_initiative": {r: [Phase.ACCEPTED] for r in OFFICE},
    "collaboration.complete_initiative": {r: [Phase.IMPLEMENTATION] for r in OFFICE},
    "collaboration.archive_initiative": {r: [p for p in ALL if p != Phase.ARCHIVED] for r in OFFICE},
    "collaboration.support_initiative": {r: [Phase.OPEN] for r in EVERYONE_SIGNED_IN},
    "collaboration.record_offline_support": {r: [Phase.OPEN, Phase.REVIEW] for r in OFFICE},
    "collaboration.endorse_initiative": dict.fromkeys(["leader", *OFFICE], ENGAGE),
    "collaboration.pledge_initiative": dict.fromkeys(["leader", *OFFICE], ENGAGE),
    "collaboration.manage_pledge": {r: [*ENGAGE, Phase.COMPLETED] for r in [*AUTHORS, *OFFICE]},
    "collaboration.comment_initiative": dict.fromkeys(EVERYONE_SIGNED_IN, ENGAGE),
    "collaboration.report_comment": dict.fromkeys(EVERYONE_SIGNED_IN, PUBLIC),
    "collaboration.add_milestone": {r: [Phase.ACCEPTED, Phase.IMPLEMENTATION] for r in [*AUTHORS, *OFFICE]},
    "collaboration.update_progress": {r: [Phase.ACCEPTED, Phase.IMPLEMENTATION] for r in [*AUTHORS, *OFFICE]},
    "collaboration.add_result": {r: [Phase.IMPLEMENTATION, Phase.COMPLETED] for r in [*AUTHORS, *OFFICE]},
    "collaboration.attach_file": {
        **{r: [Phase.DRAFT, Phase.SUBMITTED] for r in AUTHORS},
        **{r: [p for p in ALL if p != Phase.ARCHIVED] for r in OFFICE},
    },
}
GLOBAL = {
    "collaboration.create_initiative": EVERYONE_SIGNED_IN,
    "collaboration.moderate": OFFICE,
    "collaboration.block_user": OFFICE,
    "collaboration.export_initiatives": OFFICE,
    "collaboration.export_personal_data": ["head"],
    "collaboration.view_internal": OFFICE,
}


def _who(cast: Cast, role: str) -> object:
    from django.contrib.auth.models import AnonymousUser as Anon

    return Anon() if role == "anonymous" else getattr(cast, role)


@pytest.mark.django_db
def test_permission_matrix_role_by_phase() -> None:
    cast = Cast()
    initiatives = {phase: make_initiative(cast, phase) for phase in ALL}
    mismatches = []
    for perm, allowed in MATRIX.items():
        for role in ROLES:
            user = _who(cast, role)
            for phase, initiative in initiatives.items():
                expected = phase in allowed.get(role, [])
                if user.has_perm(perm, initiative) != expected:  # type: ignore[attr-defined]
                    mismatches.append((perm, role, phase, expected))
    assert mismatches == []


@pytest.mark.django_db
def test_global_permissions_by_role() -> None:
    cast = Cast()
    for perm, allowed in GLOBAL.items():
        for role in ROLES:
            assert _who(cast, role).has_perm(perm) == (role in allowed), (perm, role)  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_blocked_person_may_not_support_or_comment() -> None:
    from sinergi.collaboration import services

    cast = Cast()
    initiative = make_initiative(cast, Phase.OPEN)
    services.user_block(by=cast.staff, user=cast.stranger, reason="spam")
    cast.stranger = type(cast.stranger).objects.get(pk=cast.stranger.pk)
    assert not cast.stranger.has_perm("collaboration.support_initiative", initiative)
    assert not cast.stranger.has_perm("collaboration.comment_initiative", initiative)
    assert not cast.stranger.has_perm("collaboration.create_initiative")
