from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "sinergi.notifications"
    label = "notifications"
    verbose_name = _("Pemberitahuan")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        # Each domain app declares the events it emits in its own `notices.py` (types.register).
        autodiscover_modules("notices")
