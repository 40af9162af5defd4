"""Background work with no worker running: the page says so in words instead of a bar that never moves,
and stops saying it once a worker is alive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sinergi.accounts.models import Role
from sinergi.core import workers
from sinergi.imports.models import ImportJob, JobStatus
from tests.factories import user_with_role
from tests.imports.factories import good_row, xlsx_bytes

PASSWORD = "rahasia-Sinergi-2026"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_import_waiting_without_worker_says_so(live_server: Any, page: Any, settings: Any, tmp_path: Path) -> None:
    settings.TASKS = DATABASE_TASKS  # as under `make run`: tasks wait in the database for a worker
    settings.SINERGI_WORKER_WAIT = 0
    staff = user_with_role(Role.STAFF)
    page.goto(live_server.url + "/akun/masuk/")
    page.locator("#id_username").fill(staff.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)

    upload = tmp_path / "pelaku.xlsx"
    upload.write_bytes(xlsx_bytes([good_row(1)]))
    page.goto(live_server.url + "/impor/pelaku/")
    page.get_by_label("Berkas XLSX atau CSV").set_input_files(str(upload))
    page.get_by_role("button", name="Unggah dan periksa").click()

    notice = page.get_by_test_id("no-worker")
    notice.wait_for()
    assert "Belum ada pekerja tugas yang berjalan." in notice.inner_text()
    assert "make run" in notice.inner_text()
    assert ImportJob.objects.get().status == JobStatus.UPLOADED  # still queued, nothing lost

    workers.beat("e2e-worker")  # a worker comes alive: the polled fragment drops the warning
    notice.wait_for(state="detached")
    assert page.get_by_test_id("job-status").inner_text() == "Diunggah"
