from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from sinergi.classification.models import KbliMapping

from .models import Dataset, DatasetKind, DatasetStatus, Method, Publication, PublicationStatus


class RegionFields(forms.Form):
    region_code = forms.CharField(label=_("Kode wilayah (Kemendagri)"), max_length=20)
    region_name = forms.CharField(label=_("Nama wilayah persis seperti di kolom region berkas"), max_length=120)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region_code"].initial = settings.SINERGI_REGION_CODE
        self.fields["region_name"].initial = settings.SINERGI_REGION_NAME


class DatasetUploadForm(RegionFields):
    kind = forms.ChoiceField(label=_("Jenis data"), choices=DatasetKind.choices)
    name = forms.CharField(label=_("Nama dataset"), max_length=120, required=False)
    file = forms.FileField(label=_("Berkas (CSV atau XLSX dari templat)"))
    supersedes = forms.ModelChoiceField(
        label=_("Versi baru dari (opsional)"), queryset=Dataset.objects.none(), required=False
    )
    note = forms.CharField(label=_("Catatan"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    field_order = ["kind", "name", "region_code", "region_name", "file", "supersedes", "note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        supersedes = self.fields["supersedes"]
        if isinstance(supersedes, forms.ModelChoiceField):
            supersedes.queryset = Dataset.objects.order_by("-created_at")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("name") and not data.get("supersedes"):
            self.add_error("name", _("Isi nama dataset, atau pilih dataset yang diganti."))
        return data


class RegistryDatasetForm(RegionFields):
    year = forms.IntegerField(label=_("Tahun omzet"), min_value=2000, max_value=2100)


class RunForm(RegionFields):
    method = forms.ChoiceField(label=_("Metode"), choices=Method.choices)
    pdrb = forms.ModelChoiceField(
        label=_("PDRB menurut lapangan usaha"), queryset=Dataset.objects.none(), required=False
    )
    establishments = forms.ModelChoiceField(label=_("Data usaha"), queryset=Dataset.objects.none(), required=False)
    benchmark = forms.ModelChoiceField(label=_("Nilai acuan"), queryset=Dataset.objects.none(), required=False)
    indicator = forms.ModelChoiceField(label=_("Seri indikator"), queryset=Dataset.objects.none(), required=False)
    population = forms.ModelChoiceField(label=_("Penduduk"), queryset=Dataset.objects.none(), required=False)
    levels = forms.ModelChoiceField(label=_("Hasil wilayah lain"), queryset=Dataset.objects.none(), required=False)
    mapping = forms.ModelChoiceField(
        label=_("Pemetaan KBLI→subsektor"), queryset=KbliMapping.objects.all(), required=False
    )
    benchmark_year = forms.IntegerField(
        label=_("Tahun acuan (metode rasio)"), min_value=1990, max_value=2100, required=False
    )
    year = forms.IntegerField(label=_("Tahun survei (metode survei)"), min_value=1990, max_value=2100, required=False)
    allow_creative_only_frame = forms.BooleanField(
        label=_("Izinkan data usaha yang hanya berisi usaha kreatif (mis. direktori) sebagai sumber θ"),
        help_text=_(
            "θ memerlukan usaha non-kreatif setiap lapangan usaha (sensus ekonomi SE2016/SE2026 atau survei). Tanpa"
            " itu θ = 1 dan hasilnya hanya batas atas; publikasi akan memuat peringatan ini."
        ),
        required=False,
    )
    reconcile = forms.BooleanField(
        label=_("Rekonsiliasi kabupaten/kota ke provinsi"),
        help_text=_(
            "Untuk berkas yang memuat satu provinsi dan semua kabupaten/kotanya (kolom region berisi kode Kemendagri,"
            " mis. 64 dan 64.72): nilai kab/kota disesuaikan pro rata agar berjumlah sama dengan provinsi, per"
            " subsektor, tahun dan dasar harga. Tiap wilayah lalu diterbitkan sendiri."
        ),
        required=False,
    )
    subsector_list = forms.ChoiceField(
        label=_("Daftar subsektor"),
        choices=[("17", _("17 subsektor (Kemenparekraf)")), ("16", _("16 subsektor (Bekraf)"))],
    )

    field_order = ["method", "region_code", "region_name"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in DatasetKind.values:
            field = self.fields[kind]
            if isinstance(field, forms.ModelChoiceField):
                field.queryset = Dataset.objects.filter(kind=kind, status=DatasetStatus.VALID).order_by("-created_at")
        self.fields["mapping"].initial = KbliMapping.objects.filter(is_active=True).first()

    def datasets(self) -> dict[str, Dataset]:
        return {k: self.cleaned_data[k] for k in DatasetKind.values if self.cleaned_data.get(k)}


#: The prepare form's choice of a draft for every region of a province run.
ALL_REGIONS = "*"


class PrepareForm(forms.Form):
    region_code = forms.ChoiceField(label=_("Wilayah yang diterbitkan"))
    title = forms.CharField(
        label=_("Judul publikasi"),
        max_length=200,
        required=False,
        help_text=_("Kosongkan untuk judul baku: PDRB Ekonomi Kreatif dan nama wilayah."),
    )
    summary = forms.CharField(label=_("Ringkasan"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    revision_of = forms.ModelChoiceField(
        label=_("Revisi dari publikasi terbit (opsional)"),
        queryset=Publication.objects.filter(status=PublicationStatus.PUBLISHED),
        required=False,
    )
    revision_reason = forms.CharField(
        label=_("Alasan revisi"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, regions: list[tuple[str, str]], **kwargs: Any) -> None:
        """`regions`: (code, name) of what the run can publish (`selectors.run_regions`)."""
        super().__init__(*args, **kwargs)
        field = self.fields["region_code"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [(code, f"{name} ({code})") for code, name in regions]
            if len(regions) > 1:
                field.choices = [(ALL_REGIONS, _("Semua wilayah (satu draf per wilayah)")), *field.choices]
        if len(regions) == 1:
            field.initial = regions[0][0]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("revision_of") and not (data.get("revision_reason") or "").strip():
            self.add_error("revision_reason", _("Alasan revisi wajib diisi."))
        return data


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Komentar"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
