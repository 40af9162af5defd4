from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollaborationConfig(AppConfig):
    name = "sinergi.collaboration"
    label = "collaboration"
    verbose_name = _("Kolaborasi")

    def ready(self) -> None:
        from .cache import connect_signals

        connect_signals()  # cache invalidation only (see collaboration/cache.py)
