"""Background work and its worker: heartbeats, "no worker" detection, and `sinergi serve` (what `make run`
starts) running the server and the worker together, both stopped by one Ctrl-C, e-mail links on the port
served."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.utils import timezone

from sinergi.core import workers
from sinergi.core.management.commands.serve import child_environment, site_url
from sinergi.core.models import WorkerHeartbeat

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
ROOT = Path(__file__).resolve().parents[2]
SERVE_PORT = 8163  # in this developer's port range; nothing else listens there during tests


@pytest.mark.django_db
def test_queued_work_is_stalled_only_after_the_wait_and_without_a_live_worker(settings: object) -> None:
    settings.TASKS = DATABASE_TASKS  # type: ignore[attr-defined]
    settings.SINERGI_WORKER_WAIT = 20  # type: ignore[attr-defined]
    settings.SINERGI_WORKER_TIMEOUT = 30  # type: ignore[attr-defined]
    now = timezone.now()
    assert not workers.stalled(now - dt.timedelta(seconds=5), now=now)  # a moment: its turn may come
    assert workers.stalled(now - dt.timedelta(seconds=60), now=now)  # a minute and nobody to run it

    workers.beat("w1", now=now - dt.timedelta(seconds=10))
    assert not workers.stalled(now - dt.timedelta(seconds=60), now=now)  # a worker is alive: busy, not absent
    workers.beat("w1", now=now - dt.timedelta(seconds=45))
    assert workers.stalled(now - dt.timedelta(seconds=60), now=now)  # its last beat is too old: it died

    workers.forget("w1")
    assert not WorkerHeartbeat.objects.exists()


@pytest.mark.django_db
def test_nothing_waits_for_a_worker_when_tasks_run_in_the_request(settings: object) -> None:
    settings.SINERGI_WORKER_WAIT = 0  # type: ignore[attr-defined]
    # The test settings' immediate backend runs each task at once: there is no queue to stall.
    assert not workers.stalled(timezone.now() - dt.timedelta(hours=1))


def test_links_in_emails_follow_the_address_served() -> None:
    assert site_url("127.0.0.1:8201") == "http://127.0.0.1:8201"
    assert site_url("8201") == "http://127.0.0.1:8201"
    assert site_url("0.0.0.0:8201") == "http://127.0.0.1:8201"
    assert child_environment("127.0.0.1:8201", {})["SINERGI_SITE_URL"] == "http://127.0.0.1:8201"
    # An operator's explicit setting (a public name behind a proxy) wins.
    explicit = {"SINERGI_SITE_URL": "https://sinergi.example.go.id"}
    assert child_environment("127.0.0.1:8201", explicit)["SINERGI_SITE_URL"] == "https://sinergi.example.go.id"


def test_make_run_serves_with_the_worker_and_sets_the_site_url_to_its_port() -> None:
    make = shutil.which("make")
    assert make, "GNU make is needed for `make run`"
    out = subprocess.run(  # noqa: S603
        [make, "-n", "run", "PORT=8201"],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "SINERGI_SITE_URL"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "sinergi serve 127.0.0.1:8201" in out
    assert "runserver" not in out  # never the server alone
    assert "tautan e-mail ke http://127.0.0.1:8201" in out


def _get(url: str) -> int:
    with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 -- a local test server
        return int(response.status)


def _wait_for(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():  # type: ignore[operator]
                return True
        except (OSError, sqlite3.Error):
            pass
        time.sleep(0.3)
    return False


def test_serve_runs_server_and_worker_and_one_ctrl_c_stops_both(tmp_path: Path) -> None:
    database = tmp_path / "serve.sqlite3"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "sinergi.settings.local",
        "DATABASE_URL": f"sqlite:///{database}",
        "SINERGI_VAR_DIR": str(tmp_path),
    }
    env.pop("SINERGI_SITE_URL", None)
    sinergi = [sys.executable, "-m", "sinergi"]
    subprocess.run([*sinergi, "migrate", "--no-input", "-v", "0"], env=env, check=True, cwd=tmp_path)  # noqa: S603

    serve = subprocess.Popen(  # noqa: S603
        [*sinergi, "serve", f"127.0.0.1:{SERVE_PORT}", "--noreload"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:

        def heartbeats() -> list[tuple[str]]:
            with sqlite3.connect(database) as db:
                return db.execute("SELECT worker_id FROM core_workerheartbeat").fetchall()

        assert _wait_for(lambda: _get(f"http://127.0.0.1:{SERVE_PORT}/healthz") == 200, 60), "server never answered"
        assert _wait_for(lambda: len(heartbeats()) == 1, 30), "the worker never beat"

        serve.send_signal(signal.SIGINT)  # Ctrl-C
        output, _ = serve.communicate(timeout=40)
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()
    assert serve.returncode == 0, output
    assert f"http://127.0.0.1:{SERVE_PORT}" in output  # the site URL e-mails will use
    with pytest.raises(urllib.error.URLError):
        _get(f"http://127.0.0.1:{SERVE_PORT}/healthz")  # the server is gone
    assert heartbeats() == []  # and the worker stopped cleanly, removing its heartbeat
