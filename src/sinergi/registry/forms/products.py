"""Forms of an actor's products: the product, its photos, the flagship mark."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.classification.models import Subsector
from sinergi.classification.selectors import current_subsectors

from ..models import AppPlatform
from .fields import TEXTAREA, money


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Nama produk"), max_length=200)
    subsector = forms.ModelChoiceField(label=_("Subsektor"), queryset=Subsector.objects.none(), required=False)
    description = forms.CharField(label=_("Deskripsi"), required=False, widget=TEXTAREA)
    price_min = forms.CharField(label=_("Harga terendah (Rp)"), required=False, max_length=20)
    price_max = forms.CharField(label=_("Harga tertinggi (Rp)"), required=False, max_length=20)
    platform = forms.ChoiceField(
        label=_("Platform (aplikasi/game)"), required=False, choices=[("", "—"), *AppPlatform.choices]
    )
    store_url = forms.URLField(label=_("Tautan toko aplikasi"), required=False, max_length=400, assume_scheme="https")
    users_count = forms.IntegerField(label=_("Pengguna/unduhan"), required=False, min_value=0)
    awards = forms.CharField(label=_("Penghargaan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subsector"].queryset = current_subsectors()  # type: ignore[attr-defined]

    def clean_price_min(self) -> Any:
        return money(self.cleaned_data["price_min"])

    def clean_price_max(self) -> Any:
        return money(self.cleaned_data["price_max"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_min", _("Harga terendah harus ≤ harga tertinggi."))
        return data


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Foto produk"),
        help_text=_("JPG, PNG atau WebP. Foto diperkecil otomatis dan data lokasi kamera (EXIF) dihapus."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(label=_("Keterangan foto"), required=False, max_length=200)


class FlagshipForm(forms.Form):
    flagship = forms.BooleanField(label=_("Produk unggulan"), required=False)
    reason = forms.CharField(label=_("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
