from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sinergi.core"
    label = "core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        from django.core.signals import request_finished

        from . import checks, logs  # noqa: F401 -- checks registers the deployment checks

        # A request's log context lasts until its response is closed (Django logs 4xx/5xx after the
        # middleware returned), then nothing of it is left for the next lines of the thread.
        request_finished.connect(logs.clear_request_context, dispatch_uid="sinergi.core.logs")

        # Each app's navigation.py registers its pages in the work menu (core/navigation.py) and its
        # cards on the dashboard (core/dashboard.py).
        autodiscover_modules("navigation")
