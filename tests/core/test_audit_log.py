"""The audit-log viewer (core/views.py audit_log): administrators only, filterable by person, object,
action and days, paginated, with a CSV export that is itself audited (UU 27/2022's 72-hour duty)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sinergi.accounts.models import Organisation, User
from sinergi.core import audit
from sinergi.core.models import AuditEntry
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db
PAGE = reverse("core:audit_log")
EXPORT = reverse("core:audit_log_export")


@pytest.fixture
def admin() -> User:
    return UserFactory(email="admin@depok.go.id", is_superuser=True, is_staff=True)


@pytest.fixture
def admin_client(admin: User) -> Client:
    client = Client()
    client.force_login(admin)
    return client


def _at(entry: AuditEntry, day: str) -> AuditEntry:
    """Moves an entry to noon of `day` in the installation's time zone."""
    moment = timezone.make_aware(datetime.fromisoformat(f"{day}T12:00:00"))
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=moment)
    return entry


@pytest.fixture
def history() -> dict[str, Any]:
    sari = UserFactory(email="sari@depok.go.id", full_name="Sari Wulandari")
    budi = UserFactory(email="budi@depok.go.id", full_name="Budi Santoso")
    office = Organisation.objects.create(name="Disdagin Depok", slug="disdagin-uji")
    entries = {
        "sari_export": _at(
            audit.record(by=sari, action="registry.actor.exported", data={"masked": False, "count": 64}),
            "2026-11-02",
        ),
        "sari_export_old": _at(audit.record(by=sari, action="registry.actor.exported"), "2026-10-01"),
        "sari_letterhead": _at(
            audit.record(by=sari, action="accounts.organisation.letterhead", target=office), "2026-11-03"
        ),
        "budi_export": _at(audit.record(by=budi, action="registry.actor.exported"), "2026-11-02"),
    }
    return {"sari": sari, "budi": budi, "office": office, **entries}


def _shown(response: Any) -> list[int]:
    return [entry.pk for entry in response.context["page"].object_list]


def test_only_administrators_see_or_export_the_audit_log(client: Client) -> None:
    assert client.get(PAGE).status_code == 302  # to the sign-in page
    for role in ("admin", "head", "staff"):
        client.force_login(user_with_role(role))
        assert client.get(PAGE).status_code == 403
        assert client.get(EXPORT).status_code == 403
    assert not AuditEntry.objects.filter(action="core.audit_log.exported").exists()


def test_the_menu_offers_it_to_administrators_only(client: Client, admin_client: Client) -> None:
    client.force_login(user_with_role("admin"))
    assert PAGE not in client.get(reverse("core:dashboard")).content.decode()
    assert PAGE in admin_client.get(reverse("core:dashboard")).content.decode()


def test_filter_by_person_and_action(admin_client: Client, history: dict[str, Any]) -> None:
    response = admin_client.get(PAGE, {"orang": "sari@depok", "tindakan": "registry.actor.exported"})
    assert response.status_code == 200
    assert _shown(response) == [history["sari_export"].pk, history["sari_export_old"].pk]
    # by part of the name, too
    assert history["budi_export"].pk in _shown(admin_client.get(PAGE, {"orang": "santoso"}))


def test_filter_by_object(admin_client: Client, history: dict[str, Any]) -> None:
    kind = ContentType.objects.get_for_model(Organisation)
    response = admin_client.get(PAGE, {"jenis_objek": kind.pk, "id_objek": history["office"].pk})
    assert _shown(response) == [history["sari_letterhead"].pk]
    assert f'value="{kind.pk}"' in response.content.decode()  # offered because the log has such entries


def test_filter_by_days_in_the_installation_time_zone(admin_client: Client, history: dict[str, Any]) -> None:
    response = admin_client.get(PAGE, {"dari": "2026-11-02", "sampai": "2026-11-02"})
    assert set(_shown(response)) == {history["sari_export"].pk, history["budi_export"].pk}


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"dari": "2026-11-05", "sampai": "2026-11-01"}, "sampai", "Tanggal akhir tidak boleh sebelum tanggal awal."),
        ({"dari": "5 November"}, "dari", "Masukkan tanggal yang valid."),
        ({"id_objek": "7"}, "jenis_objek", "Pilih jenis objek untuk mencari menurut ID objek."),
    ],
)
def test_bad_filters_are_said_on_their_field(
    admin_client: Client, history: dict[str, Any], query: dict[str, str], field: str, message: str
) -> None:
    response = admin_client.get(PAGE, query)
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert message in response.content.decode()
    assert admin_client.get(EXPORT, query).status_code == 400
    assert not AuditEntry.objects.filter(action="core.audit_log.exported").exists()


def test_pages_of_fifty(admin_client: Client, admin: User) -> None:
    for n in range(60):
        audit.record(by=admin, action="core.test.page", data={"n": n})
    first = admin_client.get(PAGE, {"tindakan": "core.test.page"})
    second = admin_client.get(PAGE, {"tindakan": "core.test.page", "halaman": 2})
    assert len(_shown(first)) == 50
    assert len(_shown(second)) == 10
    assert "tindakan=core.test.page" in first.content.decode()  # the next link keeps the filter
    assert set(_shown(first)).isdisjoint(_shown(second))


def test_the_export_is_the_filtered_log_and_is_itself_audited(
    admin_client: Client, admin: User, history: dict[str, Any]
) -> None:
    query = {"orang": "sari@depok.go.id", "tindakan": "registry.actor.exported", "dari": "2026-11-01"}
    response = admin_client.get(EXPORT, query)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="log-audit-')
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["email_pelaku"] for row in rows] == ["sari@depok.go.id"]
    assert rows[0]["tindakan"] == "registry.actor.exported"
    assert rows[0]["waktu"] == "2026-11-02T12:00:00+07:00"
    assert rows[0]["rincian"] == '{"count": 64, "masked": false}'
    exported = AuditEntry.objects.get(action="core.audit_log.exported")
    assert exported.by == admin
    assert exported.data == {"filters": {**query}, "count": 1}


def test_the_export_neutralises_formulas(admin_client: Client) -> None:
    audit.record(by=UserFactory(full_name="=HYPERLINK(1)"), action="core.test.formula")
    response = admin_client.get(EXPORT, {"tindakan": "core.test.formula"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0]["pelaku"] == "'=HYPERLINK(1)"
