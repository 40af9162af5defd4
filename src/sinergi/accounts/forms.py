from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


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

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("Kedua kata sandi tidak sama."))
        return data


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Bahasa"), choices=[("id", "Bahasa Indonesia"), ("en", "English")])
