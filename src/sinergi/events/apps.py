from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "sinergi.events"
    label = "events"
    verbose_name = _("Acara")

    def ready(self) -> None:
        from .cache import connect_signals

        connect_signals()  # cache invalidation only (see events/cache.py)
