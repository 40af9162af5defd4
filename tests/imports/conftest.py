from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from sinergi.accounts.models import Role
from sinergi.imports.models import ImportJob
from tests.factories import user_with_role

from .factories import upload


@pytest.fixture(autouse=True, params=["auto", "openpyxl"])
def xlsx_engine(request: Any, monkeypatch: Any) -> str:
    """Every import test runs with both XLSX engines: calamine (the default for files without formulas)
    and openpyxl (files with formulas), so both give the same rows, errors and messages."""
    from sinergi.imports import readers

    monkeypatch.setattr(readers, "XLSX_ENGINE", request.param)
    return str(request.param)


@pytest.fixture
def staff(db: Any) -> Any:
    return user_with_role(Role.STAFF)


@pytest.fixture
def staff_client(client: Any, staff: Any) -> Any:
    client.force_login(staff)
    return client


@pytest.fixture
def run_upload(staff_client: Any, django_capture_on_commit_callbacks: Any) -> Callable[..., ImportJob]:
    """Upload through the page (validation runs on commit, immediately in tests) and return the job."""

    def run(content: bytes, name: str = "pelaku.xlsx", *, expect_status: int = 302) -> ImportJob:
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post("/impor/pelaku/", {"file": upload(content, name)})
        assert response.status_code == expect_status, response.content[:2000]
        return ImportJob.objects.order_by("-pk").first()  # type: ignore[return-value]

    return run


@pytest.fixture
def run_commit(staff_client: Any, django_capture_on_commit_callbacks: Any) -> Callable[[ImportJob], ImportJob]:
    def run(job: ImportJob) -> ImportJob:
        with django_capture_on_commit_callbacks(execute=True):
            response = staff_client.post(f"/impor/{job.pk}/simpan/")
        assert response.status_code == 302
        job.refresh_from_db()
        return job

    return run
