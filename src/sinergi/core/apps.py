from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sinergi.core"
    label = "core"
    verbose_name = _("Inti")

    def ready(self) -> None:
        from . import checks  # noqa: F401 -- registers the deployment checks

        # Each app's navigation.py registers its pages in the work menu (core/navigation.py).
        autodiscover_modules("navigation")
