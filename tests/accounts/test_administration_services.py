"""What an administrator does to accounts and offices goes through services (issue 12 §5): opening an
active account with a password, setting an office's functions and its letterhead. Each checks its named
permission, reports bad input on its field and writes one audit entry; the admin uses the same services."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.http import HttpRequest
from django.test import Client

from sinergi.accounts.models import OfficeFunction, Organisation, OrganisationKind, User
from sinergi.accounts.services import (
    PreparedPassword,
    organisation_functions_set,
    organisation_letterhead_set,
    user_create_active,
)
from sinergi.core.errors import NotAllowed, ServiceError
from sinergi.core.models import AuditEntry
from tests.factories import OrganisationFactory, UserFactory, office_with

pytestmark = pytest.mark.django_db

REGISTRY, STATISTICS = OfficeFunction.REGISTRY, OfficeFunction.STATISTICS


@pytest.fixture
def superuser() -> User:
    return User.objects.create_superuser(email="admin@contoh.id", password="rahasia-panjang-123")


def _staff_with(codename: str) -> User:
    staff = UserFactory(is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename=codename))
    return User.objects.get(pk=staff.pk)  # a fresh object: Django caches permissions on the instance


# ---------------------------------------------------------------- user_create_active
def test_an_administrator_opens_an_active_account_that_can_sign_in(superuser: User, client: Client) -> None:
    user = user_create_active(
        by=superuser, email=" Sari.Dewi@Contoh.ID ", full_name=" Sari Dewi ", password="Batik-Depok-Kreatif-88"
    )
    assert (user.email, user.full_name, user.is_active, user.is_staff) == (
        "sari.dewi@contoh.id",
        "Sari Dewi",
        True,
        False,
    )
    assert client.login(request=HttpRequest(), username="sari.dewi@contoh.id", password="Batik-Depok-Kreatif-88")
    entry = AuditEntry.objects.get(action="accounts.user.created", target_id=str(user.pk))
    assert entry.by == superuser
    assert entry.data == {"active": True, "password": True, "staff": False, "superuser": False}


def test_an_account_without_a_password_cannot_sign_in_until_the_person_sets_one() -> None:
    user = user_create_active(by=None, email="warga@contoh.id", full_name="Warga", password=None)
    assert user.is_active
    assert not user.has_usable_password()
    assert AuditEntry.objects.filter(action="accounts.user.created", target_id=str(user.pk), by=None).exists()


def test_a_weak_password_is_refused_on_the_password_field_and_nothing_is_written(superuser: User) -> None:
    with pytest.raises(ServiceError) as caught:
        user_create_active(by=superuser, email="budi@contoh.id", full_name="Budi", password="12345678")
    assert set(caught.value.field_errors) == {"password"}
    assert not User.objects.filter(email="budi@contoh.id").exists()


def test_a_prepared_password_is_still_validated_for_each_person() -> None:
    prepared = PreparedPassword.of("budisantoso2026")
    assert "budisantoso2026" not in repr(prepared)
    user_create_active(by=None, email="ani@contoh.id", full_name="Ani", password=prepared)
    with pytest.raises(ServiceError) as caught:  # too like this person's own address
        user_create_active(by=None, email="budisantoso2026@contoh.id", full_name="Budi Santoso", password=prepared)
    assert set(caught.value.field_errors) == {"password"}
    assert User.objects.get(email="ani@contoh.id").check_password("budisantoso2026")


def test_a_taken_address_is_refused_on_the_email_field(superuser: User) -> None:
    UserFactory(email="sari@contoh.id")
    with pytest.raises(ServiceError) as caught:
        user_create_active(by=superuser, email="SARI@contoh.id", full_name="Sari", password="Batik-Depok-Kreatif-88")
    assert set(caught.value.field_errors) == {"email"}
    assert User.objects.filter(email__iexact="sari@contoh.id").count() == 1


def test_only_administrators_open_accounts_and_only_superusers_open_admin_accounts() -> None:
    with pytest.raises(NotAllowed):
        user_create_active(by=UserFactory(), email="x@contoh.id", full_name="X", password=None)
    clerk = _staff_with("add_user")
    user_create_active(by=clerk, email="y@contoh.id", full_name="Y", password=None)
    with pytest.raises(NotAllowed):
        user_create_active(by=clerk, email="z@contoh.id", full_name="Z", password=None, staff=True)
    assert not User.objects.filter(email__in=["x@contoh.id", "z@contoh.id"]).exists()
    assert not AuditEntry.objects.filter(action="accounts.user.created", by=None).exists()


# ---------------------------------------------------------------- organisation_functions_set
def test_functions_move_from_one_office_to_another_audited(superuser: User) -> None:
    trade = office_with(REGISTRY, STATISTICS)
    planning = office_with()
    organisation_functions_set(by=superuser, organisation=planning, functions={STATISTICS})
    organisation_functions_set(by=superuser, organisation=trade, functions={REGISTRY})
    trade.refresh_from_db()
    planning.refresh_from_db()
    assert (trade.functions, planning.functions) == ({REGISTRY}, {STATISTICS})
    entry = AuditEntry.objects.get(action="accounts.organisation.functions_changed", target_id=str(trade.pk))
    assert (entry.by, entry.data) == (superuser, {"before": ["registry", "statistics"], "after": ["registry"]})


def test_the_last_office_holding_a_function_may_not_give_it_up(superuser: User) -> None:
    trade = office_with(REGISTRY)
    with pytest.raises(ServiceError) as caught:
        organisation_functions_set(by=superuser, organisation=trade, functions=set())
    assert "satu-satunya yang mengelola direktori" in caught.value.field_errors["functions"][0]
    trade.refresh_from_db()
    assert trade.administers_registry
    assert not AuditEntry.objects.filter(action="accounts.organisation.functions_changed").exists()


def test_an_inactive_office_holds_nothing_for_anyone_so_it_may_give_up_its_functions() -> None:
    closed = office_with(STATISTICS)
    Organisation.objects.filter(pk=closed.pk).update(is_active=False)
    closed.refresh_from_db()
    assert organisation_functions_set(by=None, organisation=closed, functions=set()).functions == frozenset()


def test_a_closed_office_does_not_count_as_another_holder() -> None:
    whole = office_with(REGISTRY)
    Organisation.objects.filter(pk=office_with(REGISTRY).pk).update(is_active=False)
    with pytest.raises(ServiceError):
        organisation_functions_set(by=None, organisation=whole, functions=set())


def test_functions_are_for_offices_and_known_ones_only() -> None:
    community = OrganisationFactory(kind=OrganisationKind.COMMUNITY)
    with pytest.raises(ServiceError) as caught:
        organisation_functions_set(by=None, organisation=community, functions={REGISTRY})
    assert "Hanya perangkat daerah" in caught.value.field_errors["functions"][0]
    with pytest.raises(ServiceError) as caught:
        organisation_functions_set(by=None, organisation=office_with(), functions={"pajak"})
    assert "pajak" in caught.value.field_errors["functions"][0]


def test_only_administrators_set_functions() -> None:
    office = office_with()
    for person in (UserFactory(), UserFactory(is_staff=True)):
        with pytest.raises(NotAllowed):
            organisation_functions_set(by=person, organisation=office, functions={REGISTRY})
    organisation_functions_set(by=_staff_with("change_organisation"), organisation=office, functions={REGISTRY})
    office.refresh_from_db()
    assert office.administers_registry


# ---------------------------------------------------------------- organisation_letterhead_set
LETTERHEAD = {"letterhead_address": "Jl. Margonda Raya 54", "signatory_nip": "196805121994032007"}


def test_a_letterhead_is_set_and_audited_with_what_changed(superuser: User) -> None:
    office = office_with()
    assert organisation_letterhead_set(by=superuser, organisation=office, data=LETTERHEAD) == [
        "letterhead_address",
        "signatory_nip",
    ]
    assert organisation_letterhead_set(by=superuser, organisation=office, data=LETTERHEAD) == []  # nothing new
    office.refresh_from_db()
    assert (office.letterhead_address, office.signatory_nip) == ("Jl. Margonda Raya 54", "196805121994032007")
    entries = AuditEntry.objects.filter(action="accounts.organisation.letterhead", target_id=str(office.pk))
    assert [(e.by, e.data) for e in entries] == [(superuser, {"changed": ["letterhead_address", "signatory_nip"]})]


def test_a_bad_nip_or_an_unknown_field_is_refused_on_its_field() -> None:
    office = office_with()
    for data, field in (({**LETTERHEAD, "signatory_nip": "1968 0512"}, "signatory_nip"), ({"name": "X"}, "name")):
        with pytest.raises(ServiceError) as caught:
            organisation_letterhead_set(by=None, organisation=office, data=data)
        assert set(caught.value.field_errors) == {field}
    office.refresh_from_db()
    assert office.letterhead_address == ""  # nothing half-written


def test_only_administrators_set_a_letterhead() -> None:
    with pytest.raises(NotAllowed):
        organisation_letterhead_set(by=UserFactory(is_staff=True), organisation=office_with(), data=LETTERHEAD)


# ---------------------------------------------------------------- the admin uses the same services
def _admin_form(office: Organisation, **changes: Any) -> dict[str, Any]:
    data = {
        "name": office.name,
        "short_name": office.short_name,
        "slug": office.slug,
        "kind": office.kind,
        "description": "",
        "is_active": "on",
        "signatory_name": office.signatory_name,
        "signatory_title": office.signatory_title,
        "signatory_nip": office.signatory_nip,
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    data.update({name: "on" for name in ("administers_registry", "produces_statistics") if getattr(office, name)})
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_admin_refuses_to_leave_the_directory_without_an_office(superuser: User, client: Client) -> None:
    client.force_login(superuser)
    trade = office_with(REGISTRY)
    url = f"/admin/accounts/organisation/{trade.pk}/change/"
    refused = client.post(url, _admin_form(trade, administers_registry=None, name="Disdagin Baru"))
    assert refused.status_code == 200
    assert "satu-satunya yang mengelola direktori" in refused.content.decode()
    trade.refresh_from_db()
    assert (trade.administers_registry, trade.name) == (True, trade.name)
    assert trade.name != "Disdagin Baru"  # nothing half-saved

    planning = office_with()
    moved = client.post(
        f"/admin/accounts/organisation/{planning.pk}/change/", _admin_form(planning, administers_registry="on")
    )
    assert moved.status_code == 302
    assert (
        client.post(url, _admin_form(trade, administers_registry=None, letterhead_address="Jl. Baru 1")).status_code
        == 302
    )
    trade.refresh_from_db()
    assert (trade.administers_registry, trade.letterhead_address) == (False, "Jl. Baru 1")
    actions = set(AuditEntry.objects.filter(target_id=str(trade.pk), by=superuser).values_list("action", flat=True))
    assert actions == {"accounts.organisation.functions_changed", "accounts.organisation.letterhead"}


def test_the_admin_turns_an_office_into_a_community_once_it_holds_no_function(superuser: User, client: Client) -> None:
    client.force_login(superuser)
    office_with(STATISTICS)  # someone else still produces the statistics
    office = office_with(STATISTICS)
    url = f"/admin/accounts/organisation/{office.pk}/change/"
    assert client.post(url, _admin_form(office, produces_statistics=None, kind="community")).status_code == 302
    office.refresh_from_db()
    assert (office.kind, office.functions) == (OrganisationKind.COMMUNITY, frozenset())
