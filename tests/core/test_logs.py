"""Log lines: ISO time with its offset, level, logger, request id, person, client and task
(core/logs.py), as text or JSON, and the request id echoed to the client."""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from sinergi.core import logs
from sinergi.core.supervisor import SupervisedWorker
from tests.core.test_production_guards import production, run
from tests.factories import UserFactory

ISO_UTC = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00"
GENERATED_ID = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """What the configured console handler would write, captured: the settings' formatter and filter."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    config = django_settings.LOGGING
    handler.setFormatter(_build(config["formatters"]["sinergi"]))
    handler.addFilter(_build(config["filters"]["context"]))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def _build(spec: dict[str, Any]) -> Any:
    return spec["()"]()


def _line(stream: io.StringIO, needle: str) -> str:
    lines = [line for line in stream.getvalue().splitlines() if needle in line]
    assert lines, stream.getvalue()
    return lines[-1]


@pytest.mark.django_db
def test_a_request_line_names_time_level_logger_request_person_and_client(
    settings: Any, log_lines: io.StringIO
) -> None:
    settings.SINERGI_TRUSTED_PROXY_HEADER = "X-Real-IP"
    user = UserFactory()
    client = Client()
    client.force_login(user)
    response = client.get(
        "/tidak-ada-halaman-ini/", headers={"X-Real-IP": "203.0.113.9", "X-Request-ID": "nginx-5f2a9c01d3"}
    )
    assert response.status_code == 404
    assert response["X-Request-ID"] == "nginx-5f2a9c01d3"
    line = _line(log_lines, "Not Found: /tidak-ada-halaman-ini/")
    assert re.fullmatch(
        ISO_UTC + rf" WARNING django.request \[req=nginx-5f2a9c01d3 user={user.pk} client=203.0.113.9\] "
        r"Not Found: /tidak-ada-halaman-ini/",
        line,
    ), line


@pytest.mark.django_db
def test_without_a_trusted_proxy_the_request_id_is_generated_and_echoed(settings: Any, client: Client) -> None:
    settings.SINERGI_TRUSTED_PROXY_HEADER = ""
    response = client.get("/healthz", headers={"X-Request-ID": "chosen-by-the-client"})
    assert response["X-Request-ID"] != "chosen-by-the-client"
    assert GENERATED_ID.fullmatch(response["X-Request-ID"])
    assert client.get("/healthz")["X-Request-ID"] != response["X-Request-ID"]


@pytest.mark.django_db
@pytest.mark.parametrize("forged", ["short", "x" * 129, "abc def ghi jkl", "abcdefgh\n2026 ERROR forged"])
def test_a_request_id_that_is_no_id_is_replaced(settings: Any, client: Client, forged: str) -> None:
    settings.SINERGI_TRUSTED_PROXY_HEADER = "X-Real-IP"
    response = client.get("/healthz", headers={"X-Request-ID": forged})
    assert GENERATED_ID.fullmatch(response["X-Request-ID"])


@pytest.mark.django_db
def test_json_lines_carry_the_same_context(settings: Any) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter())
    handler.addFilter(logs.ContextFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    settings.SINERGI_TRUSTED_PROXY_HEADER = "X-Real-IP"
    try:
        response = Client().get("/tidak-ada/", headers={"X-Real-IP": "198.51.100.4"})
        try:
            raise RuntimeError("rusak")
        except RuntimeError:
            logging.getLogger("sinergi.test").exception("gagal menyimpan")
    finally:
        root.removeHandler(handler)
    records = [json.loads(line) for line in stream.getvalue().splitlines()]
    not_found = next(r for r in records if r["message"] == "Not Found: /tidak-ada/")
    assert re.fullmatch(ISO_UTC, not_found["time"])
    assert not_found["level"] == "WARNING"
    assert not_found["logger"] == "django.request"
    assert not_found["request_id"] == response["X-Request-ID"]
    assert not_found["client"] == "198.51.100.4"
    assert not_found["user_id"] is None
    assert not_found["task_id"] is None
    failed = next(r for r in records if r["message"] == "gagal menyimpan")
    assert failed["request_id"] is None  # outside the request: nothing left over from it
    assert "RuntimeError: rusak" in failed["exception"]


def test_the_environment_chooses_json_lines(tmp_path: Path) -> None:
    env = production(tmp_path, SINERGI_LOG_FORMAT="json")
    result = run("import logging; logging.getLogger('sinergi.x').warning('disk hampir penuh')", env)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stderr.strip().splitlines()[-1])
    assert record["message"] == "disk hampir penuh"
    assert record["level"] == "WARNING"
    assert re.fullmatch(ISO_UTC, record["time"])


def test_the_default_text_lines_have_time_level_and_logger(tmp_path: Path) -> None:
    result = run("import logging; logging.getLogger('sinergi.x').warning('disk hampir penuh')", production(tmp_path))
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(ISO_UTC + " WARNING sinergi.x disk hampir penuh", result.stderr.strip().splitlines()[-1])


def test_an_unknown_log_format_stops_the_start(tmp_path: Path) -> None:
    result = run("print('started')", production(tmp_path, SINERGI_LOG_FORMAT="xml"))
    assert result.returncode != 0
    assert "SINERGI_LOG_FORMAT: 'xml'" in result.stderr


@task()
def noisy_task(word: str) -> str:
    logging.getLogger("sinergi.test.task").warning("mengerjakan %s", word)
    return word


@pytest.mark.django_db
def test_the_worker_names_the_task_on_its_lines(settings: Any, log_lines: io.StringIO) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    result = noisy_task.enqueue("laporan")
    worker = SupervisedWorker(
        queue_names=["*"],
        interval=0.1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    worker.run_task(DBTaskResult.objects.get(id=result.id))
    line = _line(log_lines, "mengerjakan laporan")
    assert re.fullmatch(ISO_UTC + rf" WARNING sinergi.test.task \[task={result.id}\] mengerjakan laporan", line), line


def test_gunicorn_lines_use_the_same_format_and_name_the_client(tmp_path: Path) -> None:
    """The web unit's own command line (deploy/systemd/sinergi-web.service), with the checkout's
    config file: gunicorn's error and access lines carry ISO UTC times and the proxied client."""
    import configparser
    import shlex
    import subprocess
    import sys
    import time
    import urllib.request

    root = Path(__file__).resolve().parents[2]
    unit = configparser.ConfigParser(interpolation=None, strict=False)
    unit.read(root / "deploy/systemd/sinergi-web.service")
    _, *args = shlex.split(unit["Service"]["ExecStart"])
    args = [arg.replace("/srv/sinergi/app/", f"{root}/") for arg in args]
    args[args.index("--workers") + 1] = "1"
    args[args.index("--bind") + 1] = "127.0.0.1:8451"
    env = production(tmp_path, SINERGI_TRUSTED_PROXY_HEADER="X-Real-IP", SINERGI_ALLOWED_HOSTS="127.0.0.1")
    out = tmp_path / "gunicorn.log"
    with out.open("wb") as sink:
        proc = subprocess.Popen(  # noqa: S603 -- our own interpreter and the unit's arguments
            [sys.executable, "-m", "gunicorn", *args], env=env, cwd=root, stdout=sink, stderr=subprocess.STDOUT
        )
        try:
            request = urllib.request.Request("http://127.0.0.1:8451/healthz", headers={"X-Real-IP": "203.0.113.77"})
            for _ in range(200):
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                        request_id = response.headers["X-Request-ID"]
                    break
                except urllib.error.HTTPError as exc:  # 503: no cache table here; still answered
                    request_id = exc.headers["X-Request-ID"]
                    break
                except (ConnectionError, urllib.error.URLError):
                    time.sleep(0.1)
            else:
                pytest.fail(out.read_text())
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    lines = out.read_text().splitlines()
    booting = next(line for line in lines if "Booting worker" in line)
    assert re.match(ISO_UTC + r" INFO gunicorn.error Booting worker", booting), booting
    access = next(line for line in lines if "GET /healthz" in line)
    expected = ISO_UTC + r" INFO gunicorn.access (\[[^]]*\] )?203.0.113.77 \"GET /healthz HTTP/1.1\" 503 "
    assert re.match(expected, access), access
    assert access.endswith(f"req={request_id}"), access
