"""Forms of an actor's profile: the profile itself, yearly figures, certifications, links, contacts."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.classification.models import KbliCode
from sinergi.core import bounds, phones

from .. import identifiers
from ..models import Actor, ActorKind, CertificationKind, LegalForm, LinkKind, Product
from .fields import TEXTAREA, KelurahanField, identifier, kbli_codes, kbli_lookup, money


class ActorForm(forms.Form):
    """Identity, KBLI, address and workers of a profile (sections in the template)."""

    name = forms.CharField(label=_("Nama usaha atau pelaku"), max_length=200)
    kind = forms.ChoiceField(label=_("Jenis pelaku"), choices=ActorKind.choices, initial=ActorKind.BUSINESS)
    legal_form = forms.ChoiceField(label=_("Bentuk usaha"), choices=LegalForm.choices, initial=LegalForm.PERORANGAN)
    nib = forms.CharField(
        label=_("NIB"),
        required=False,
        max_length=20,
        help_text=_("Nomor Induk Berusaha dari OSS, 13 angka. Kosongkan bila belum punya."),
    )
    npwp = forms.CharField(
        label=_("NPWP"),
        required=False,
        max_length=25,
        help_text=_("16 angka (NPWP lama 15 angka akan ditambah 0 di depan)."),
    )
    founded_year = forms.IntegerField(
        label=_("Tahun berdiri"), required=False, validators=bounds.founded_year_validators()
    )
    kbli_primary = forms.CharField(
        label=_("KBLI utama"),
        required=False,
        max_length=5,
        help_text=_("Kode 5 angka KBLI 2020; ketik kode atau kata kunci untuk mencari."),
    )
    kbli_others = forms.CharField(
        label=_("KBLI lain"),
        required=False,
        max_length=300,
        help_text=_("Kode 5 angka, pisahkan dengan koma atau spasi."),
    )
    address = forms.CharField(label=_("Alamat usaha"), required=False, max_length=300)
    kelurahan = KelurahanField(label=_("Kelurahan"), required=False, help_text=_("Kecamatan mengikuti kelurahan."))
    latitude = forms.DecimalField(
        label=_("Lintang (opsional)"), required=False, min_value=-11, max_value=6, max_digits=9, decimal_places=6
    )
    longitude = forms.DecimalField(
        label=_("Bujur (opsional)"), required=False, min_value=94, max_value=142, max_digits=9, decimal_places=6
    )
    workers_female = forms.IntegerField(
        label=_("Tenaga kerja perempuan"), min_value=0, max_value=bounds.WORKERS_MAX, initial=0
    )
    workers_male = forms.IntegerField(
        label=_("Tenaga kerja laki-laki"), min_value=0, max_value=bounds.WORKERS_MAX, initial=0
    )
    description = forms.CharField(label=_("Deskripsi usaha"), required=False, widget=TEXTAREA)
    business_phone = forms.CharField(
        label=_("Telepon usaha"),
        required=False,
        max_length=30,
        help_text=_("Nomor yang boleh dihubungi pembeli; tampil di profil publik. Kosongkan bila tidak ingin."),
    )
    whatsapp = forms.CharField(
        label=_("WhatsApp usaha"),
        required=False,
        max_length=30,
        help_text=_("Nomor ponsel, misalnya 0812xxxxxxx; tampil di profil publik sebagai tautan obrolan."),
    )

    SECTIONS = (
        (_("Identitas"), ("name", "kind", "legal_form", "nib", "npwp", "founded_year")),
        (_("KBLI 2020"), ("kbli_primary", "kbli_others")),
        (_("Alamat"), ("address", "kelurahan", "latitude", "longitude")),
        (_("Tenaga kerja dan deskripsi"), ("workers_female", "workers_male", "description")),
        (_("Kontak usaha (tampil di profil publik)"), ("business_phone", "whatsapp")),
    )

    @classmethod
    def initial_for(cls, actor: Actor) -> dict[str, Any]:
        data: dict[str, Any] = {
            f: getattr(actor, f)
            for f in (
                "name",
                "kind",
                "legal_form",
                "nib",
                "npwp",
                "founded_year",
                "address",
                "latitude",
                "longitude",
                "workers_female",
                "workers_male",
                "description",
                "business_phone",
                "whatsapp",
            )
        }
        data["kelurahan"] = actor.kelurahan.code if actor.kelurahan_id else ""  # type: ignore[union-attr]
        data["kbli_primary"] = actor.primary_kbli.code if actor.primary_kbli_id else ""  # type: ignore[union-attr]
        data["kbli_others"] = ", ".join(actor.other_kbli.order_by("code").values_list("code", flat=True))
        return data

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(title), [self[name] for name in names]) for title, names in self.SECTIONS]

    def clean_nib(self) -> str:
        return identifier(identifiers.clean_nib, self.cleaned_data["nib"])

    def clean_npwp(self) -> str:
        return identifier(identifiers.clean_npwp, self.cleaned_data["npwp"])

    def clean_business_phone(self) -> str:
        return identifier(identifiers.clean_phone, self.cleaned_data["business_phone"])

    def clean_whatsapp(self) -> str:
        return identifier(phones.clean_whatsapp, self.cleaned_data["whatsapp"])

    def clean_kbli_primary(self) -> KbliCode | None:
        code = self.cleaned_data["kbli_primary"].strip()
        return kbli_lookup(code) if code else None

    def clean_kbli_others(self) -> list[KbliCode]:
        codes = kbli_codes(self.cleaned_data["kbli_others"])
        if len(codes) > 10:
            raise forms.ValidationError(_("Paling banyak 10 KBLI lain."))
        found, errors = [], []
        for code in dict.fromkeys(codes):
            try:
                found.append(kbli_lookup(code))
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not self.errors:
            self.add_error("longitude", _("Isi lintang dan bujur keduanya, atau kosongkan keduanya."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in {"kbli_primary", "kbli_others"}}
        for key in ("workers_female", "workers_male"):
            data[key] = data.get(key) or 0
        return data


class FigureForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), validators=bounds.figures_year_validators())
    capital = forms.CharField(
        label=_("Modal usaha (Rp)"),
        required=False,
        max_length=30,
        help_text=_("Tidak termasuk tanah dan bangunan tempat usaha."),
    )
    sales = forms.CharField(label=_("Omzet setahun (Rp)"), required=False, max_length=30)

    def clean_capital(self) -> Any:
        return money(self.cleaned_data["capital"])

    def clean_sales(self) -> Any:
        return money(self.cleaned_data["sales"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and data.get("capital") is None and data.get("sales") is None:
            raise forms.ValidationError(_("Isi modal, omzet, atau keduanya."))
        return data


class CertificationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis sertifikat"), choices=CertificationKind.choices)
    name = forms.CharField(label=_("Nama sertifikat (untuk jenis lainnya)"), required=False, max_length=120)
    number = forms.CharField(label=_("Nomor"), max_length=60)
    issued_on = forms.DateField(
        label=_("Tanggal terbit"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_until = forms.DateField(
        label=_("Berlaku sampai"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    document = forms.FileField(
        label=_("Dokumen (opsional)"),
        required=False,
        help_text=_("PDF, JPG atau PNG, paling besar 5 MB. Hanya Anda dan petugas yang dapat membukanya."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )
    product = forms.ModelChoiceField(
        label=_("Untuk produk (opsional)"),
        queryset=Product.objects.none(),
        required=False,
        help_text=_("Kosongkan bila sertifikat berlaku untuk usaha."),
    )

    def __init__(self, *args: Any, actor: Actor | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if actor is not None:
            self.fields["product"].queryset = actor.products.filter(is_archived=False)  # type: ignore[attr-defined]


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Jenis tautan"), choices=LinkKind.choices)
    url = forms.URLField(label=_("Alamat (URL)"), max_length=400, assume_scheme="https")


class ContactForm(forms.Form):
    full_name = forms.CharField(label=_("Nama"), max_length=200)
    position = forms.CharField(label=_("Jabatan"), required=False, max_length=100)
    phone = forms.CharField(label=_("Telepon/WhatsApp"), required=False, max_length=25)
    email = forms.EmailField(label=_("E-mail"), required=False)
    nik = forms.CharField(
        label=_("NIK"),
        required=False,
        max_length=25,
        help_text=_("Opsional. Hanya bila diperlukan untuk program pembinaan."),
    )
    home_address = forms.CharField(label=_("Alamat rumah"), required=False, max_length=300)
    legal_basis = forms.ChoiceField(
        label=_("Dasar pemrosesan"),
        choices=[("consent", _("Persetujuan")), ("public_task", _("Tugas pemerintahan"))],
        initial="consent",
    )
    purpose = forms.CharField(
        label=_("Tujuan"), max_length=200, initial=_("Pembinaan dan komunikasi program ekonomi kreatif")
    )
    consent = forms.BooleanField(
        label=_("Narahubung menyetujui data pribadinya diproses untuk tujuan di atas (UU 27/2022)."),
        required=False,
    )

    def clean_nik(self) -> str:
        return identifier(identifiers.clean_nik, self.cleaned_data["nik"])

    def clean_phone(self) -> str:
        return identifier(identifiers.clean_phone, self.cleaned_data["phone"])
