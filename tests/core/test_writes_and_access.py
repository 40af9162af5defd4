"""The shared write helpers (`core.writes`) and the 404-versus-403 rule (`core.access`)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from sinergi.accounts.models import Organisation, OrganisationKind
from sinergi.core.access import get_permitted
from sinergi.core.errors import ServiceError
from sinergi.core.writes import model_update, unique_slug, validate
from tests.factories import OrganisationFactory, UserFactory, city_office, make_actor

pytestmark = pytest.mark.django_db


def test_validate_names_each_broken_field() -> None:
    office = Organisation(name="", slug="x y", kind="nonsense")
    with pytest.raises(ServiceError) as caught:
        validate(office)
    assert {"name", "slug", "kind"} <= set(caught.value.field_errors)


def test_validate_checks_uniqueness_unless_told_not_to() -> None:
    taken = OrganisationFactory()
    twin = Organisation(name="Kembar", slug=taken.slug, kind=OrganisationKind.OFFICE)
    with pytest.raises(ServiceError) as caught:
        validate(twin)
    assert "slug" in caught.value.field_errors
    validate(twin, unique=False)  # the database will answer for the slug
    validate(Organisation(name="", slug=taken.slug, kind=OrganisationKind.OFFICE), exclude=["name"], unique=False)


def test_model_update_strips_converts_and_reports_only_changes() -> None:
    office = OrganisationFactory(name="Dinas Lama", description="tetap")
    changed = model_update(
        office,
        fields=("name", "description", "short_name"),
        data={"name": "  Dinas Baru ", "description": "tetap", "kind": "ignored", "short_name": ""},
        convert={"short_name": lambda v: v or "DB"},
    )
    assert changed == ["name", "short_name"]
    assert (office.name, office.short_name, office.kind) == ("Dinas Baru", "DB", OrganisationKind.OFFICE)


def test_model_update_leaves_fields_not_given() -> None:
    office = OrganisationFactory(name="Dinas A")
    assert model_update(office, fields=("name",), data={}) == []
    assert model_update(office, fields=("name",), data={"name": Decimal(1)}) == ["name"]


def test_unique_slug_counts_up_and_falls_back() -> None:
    OrganisationFactory(slug="dinas-kreatif")
    OrganisationFactory(slug="dinas-kreatif-2")
    assert unique_slug(Organisation, "Dinas Kreatif") == "dinas-kreatif-3"
    mine = Organisation.objects.get(slug="dinas-kreatif")
    assert unique_slug(Organisation, "Dinas Kreatif", exclude_pk=mine.pk) == "dinas-kreatif"
    assert unique_slug(Organisation, "!!!", fallback="dinas") == "dinas"
    assert len(unique_slug(Organisation, "a" * 300, max_length=50)) == 50


def test_unique_slug_against_slugs_the_caller_holds() -> None:
    """Creating many rows at once: the slugs in use come from the caller (one query), not the table."""
    OrganisationFactory(slug="dinas-kreatif")
    with CaptureQueriesContext(connection) as queries:
        assert unique_slug(Organisation, "Dinas Kreatif", taken={"dinas-kreatif-2"}) == "dinas-kreatif"
        assert unique_slug(Organisation, "Dinas Kreatif", taken={"dinas-kreatif", "dinas-kreatif-2"}) == (
            "dinas-kreatif-3"
        )
    assert len(queries) == 0


def test_get_permitted_chooses_404_or_403() -> None:
    from sinergi.registry.models import Actor

    city_office()
    actor = make_actor(status="draft")
    stranger = UserFactory()
    queryset = Actor.objects.all()
    with pytest.raises(Http404):
        get_permitted(stranger, queryset, perm="registry.change_actor", slug="no-such-actor")
    # A draft is not visible to a stranger: as if it did not exist.
    with pytest.raises(Http404):
        get_permitted(stranger, queryset, perm="registry.change_actor", visible="registry.view_actor", slug=actor.slug)
    actor.status = "verified"
    actor.save()
    # Published: the stranger may see it but not change it.
    with pytest.raises(PermissionDenied):
        get_permitted(stranger, queryset, perm="registry.change_actor", visible="registry.view_actor", slug=actor.slug)
    assert get_permitted(stranger, queryset, perm="registry.view_actor", slug=actor.slug) == actor
