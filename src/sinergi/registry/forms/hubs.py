"""Forms of a creative hub (ruang kreatif) and its residents."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import Organisation

from ..models import Actor, HubProgramme
from .fields import TEXTAREA, KelurahanField, actor_by_slug


class HubForm(forms.Form):
    name = forms.CharField(label=_("Nama ruang kreatif"), max_length=200)
    operator_name = forms.CharField(label=_("Pengelola"), required=False, max_length=200)
    operator = forms.ModelChoiceField(
        label=_("Organisasi pengelola (bila terdaftar)"), queryset=Organisation.objects.none(), required=False
    )
    address = forms.CharField(label=_("Alamat"), required=False, max_length=300)
    kelurahan = KelurahanField(label=_("Kelurahan"), required=False)
    latitude = forms.DecimalField(
        label=_("Lintang (opsional)"), required=False, min_value=-11, max_value=6, max_digits=9, decimal_places=6
    )
    longitude = forms.DecimalField(
        label=_("Bujur (opsional)"), required=False, min_value=94, max_value=142, max_digits=9, decimal_places=6
    )
    capacity = forms.IntegerField(label=_("Kapasitas (orang)"), required=False, min_value=0)
    programmes = forms.MultipleChoiceField(
        label=_("Program yang ditawarkan"),
        choices=HubProgramme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    facilities = forms.CharField(label=_("Fasilitas (satu per baris)"), required=False, widget=TEXTAREA)
    description = forms.CharField(label=_("Deskripsi"), required=False, widget=TEXTAREA)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["operator"].queryset = Organisation.objects.filter(is_active=True)  # type: ignore[attr-defined]


class ResidentForm(forms.Form):
    actor = forms.CharField(label=_("Profil pelaku (slug)"), max_length=220)

    def clean_actor(self) -> Actor:
        return actor_by_slug(self.cleaned_data["actor"])
