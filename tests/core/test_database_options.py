"""The app's database connections as configured in settings (PostgreSQL: no parallel query)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL connection setting")
def test_app_connections_run_without_parallel_gather_workers() -> None:
    """Gather workers cost the directory's searches more than they saved under concurrency (issue 17)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL connection setting")
def test_app_connections_run_without_jit() -> None:
    """Compiling broad directory plans took 44-69 ms of searches that run in a few without (issue 17)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_the_parallel_workers_setting_is_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from sinergi.settings import base

    monkeypatch.setenv("DATABASE_URL", "postgres://sinergi@db.contoh.id/sinergi")
    monkeypatch.setenv("SINERGI_DB_PARALLEL_WORKERS", "2")
    try:
        reloaded = importlib.reload(base)
        assert reloaded.DATABASES["default"]["OPTIONS"]["options"] == (
            "-c max_parallel_workers_per_gather=2 -c jit=off"
        )
        monkeypatch.delenv("SINERGI_DB_PARALLEL_WORKERS")
        reloaded = importlib.reload(base)
        assert reloaded.DATABASES["default"]["OPTIONS"]["options"] == (
            "-c max_parallel_workers_per_gather=0 -c jit=off"
        )
        monkeypatch.setenv("SINERGI_DB_JIT", "on")
        reloaded = importlib.reload(base)
        assert reloaded.DATABASES["default"]["OPTIONS"]["options"] == ("-c max_parallel_workers_per_gather=0 -c jit=on")
        monkeypatch.setenv("SINERGI_DB_JIT", "")
        reloaded = importlib.reload(base)
        assert reloaded.DATABASES["default"]["OPTIONS"]["options"] == "-c max_parallel_workers_per_gather=0"
        monkeypatch.setenv("SINERGI_DB_PARALLEL_WORKERS", "")  # behind PgBouncer: no startup option
        reloaded = importlib.reload(base)
        assert "options" not in reloaded.DATABASES["default"].get("OPTIONS", {})
        monkeypatch.setenv("SINERGI_DB_JIT", "maybe")
        with pytest.raises(ImproperlyConfigured, match="SINERGI_DB_JIT"):
            importlib.reload(base)
    finally:
        monkeypatch.undo()
        importlib.reload(base)
