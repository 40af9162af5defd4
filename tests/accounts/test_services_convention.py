"""Accounts' services validate through `core.writes`: a broken rule is a `ServiceError` naming its field,
never a raw `ValidationError` a page cannot show."""

from __future__ import annotations

import pytest

from sinergi.accounts.models import Membership, OrganisationKind
from sinergi.accounts.services import membership_set, organisation_create
from sinergi.core.errors import ServiceError
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_unknown_role_is_a_service_error_on_the_role_field() -> None:
    office = organisation_create(by=None, name="Dinas Uji Peran", kind=OrganisationKind.OFFICE)
    with pytest.raises(ServiceError) as caught:
        membership_set(by=None, user=UserFactory(), organisation=office, role="raja")
    assert "role" in caught.value.field_errors
    assert not Membership.objects.filter(organisation=office).exists()


def test_organisation_slugs_are_unique_and_readable() -> None:
    first = organisation_create(by=None, name="Dinas Kreatif", kind=OrganisationKind.OFFICE)
    second = organisation_create(by=None, name="Dinas Kreatif", kind=OrganisationKind.OFFICE)
    nameless = organisation_create(by=None, name="!!!", kind=OrganisationKind.COMMUNITY)
    assert (first.slug, second.slug, nameless.slug) == ("dinas-kreatif", "dinas-kreatif-2", "organisasi")
