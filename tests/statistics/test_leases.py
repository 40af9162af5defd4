"""A statistics run whose worker died (issue 10 §4): failed with a message, run again from its page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from django.utils.html import escape

from sinergi.core import leases
from sinergi.core.errors import Conflict, NotAllowed
from sinergi.statistics import services
from sinergi.statistics.models import Run, RunStatus
from tests.factories import UserFactory

from .helpers import analyst, ratio_run

pytestmark = pytest.mark.django_db


def _stuck_running(run: Run, *, beat_seconds_ago: float) -> None:
    Run.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING, heartbeat_at=timezone.now() - timedelta(seconds=beat_seconds_ago)
    )


def test_a_run_whose_worker_died_is_failed_and_run_again(client: Any, django_capture_on_commit_callbacks: Any) -> None:
    person = analyst()
    run = ratio_run(person, execute=False)
    _stuck_running(run, beat_seconds_ago=leases.lease_seconds() + 5)
    assert leases.reap() == {"statistics.Run": 1}
    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert run.interrupted
    assert run.can_retry
    assert "proses latar belakang berhenti" in run.error_summary
    client.force_login(person)
    page = client.get(f"/statistik/kelola/proses/{run.pk}/").content.decode()
    assert escape(run.error_summary) in page
    assert 'data-testid="run-retry"' in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/statistik/kelola/proses/{run.pk}/ulangi/").status_code == 302
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED
    assert not run.interrupted
    assert run.result


def test_a_running_run_with_a_live_lease_is_left_alone() -> None:
    run = ratio_run(analyst(), execute=False)
    _stuck_running(run, beat_seconds_ago=1)
    assert leases.reap() == {}
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING


def test_only_an_interrupted_run_is_retried_and_only_by_an_analyst() -> None:
    person = analyst()
    done = ratio_run(person)
    assert done.status == RunStatus.SUCCEEDED
    with pytest.raises(Conflict):
        services.run_retry(by=person, run=done)
    stuck = ratio_run(person, execute=False)
    _stuck_running(stuck, beat_seconds_ago=leases.lease_seconds() + 1)
    leases.reap()
    stuck.refresh_from_db()
    with pytest.raises(NotAllowed):
        services.run_retry(by=UserFactory(), run=stuck)


# ---------------------------------------------------------------- datasets checked by the worker
def _validating_dataset(person: Any, django_capture_on_commit_callbacks: Any) -> Any:
    """A dataset uploaded and queued for checking, the worker not yet run."""
    from django.core.files.base import ContentFile

    from sinergi.statistics.models import Dataset

    from .helpers import REGION, example

    with django_capture_on_commit_callbacks(execute=False):
        services.dataset_upload(
            by=person,
            kind="pdrb",
            name="PDRB uji",
            region_code=REGION[0],
            region_name=REGION[1],
            upload=ContentFile(example("pdrb.csv"), name="pdrb.csv"),
        )
    return Dataset.objects.get()


def test_a_dataset_whose_checking_worker_died_is_failed_and_checked_again(
    client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from sinergi.statistics.models import Dataset, DatasetStatus

    person = analyst()
    dataset = _validating_dataset(person, django_capture_on_commit_callbacks)
    # Queued, never started by a worker: however old, it is waiting, not dead.
    Dataset.objects.filter(pk=dataset.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    assert leases.reap() == {}
    # A worker started on it (stamped its lease) and died.
    Dataset.objects.filter(pk=dataset.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=leases.lease_seconds() + 5)
    )
    assert leases.reap() == {"statistics.Dataset": 1}
    dataset.refresh_from_db()
    assert dataset.status == DatasetStatus.INVALID
    assert dataset.interrupted
    assert "proses latar belakang berhenti" in dataset.issues[0]["message"]
    client.force_login(person)
    page = client.get(f"/statistik/kelola/dataset/{dataset.pk}/").content.decode()
    assert 'data-testid="dataset-retry"' in page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/statistik/kelola/dataset/{dataset.pk}/periksa-lagi/").status_code == 302
    dataset.refresh_from_db()
    assert dataset.status == DatasetStatus.VALID
    assert not dataset.interrupted
    assert not dataset.issues


def test_only_an_interrupted_dataset_is_checked_again(django_capture_on_commit_callbacks: Any) -> None:
    from sinergi.statistics.models import Dataset

    person = analyst()
    dataset = _validating_dataset(person, django_capture_on_commit_callbacks)
    with pytest.raises(Conflict):
        services.dataset_retry(by=person, dataset=dataset)
    Dataset.objects.filter(pk=dataset.pk).update(interrupted=True, status="invalid")
    dataset.refresh_from_db()
    with pytest.raises(NotAllowed):
        services.dataset_retry(by=UserFactory(), dataset=dataset)
