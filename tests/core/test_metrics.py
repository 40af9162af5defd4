"""/metrics (core/metrics.py): off unless configured, then only for the token or the allowed
addresses; request counts by view, the task queue, failed tasks, imports and publications."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult
from prometheus_client.parser import text_string_to_metric_families

from sinergi.imports.models import ImportJob
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TOKEN = "rahasia-prometheus-" + "x" * 20


def scrape(client: Client, **headers: str) -> dict[str, float]:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}", **headers})
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=")
    values: dict[str, float] = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            labels = ",".join(f'{k}="{v}"' for k, v in sorted(sample.labels.items()))
            values[f"{sample.name}{{{labels}}}" if labels else sample.name] = sample.value
    return values


def test_without_configuration_there_is_no_endpoint(settings: Any, client: Client) -> None:
    settings.SINERGI_METRICS_TOKEN = ""
    settings.SINERGI_METRICS_ALLOWED = []
    assert client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 404


def test_the_token_opens_it_and_nothing_else_does(settings: Any, client: Client) -> None:
    settings.SINERGI_METRICS_TOKEN = TOKEN
    settings.SINERGI_METRICS_ALLOWED = []
    assert client.get("/metrics").status_code == 403
    assert client.get("/metrics", headers={"Authorization": "Bearer salah"}).status_code == 403
    assert client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_allowed_addresses_by_the_trusted_proxy_header(settings: Any, client: Client) -> None:
    settings.SINERGI_METRICS_TOKEN = ""
    settings.SINERGI_METRICS_ALLOWED = ["10.0.0.0/24"]
    settings.SINERGI_TRUSTED_PROXY_HEADER = "X-Real-IP"
    assert client.get("/metrics", headers={"X-Real-IP": "10.0.0.7"}).status_code == 200
    assert client.get("/metrics", headers={"X-Real-IP": "203.0.113.5"}).status_code == 403
    # Behind the proxy the connection comes from 127.0.0.1: that alone opens nothing.
    assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 403


def test_requests_are_counted_by_view_and_status(settings: Any, client: Client) -> None:
    settings.SINERGI_METRICS_TOKEN = TOKEN
    key = 'sinergi_http_requests_total{method="GET",status="200",view="portal:home"}'
    before = scrape(client).get(key, 0.0)
    client.get("/")
    client.get("/")
    after = scrape(client)
    assert after[key] == before + 2
    assert after['sinergi_http_request_duration_seconds_count{view="portal:home"}'] >= 2


@task()
def idle_task() -> None:
    return None


def test_queue_failed_tasks_imports_and_publications_are_read_at_scrape_time(settings: Any, client: Client) -> None:
    settings.SINERGI_METRICS_TOKEN = TOKEN
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    empty = scrape(client)
    assert empty["sinergi_task_queue_depth"] == 0
    assert empty["sinergi_task_queue_oldest_age_seconds"] == 0
    first, _second = idle_task.enqueue(), idle_task.enqueue()
    DBTaskResult.objects.filter(id=first.id).update(enqueued_at=timezone.now() - timedelta(hours=1))
    failed = idle_task.enqueue()
    DBTaskResult.objects.filter(id=failed.id).update(status="FAILED")
    user = UserFactory()
    for status in ("failed", "failed", "committed"):
        ImportJob.objects.create(
            kind="pelaku", original_name="a.csv", file_format="csv", file="a.csv", status=status, created_by=user
        )
    figures = scrape(client)
    assert figures["sinergi_task_queue_depth"] == 2
    assert 3600 <= figures["sinergi_task_queue_oldest_age_seconds"] < 3600 + 600
    assert figures["sinergi_tasks_failed"] == 1
    assert figures['sinergi_import_jobs{status="failed"}'] == 2
    assert figures['sinergi_import_jobs{status="committed"}'] == 1
    assert (
        "sinergi_statistics_publications"
        in client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).content.decode()
    )


def test_several_processes_add_up_in_multiprocess_mode(tmp_path: Path) -> None:
    """What several gunicorn workers do: each counts in its own files, a scrape adds them up."""
    env = {
        **os.environ,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "sinergi.settings.test",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2] / "src"),
    }
    request = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "assert Client().get('/metrics').status_code == 404\n"  # counted, though not configured
    )
    for _ in range(2):
        subprocess.run([sys.executable, "-c", request], env=env, check=True, timeout=120)  # noqa: S603
    show = (
        "import django; django.setup()\n"
        "from sinergi.core.metrics import request_figures\n"
        "print(request_figures().decode())\n"
    )
    text = subprocess.run(  # noqa: S603
        [sys.executable, "-c", show], env=env, check=True, timeout=120, capture_output=True, text=True
    ).stdout
    assert 'sinergi_http_requests_total{method="GET",status="404",view="metrics"} 2.0' in text
