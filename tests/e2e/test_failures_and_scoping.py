"""Journeys of issue 10 §3–4 in chromium: an uploader finds the import a dying worker interrupted,
presses "Coba lagi" and saves it; the head of the registry office finds no way to approve the statistics
office's draft while the statistics office's head approves it."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from sinergi.accounts.models import OfficeFunction, Role
from sinergi.core import leases
from sinergi.imports.models import ImportJob, JobStatus
from sinergi.registry.models import Actor
from sinergi.statistics import services as statistics_services
from sinergi.statistics.models import PublicationStatus
from tests.factories import MembershipFactory, office_with, user_with_role
from tests.imports.factories import good_row, xlsx_bytes

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
PASSWORD = "rahasia-Sinergi-2026"


def _sign_in(page: Any, live_server: Any, email: str) -> None:
    page.goto(live_server.url + "/akun/masuk/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_an_interrupted_save_is_saved_again(live_server: Any, page: Any, tmp_path: Path) -> None:
    staff = user_with_role(Role.STAFF)
    _sign_in(page, live_server, staff.email)
    upload = tmp_path / "pelaku.xlsx"
    upload.write_bytes(xlsx_bytes([good_row(1), good_row(2)]))
    page.goto(live_server.url + "/impor/pelaku/")
    page.get_by_label("Berkas XLSX atau CSV").set_input_files(str(upload))
    page.get_by_role("button", name="Unggah dan periksa").click()
    page.get_by_test_id("preview").wait_for()
    job = ImportJob.objects.get()
    # The worker saving it is killed: the job stays "being saved" and its lease stops being renewed.
    ImportJob.objects.filter(pk=job.pk).update(
        status=JobStatus.COMMITTING, heartbeat_at=timezone.now() - timedelta(seconds=leases.lease_seconds() + 1)
    )
    assert leases.reap() == {"imports.ImportJob": 1}  # what the next worker does as it starts
    page.reload()
    assert page.get_by_test_id("job-status").inner_text() == "Gagal"
    assert "Tidak ada data yang disimpan" in page.get_by_test_id("job-message").inner_text()
    assert Actor.objects.count() == 0
    page.get_by_test_id("retry").click()
    page.get_by_test_id("committed-count").wait_for()
    assert page.get_by_test_id("committed-count").inner_text() == "2"
    assert page.get_by_test_id("job-status").inner_text() == "Tersimpan"
    assert Actor.objects.count() == 2


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_only_the_statistics_office_approves_its_draft(live_server: Any, page: Any) -> None:
    from tests.statistics.helpers import ratio_run

    statistics_office = office_with(OfficeFunction.STATISTICS, name="Badan Statistik Uji")
    registry_office = office_with(OfficeFunction.REGISTRY, name="Dinas Direktori Uji")
    analyst = MembershipFactory(organisation=statistics_office, role=Role.ANALYST).user
    run = ratio_run(analyst)
    publication = statistics_services.publication_prepare(by=analyst, run=run, title="PDRB Ekraf Uji")
    statistics_services.publication_submit(by=analyst, publication=publication)

    other_head = MembershipFactory(organisation=registry_office, role=Role.HEAD).user
    _sign_in(page, live_server, other_head.email)
    response = page.goto(f"{live_server.url}/statistik/{publication.pk}/")
    assert response is not None
    assert response.status == 404
    response = page.goto(f"{live_server.url}/statistik/kelola/")
    assert response is not None
    assert response.status == 403
    page.context.clear_cookies()

    head = MembershipFactory(organisation=statistics_office, role=Role.HEAD).user
    _sign_in(page, live_server, head.email)
    page.goto(f"{live_server.url}/statistik/{publication.pk}/")
    page.get_by_role("button", name="Setujui dan terbitkan").click()
    page.wait_for_load_state()
    publication.refresh_from_db()
    assert publication.status == PublicationStatus.PUBLISHED
