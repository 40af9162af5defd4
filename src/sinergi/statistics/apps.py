from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "sinergi.statistics"
    label = "statistics"
    verbose_name = _("Statistik PDRB Ekraf")

    def ready(self) -> None:
        from sinergi.core import leases, metrics

        from . import rules  # noqa: F401  registers the named permissions
        from .cache import connect_signals
        from .models import Dataset, DatasetStatus, Run, RunStatus
        from .services import datasets_fail_interrupted, runs_fail_interrupted

        connect_signals()  # cache invalidation only (see statistics/cache.py)
        leases.register(
            leases.LeasedWork(
                name="statistics.Run", model=Run, running=(RunStatus.RUNNING,), fail=runs_fail_interrupted
            )
        )
        leases.register(
            leases.LeasedWork(
                name="statistics.Dataset",
                model=Dataset,
                running=(DatasetStatus.VALIDATING,),
                fail=datasets_fail_interrupted,
                stamped_only=True,
            )
        )
        metrics.register_figure(
            metrics.Figure(
                name="sinergi_statistics_publications",
                documentation="Statistics publications by status",
                labels=("status",),
                read=_publications_by_status,
            )
        )


def _publications_by_status() -> list[tuple[tuple[str, ...], float]]:
    from django.db.models import Count

    from .models import Publication

    rows = Publication.objects.order_by().values_list("status").annotate(n=Count("id"))
    return [((status,), float(n)) for status, n in rows]
