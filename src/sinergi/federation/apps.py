from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "sinergi.federation"
    label = "federation"
    verbose_name = _("Federasi: katalog kab/kota")

    def ready(self) -> None:
        from . import rules  # noqa: F401  registers the named permissions
