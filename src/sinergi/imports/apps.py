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
