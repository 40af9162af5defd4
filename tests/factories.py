"""factory-boy factories for state; behaviour under test goes through services."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from sinergi.accounts.models import Membership, Organisation, OrganisationKind, Role, User


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"pengguna{n}@contoh.id")
    full_name = factory.Faker("name", locale="id_ID")
    password = factory.django.Password("rahasia-Sinergi-2026")


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisasi {n}")
    slug = factory.Sequence(lambda n: f"organisasi-{n}")
    kind = OrganisationKind.OFFICE


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.STAFF


def user_with_role(role: str, kind: str = OrganisationKind.OFFICE, organisation: Organisation | None = None) -> User:
    organisation = organisation or OrganisationFactory(kind=kind)
    return MembershipFactory(role=role, organisation=organisation).user
