from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sinergi.accounts"
    label = "accounts"
    verbose_name = _("Akun dan organisasi")

    def ready(self) -> None:
        from . import sessions  # noqa: F401 -- connects the sign-in time receiver
