"""Initiatives in any phase, walked there through the services (so phase changes are real)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from sinergi.accounts.models import OrganisationKind, Role, User
from sinergi.collaboration import services
from sinergi.collaboration.models import Initiative, Phase
from tests.factories import OrganisationFactory, UserFactory, user_with_role

ORDER = [Phase.DRAFT, Phase.SUBMITTED, Phase.OPEN, Phase.REVIEW, Phase.ACCEPTED, Phase.IMPLEMENTATION,
         Phase.COMPLETED]  # fmt: skip


class Cast:
    """The people of a test: author, co-author, office staff and head, org leader, stranger."""

    def __init__(self) -> None:
        self.office = OrganisationFactory(kind=OrganisationKind.OFFICE, name="Disdagin")
        self.staff = user_with_role(Role.STAFF, organisation=self.office)
        self.head = user_with_role(Role.HEAD, organisation=self.office)
        self.community = OrganisationFactory(kind=OrganisationKind.COMMUNITY, name="Komunitas Rajut")
        self.leader = user_with_role(Role.LEADER, organisation=self.community)
        self.member = user_with_role(Role.MEMBER, organisation=self.community)
        self.author: User = UserFactory()
        self.coauthor: User = UserFactory()
        self.stranger: User = UserFactory()


def make_initiative(cast: Cast, phase: str = Phase.DRAFT, **data: Any) -> Initiative:
    fields = {"title": "Pelatihan rajut untuk ibu rumah tangga", "problem": "Belum ada pelatihan.",
              "goal": "100 perajin baru."}  # fmt: skip
    fields.update(data)
    initiative = services.initiative_create(by=cast.author, data=fields, coauthors=[cast.coauthor])
    if phase == Phase.WITHDRAWN:
        return services.initiative_withdraw(by=cast.author, initiative=initiative, reason="Tidak jadi.")
    if phase in {Phase.ARCHIVED, Phase.REJECTED}:
        walk_to(cast, initiative, Phase.REVIEW)
        if phase == Phase.REJECTED:
            return services.initiative_reject(
                by=cast.head, initiative=initiative, answer="Belum ada anggaran.", grounds="Rapat 1 Mei."
            )
        return services.initiative_archive(by=cast.staff, initiative=initiative, reason="Usang.")
    walk_to(cast, initiative, phase)
    return initiative


def walk_to(cast: Cast, initiative: Initiative, phase: str) -> Initiative:
    target = ORDER.index(Phase(phase))
    steps = {
        Phase.SUBMITTED: lambda: services.initiative_submit(by=cast.author, initiative=initiative),
        Phase.OPEN: lambda: services.initiative_open_for_support(
            by=cast.staff, initiative=initiative, threshold=10, deadline=timezone.localdate() + timedelta(days=30)
        ),
        Phase.REVIEW: lambda: services.initiative_start_review(by=cast.staff, initiative=initiative),
        Phase.ACCEPTED: lambda: services.initiative_accept(
            by=cast.head, initiative=initiative, answer="Diterima karena mendesak.", grounds="Rapat pentahelix."
        ),
        Phase.IMPLEMENTATION: lambda: services.initiative_start_implementation(by=cast.staff, initiative=initiative),
        Phase.COMPLETED: lambda: services.initiative_complete(by=cast.staff, initiative=initiative),
    }
    for step in ORDER[ORDER.index(Phase(initiative.phase)) + 1 : target + 1]:
        steps[step]()
    initiative.refresh_from_db()
    return initiative
