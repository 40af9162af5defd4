from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import password_validators_help_texts
from django.utils.translation import gettext_lazy as _

from .services import password_problems


class SignUpForm(forms.Form):
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=200)
    email = forms.EmailField(label=_("Alamat e-mail"))
    password = forms.CharField(label=_("Kata sandi"), widget=forms.PasswordInput, strip=False)
    password_again = forms.CharField(label=_("Ulangi kata sandi"), widget=forms.PasswordInput, strip=False)
    consent = forms.BooleanField(
        label=_(
            "Saya setuju data akun saya (nama dan e-mail) diproses untuk layanan Sinergi sesuai UU 27/2022 "
            "tentang Pelindungan Data Pribadi."
        )
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The rules up front (the validators' own words, in the page's language), not after a refusal.
        self.fields["password"].help_text = " ".join(password_validators_help_texts())

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        password = str(data.get("password") or "")
        if password:
            # Said together with a mismatch, not one refusal after the other (the service checks again).
            for problem in password_problems(
                password=password, email=str(data.get("email") or ""), full_name=str(data.get("full_name") or "")
            ):
                self.add_error("password", problem)
        if password and password != data.get("password_again"):
            self.add_error("password_again", _("Kedua kata sandi tidak sama."))
        return data


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Bahasa"), choices=[("id", "Bahasa Indonesia"), ("en", "English")])
