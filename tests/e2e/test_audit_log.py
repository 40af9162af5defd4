"""An administrator investigating a possible breach (UU 27/2022, 72 hours): opens the audit log from
the menu, narrows it to one person's personal-data exports and downloads them as CSV."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from typing import Any

import pytest

from sinergi.core import audit
from sinergi.core.models import AuditEntry
from tests.e2e.journeys import sign_in
from tests.factories import UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_admin_filters_one_persons_personal_data_exports_and_downloads_them(
    live_server: Any, page: Any, tmp_path: Path
) -> None:
    base = live_server.url
    admin = UserFactory(email="admin@depok.go.id", full_name="Admin Sinergi", is_superuser=True, is_staff=True)
    sari = UserFactory(email="sari@depok.go.id", full_name="Sari Wulandari")
    budi = UserFactory(email="budi@depok.go.id", full_name="Budi Santoso")
    # What the registry's export records (registry/bulk/exporter.py ActorExporter.record), by two people.
    for masked in (False, True):
        audit.record(
            by=sari,
            action="registry.actor.exported",
            data={"filters": {}, "count": 64, "masked": masked, "format": "xlsx"},
        )
    audit.record(by=budi, action="registry.actor.exported", data={"count": 3, "masked": False})
    audit.record(by=sari, action="accounts.user.language_changed")

    sign_in(page, base, admin.email)
    menu = page.get_by_test_id("account-menu")
    menu.locator("summary").click()
    menu.get_by_role("link", name="Log audit").click()
    page.get_by_role("heading", name="Log audit").wait_for()
    page.get_by_label("Orang").fill("sari@depok.go.id")
    page.get_by_label("Tindakan").select_option("registry.actor.exported")
    page.get_by_role("button", name="Terapkan").click()
    page.wait_for_url(lambda url: "orang=sari" in url and "tindakan=registry.actor.exported" in url)
    rows = page.locator("table tbody tr")
    assert rows.count() == 2
    assert all("sari@depok.go.id" in text for text in rows.all_inner_texts())
    assert '"masked": false' in rows.first.inner_text() or '"masked": false' in rows.nth(1).inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="Unduh catatan yang cocok (CSV)").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name.startswith("log-audit-")
    assert saved.suffix == ".csv"
    exported = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert [row["email_pelaku"] for row in exported] == ["sari@depok.go.id", "sari@depok.go.id"]
    assert {row["tindakan"] for row in exported} == {"registry.actor.exported"}
    # The download is itself on the record, with what was asked for.
    entry = AuditEntry.objects.get(action="core.audit_log.exported")
    assert entry.by == admin
    assert entry.data["filters"] == {"orang": "sari@depok.go.id", "tindakan": "registry.actor.exported"}
    assert entry.data["count"] == 2
