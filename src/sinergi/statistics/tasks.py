"""Background work of statistics: takes ids, enqueued on commit, calls a service."""

from __future__ import annotations

from django_tasks import task


@task()
def execute_run(run_id: int) -> str:
    from sinergi.core.leases import Lease

    from .models import Run
    from .services import run_execute

    with Lease(Run, run_id):
        return str(run_execute(run_id=run_id).status)


@task()
def validate_dataset(dataset_id: int) -> str:
    from sinergi.core.leases import Lease

    from .models import Dataset
    from .services import dataset_validate

    with Lease(Dataset, dataset_id):
        return str(dataset_validate(dataset_id=dataset_id).status)
