from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "sinergi.registry"
    label = "registry"
    verbose_name = _("Direktori ekraf")

    def ready(self) -> None:
        from .cache import connect_signals

        connect_signals()  # cache invalidation only (see registry/cache.py)
