from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class ImportsConfig(AppConfig):
    name = "sinergi.imports"
    label = "imports"
    verbose_name = "Impor dan ekspor"

    def ready(self) -> None:
        # Each app that offers bulk work registers its importers and exporters in its own bulk.py,
        # as the admin discovers admin.py: this app stays below the domain apps.
        autodiscover_modules("bulk")
        from sinergi.core import leases, metrics

        from .models import ImportJob, JobStatus
        from .services import jobs_fail_interrupted

        leases.register(
            leases.LeasedWork(
                name="imports.ImportJob",
                model=ImportJob,
                running=(JobStatus.VALIDATING, JobStatus.COMMITTING),
                fail=jobs_fail_interrupted,
            )
        )
        metrics.register_figure(
            metrics.Figure(
                name="sinergi_import_jobs",
                documentation="Import jobs by status",
                labels=("status",),
                read=_import_jobs_by_status,
            )
        )


def _import_jobs_by_status() -> list[tuple[tuple[str, ...], float]]:
    from django.db.models import Count

    from .models import ImportJob

    rows = ImportJob.objects.order_by().values_list("status").annotate(n=Count("id"))
    return [((status,), float(n)) for status, n in rows]
