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


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL connection setting")
def test_app_connections_prepare_the_statements_they_repeat() -> None:
    """PostgreSQL parses and plans a repeated query once per connection (issue 17: half of its CPU for a
    door scan); a query run once is not prepared."""
    from sinergi.accounts.models import User

    def prepared() -> list[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
            return [row[0] for row in cursor.fetchall()]

    User.objects.filter(email="sekali@contoh.id").exists()
    assert not [sql for sql in prepared() if "sekali" in sql or '"accounts_user"' in sql]
    for i in range(6):
        User.objects.filter(email=f"orang{i}@contoh.id").exists()
    statements = [sql for sql in prepared() if '"accounts_user"' in sql]
    assert len(statements) == 1
    assert "$1" in statements[0]  # bound on the server: one statement whatever the address


def test_prepared_statements_are_configured_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from sinergi.settings import base

    monkeypatch.setenv("DATABASE_URL", "postgres://sinergi@db.contoh.id/sinergi")
    for name in ("SINERGI_DB_PREPARE_THRESHOLD", "SINERGI_DB_PGBOUNCER_TRANSACTION_MODE", "SINERGI_DB_PLAN_CACHE_MODE"):
        monkeypatch.delenv(name, raising=False)
    try:
        options = importlib.reload(base).DATABASES["default"]["OPTIONS"]
        assert options["server_side_binding"] is True
        assert options["prepare_threshold"] == 5
        assert "plan_cache_mode" not in options["options"]
        monkeypatch.setenv("SINERGI_DB_PREPARE_THRESHOLD", "0")
        assert importlib.reload(base).DATABASES["default"]["OPTIONS"]["prepare_threshold"] == 0
        monkeypatch.setenv("SINERGI_DB_PREPARE_THRESHOLD", "")  # Django's client-side binding
        options = importlib.reload(base).DATABASES["default"]["OPTIONS"]
        assert "server_side_binding" not in options
        assert "prepare_threshold" not in options
        monkeypatch.delenv("SINERGI_DB_PREPARE_THRESHOLD")
        monkeypatch.setenv("SINERGI_DB_PGBOUNCER_TRANSACTION_MODE", "1")  # PgBouncer before 1.21: none
        assert "prepare_threshold" not in importlib.reload(base).DATABASES["default"]["OPTIONS"]
        monkeypatch.setenv("SINERGI_DB_PREPARE_THRESHOLD", "5")  # PgBouncer ≥ 1.21 with max_prepared_statements
        assert importlib.reload(base).DATABASES["default"]["OPTIONS"]["prepare_threshold"] == 5
        monkeypatch.setenv("SINERGI_DB_PLAN_CACHE_MODE", "force_custom_plan")
        assert (
            "-c plan_cache_mode=force_custom_plan" in importlib.reload(base).DATABASES["default"]["OPTIONS"]["options"]
        )
        for name, value in (("SINERGI_DB_PREPARE_THRESHOLD", "-1"), ("SINERGI_DB_PREPARE_THRESHOLD", "lima"),
                            ("SINERGI_DB_PLAN_CACHE_MODE", "sometimes")):  # fmt: skip
            monkeypatch.setenv(name, value)
            with pytest.raises(ImproperlyConfigured, match=name):
                importlib.reload(base)
            monkeypatch.delenv(name)
    finally:
        monkeypatch.undo()
        importlib.reload(base)
