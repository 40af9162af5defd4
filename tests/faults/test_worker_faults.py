"""The fault suite (issue 10 §4, §8), on PostgreSQL: a real `sinergi db_worker` process is killed with
SIGKILL mid-import and mid-statistics-run, and a PostgreSQL cluster is restarted under a running worker.

How the worker is caught mid-work without timing: the test takes an ACCESS EXCLUSIVE lock on a table
the work reads once it has marked itself running (the wilayah table for an import, the run inputs for a
statistics run) and waits until PostgreSQL shows the worker waiting for that lock; then it kills the
worker. The database restart uses a throwaway cluster this test starts itself (initdb in a temporary
folder, a free port in 8130–8139), never the shared one.
"""

# ruff: noqa: S603 -- the suite runs its own worker and PostgreSQL from fixed argument lists, not input

from __future__ import annotations

import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

import sinergi
from sinergi.accounts.models import Role
from sinergi.core import leases
from sinergi.imports import services as import_services
from sinergi.imports.models import ImportJob, JobStatus
from sinergi.registry.models import Actor
from sinergi.statistics import services as statistics_services
from sinergi.statistics.models import RunStatus
from sinergi.wilayah.models import Wilayah
from tests.factories import user_with_role
from tests.imports.factories import good_row, xlsx_bytes

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.local_media,
]  # its worker: local media

SRC = Path(sinergi.__file__).resolve().parents[1]
WAIT = 120.0  # the longest any step may take on a busy CI machine before the test gives up
PORTS = range(8130, 8140)


@pytest.fixture(autouse=True)
def _postgres_only(settings: Any) -> Iterator[None]:
    if connection.vendor != "postgresql":
        pytest.skip("the fault suite runs on PostgreSQL")
    if not Wilayah.objects.exists():
        call_command("load_reference", verbosity=0, stdout=io.StringIO())
    # Work is queued in the database for the worker process, as in production.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    yield
    if not Wilayah.objects.exists():  # a transactional test flushes; leave what the next test expects
        call_command("load_reference", verbosity=0, stdout=io.StringIO())


def _dsn(*, name: str | None = None, port: int | None = None) -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    return f"postgres://{user}{password}@{host}:{port or db.get('PORT') or 5432}/{name or db['NAME']}"


