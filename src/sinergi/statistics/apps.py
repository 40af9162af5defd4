from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "sinergi.statistics"
    label = "statistics"
    verbose_name = _("Statistik PDRB Ekraf")

    def ready(self) -> None:
        from . import rules  # noqa: F401  registers the named permissions