def _env(database_url: str, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sinergi.settings.local",
        "DATABASE_URL": database_url,
        "SINERGI_VAR_DIR": str(Path(settings.MEDIA_ROOT).parent),
        "SINERGI_DEBUG": "0",
        "SINERGI_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    env.update(extra)
    return env


@contextmanager
def worker(database_url: str | None = None, **extra: str) -> Iterator[subprocess.Popen[bytes]]:
    """A real `sinergi db_worker` process; stopped (or found dead) at the end. Its output is in
    `proc.log_path` for the assertions and for the failure report."""
    log = tempfile.NamedTemporaryFile(prefix="sinergi-worker-", suffix=".log", delete=False)  # noqa: SIM115
    command = [sys.executable, "-m", "sinergi", "db_worker", "--queue-name", "*", "--interval", "0.1"]
    command += ["--no-startup-delay", "--no-reload", "--verbosity", "2"]
    proc = subprocess.Popen(command, env=_env(database_url or _dsn(), **extra), stdout=log, stderr=subprocess.STDOUT)
    proc.log_path = log.name  # type: ignore[attr-defined]
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()
        sys.stdout.write(Path(log.name).read_text(errors="replace")[-4000:])
        Path(log.name).unlink()


def _until(check: Callable[[], Any], what: str) -> Any:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


@contextmanager
def blocking(table: str) -> Iterator[Callable[[], bool]]:
    """Hold an ACCESS EXCLUSIVE lock on `table` from another connection; yields 'is someone waiting?'."""
    with psycopg.connect(_dsn()) as holder, psycopg.connect(_dsn(), autocommit=True) as watcher:
        holder.execute(f'LOCK TABLE "{table}" IN ACCESS EXCLUSIVE MODE')

        def waited_on() -> bool:
            row = watcher.execute(
                "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = %s::regclass", [table]
            ).fetchone()
            return bool(row and row[0])

        yield waited_on
        holder.rollback()


def _kill(proc: subprocess.Popen[bytes]) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def _reap_as_if_the_lease_expired() -> dict[str, int]:
    """What the supervised worker's reaper does once the lease has run out (no waiting for the clock)."""
    return leases.reap(now=timezone.now() + timedelta(seconds=leases.lease_seconds() + 1))


def _upload(staff: Any, rows: int) -> ImportJob:
    content = xlsx_bytes([good_row(n) for n in range(1, rows + 1)])
    return import_services.job_create(by=staff, kind="pelaku", upload=SimpleUploadedFile("pelaku.xlsx", content))


def _status(job: ImportJob) -> str:
    job.refresh_from_db()
    return job.status


def test_worker_killed_mid_check_then_the_job_fails_and_is_checked_again() -> None:
    staff = user_with_role(Role.STAFF)
    with blocking("wilayah_wilayah") as waited_on, worker() as proc:
        job = _upload(staff, rows=3)
        _until(waited_on, "the worker to be checking the file")
        assert _status(job) == JobStatus.VALIDATING
        _kill(proc)
    # Before: "validating" forever. Now the lease tells.
    assert leases.reap() == {}  # the lease is still young: a slow worker is not taken for dead
    assert _reap_as_if_the_lease_expired() == {"imports.ImportJob": 1}
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.interrupted_during == JobStatus.VALIDATING
    assert "Coba lagi" in job.message
    import_services.job_retry(by=staff, job=job)
    with worker():
        _until(lambda: _status(job) == JobStatus.VALIDATED, "the check to run again")
    assert job.rows_valid == 3


def test_worker_killed_mid_commit_then_nothing_is_saved_and_the_commit_is_retried() -> None:
    staff = user_with_role(Role.STAFF)
    with worker():
        job = _upload(staff, rows=4)
        _until(lambda: _status(job) == JobStatus.VALIDATED, "the file to be checked")
    with blocking("wilayah_wilayah") as waited_on, worker() as proc:
        import_services.job_commit(by=staff, job=job)
        _until(waited_on, "the worker to be saving")
        assert _status(job) == JobStatus.COMMITTING
        _kill(proc)
    assert _reap_as_if_the_lease_expired() == {"imports.ImportJob": 1}
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.interrupted_during == JobStatus.COMMITTING
    assert not Actor.objects.exists()  # all or nothing: the killed save stored nothing
    import_services.job_retry(by=staff, job=job)
    with worker():
        _until(lambda: _status(job) == JobStatus.COMMITTED, "the save to run again")
    assert job.rows_committed == 4
    assert Actor.objects.count() == 4


def test_worker_killed_mid_statistics_run_then_the_run_fails_and_runs_again() -> None:
    from sinergi.classification.models import KbliMapping
    from sinergi.statistics.tasks import execute_run
    from tests.statistics.helpers import REGION, analyst, example, upload

    person = analyst()
    # The worker checks uploaded datasets; here the queue is the database's, so check them as it would.
    pdrb, establishments = (
        statistics_services.dataset_validate(dataset_id=upload(person, kind, example(name), name).pk)
        for kind, name in (("pdrb", "pdrb.csv"), ("establishments", "establishments.csv"))
    )
    run = statistics_services.run_create(
        by=person,
        method="ratio",
        region_code=REGION[0],
        region_name=REGION[1],
        datasets={"pdrb": pdrb, "establishments": establishments},
        mapping=KbliMapping.objects.get(is_active=True),
        parameters={"benchmark_year": 2021},
        enqueue=False,
    )
    with blocking("statistics_runinput") as waited_on, worker() as proc:
        execute_run.enqueue(run.pk)
        _until(waited_on, "the worker to be computing")
        run.refresh_from_db()
        assert run.status == RunStatus.RUNNING
        _kill(proc)
    assert _reap_as_if_the_lease_expired() == {"statistics.Run": 1}
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.interrupted
    statistics_services.run_retry(by=person, run=run)

    def succeeded() -> bool:
        run.refresh_from_db()
        return run.status == RunStatus.SUCCEEDED

    with worker():
        _until(succeeded, "the run to run again")
    assert run.result


# ---------------------------------------------------------------- database restart


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port in 8130–8139 for the throwaway PostgreSQL")


@pytest.fixture
def throwaway_postgres() -> Iterator[tuple[int, Callable[[], None]]]:
    """A PostgreSQL cluster of our own in a temporary folder; yields (port, restart)."""
    initdb = shutil.which("initdb") or next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))), None)
    if initdb is None:
        pytest.skip("initdb not found")
    bin_dir = Path(initdb).parent
    root = Path(tempfile.mkdtemp(prefix="sinergi-fault-pg-"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root (CI runs as root)
        shutil.chown(root, "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    data, log = root / "data", root / "log"
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c synchronous_commit=off"
    pg_ctl = [*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-w"]
    subprocess.run([*as_postgres, str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"],
                   check=True, capture_output=True)  # fmt: skip
    subprocess.run([*pg_ctl, "-o", options, "start"], check=True, capture_output=True)

    def restart() -> None:
        subprocess.run([*pg_ctl, "-m", "fast", "stop"], check=True, capture_output=True)
        time.sleep(2)  # the worker polls every 0.1 s: it meets the database gone, as in a real restart
        subprocess.run([*pg_ctl, "-o", options, "start"], check=True, capture_output=True)

    try:
        with psycopg.connect(f"postgres://postgres@127.0.0.1:{port}/postgres", autocommit=True) as admin:
            admin.execute("CREATE DATABASE sinergi_fault")
        yield port, restart
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "stop"], check=False, capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def _enqueue_mail(database_url: str, subject: str) -> None:
    script = (
        "import django; django.setup();"
        "from django.core.mail import EmailMessage;"
        "from sinergi.core.mail import serialise;"
        "from sinergi.core.tasks import deliver_email;"
        f"deliver_email.enqueue(serialise(EmailMessage({subject!r}, 'isi', None, ['a@contoh.id'])))"
    )
    subprocess.run([sys.executable, "-c", script], env=_env(database_url), check=True, capture_output=True)


def _delivered(database_url: str, subject: str) -> bool:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult "
            "WHERE status = 'SUCCESSFUL' AND args_kwargs::text LIKE %s",
            [f"%{subject}%"],
        ).fetchone()
    return bool(row and row[0])


def test_worker_survives_a_database_restart(throwaway_postgres: tuple[int, Callable[[], None]]) -> None:
    port, restart = throwaway_postgres
    url = f"postgres://postgres@127.0.0.1:{port}/sinergi_fault"
    subprocess.run([sys.executable, "-m", "sinergi", "migrate", "--noinput", "-v", "0"],
                   env=_env(url), check=True, capture_output=True)  # fmt: skip
    with worker(url, SINERGI_WORKER_RECONNECT_MAX="1", SINERGI_DB_CONN_MAX_AGE="60") as proc:
        _enqueue_mail(url, "sebelum-restart")
        _until(lambda: _delivered(url, "sebelum-restart"), "the worker to run a task")
        restart()
        log = Path(proc.log_path)  # type: ignore[attr-defined]
        _until(lambda: proc.poll() is not None or "database unavailable" in log.read_text(), "the worker to notice")
        assert proc.poll() is None, "the worker exited when the database restarted"
        _enqueue_mail(url, "sesudah-restart")
        _until(lambda: _delivered(url, "sesudah-restart"), "the worker to run a task after the restart")
        assert proc.poll() is None
