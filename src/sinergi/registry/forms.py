"""Forms of the registry workspace: they parse and validate input; services do the writing.

Plain forms (not ModelForms), so that validating never mutates a record before its service runs.
Identifiers go through registry.identifiers, so a page, an import and the API accept the same input.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import Organisation, OrganisationKind, User
from sinergi.classification.models import KbliCode, Subsector
from sinergi.classification.selectors import kbli_get, subsector_list
from sinergi.core import bounds, phones
from sinergi.wilayah.models import Wilayah
from sinergi.wilayah.selectors import kecamatan_list, kelurahan_by_code, kelurahan_list

from . import identifiers, selectors
from .models import (
    Actor,
    ActorKind,
    AppPlatform,
    CertificationKind,
    CommunityRole,
    HubProgramme,
    LegalForm,
    LinkKind,
    Product,
)

TEXTAREA = forms.Textarea(attrs={"rows": 4, "wide": True})


def _identifier(cleaner: Callable[[str], str], value: str) -> str:
    if not value.strip():
        return ""
    try:
        return cleaner(value)
    except ValueError as exc:
        raise forms.ValidationError(str(exc)) from exc


class KelurahanField(forms.ChoiceField):
    """Kelurahan by Kemendagri code, grouped by kecamatan; labels always name the kecamatan (two 'Curug')."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=self._choices_grouped, **kwargs)

    @staticmethod
    def _choices_grouped() -> list[tuple[str, Any]]:
        groups: dict[str, list[tuple[str, str]]] = {}
        for kel in kelurahan_list():
            kec = kel.parent.nama if kel.parent_id else ""  # type: ignore[union-attr]
            groups.setdefault(f"Kecamatan {kec}", []).append((kel.kode, f"{kel.nama} (Kec. {kec})"))
        return [("", _("— pilih kelurahan —")), *groups.items()]

    def valid_value(self, value: Any) -> bool:
        return True  # checked against the table in clean()

    def clean(self, value: Any) -> Wilayah | None:
        code = super().clean(value)
        if not code:
            return None
        kelurahan = kelurahan_by_code(code)
        if kelurahan is None:
            raise forms.ValidationError(_("Kelurahan tidak dikenal; pilih dari daftar."))
        return kelurahan

    def prepare_value(self, value: Any) -> Any:
        return value.kode if isinstance(value, Wilayah) else value


def _kbli_codes(text: str) -> list[str]:
    return [c for c in re.split(r"[\s,;]+", text.strip()) if c]


def _kbli_lookup(code: str) -> KbliCode:
    try:
        code = identifiers.clean_kbli_format(code)
    except ValueError as exc:
        raise forms.ValidationError(str(exc)) from exc
    found = kbli_get(code)
    if found is None:
        raise forms.ValidationError(_("KBLI %(code)s tidak ada di KBLI 2020."), params={"code": code})
    return found


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
        data["kelurahan"] = actor.kelurahan.kode if actor.kelurahan_id else ""  # type: ignore[union-attr]
        data["kbli_primary"] = actor.primary_kbli.kode if actor.primary_kbli_id else ""  # type: ignore[union-attr]
        data["kbli_others"] = ", ".join(actor.other_kbli.order_by("kode").values_list("kode", flat=True))
        return data

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(str(title), [self[name] for name in names]) for title, names in self.SECTIONS]

    def clean_nib(self) -> str:
        return _identifier(identifiers.clean_nib, self.cleaned_data["nib"])

    def clean_npwp(self) -> str:
        return _identifier(identifiers.clean_npwp, self.cleaned_data["npwp"])

    def clean_business_phone(self) -> str:
        return _identifier(identifiers.clean_phone, self.cleaned_data["business_phone"])

    def clean_whatsapp(self) -> str:
        return _identifier(phones.clean_whatsapp, self.cleaned_data["whatsapp"])

    def clean_kbli_primary(self) -> KbliCode | None:
        code = self.cleaned_data["kbli_primary"].strip()
        return _kbli_lookup(code) if code else None

    def clean_kbli_others(self) -> list[KbliCode]:
        codes = _kbli_codes(self.cleaned_data["kbli_others"])
        if len(codes) > 10:
            raise forms.ValidationError(_("Paling banyak 10 KBLI lain."))
        found, errors = [], []
        for code in dict.fromkeys(codes):
            try:
                found.append(_kbli_lookup(code))
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

    def _money(self, name: str) -> Any:
        value = self.cleaned_data[name].strip()
        if not value:
            return None
        try:
            return identifiers.clean_money(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_capital(self) -> Any:
        return self._money("capital")

    def clean_sales(self) -> Any:
        return self._money("sales")

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
        return _identifier(identifiers.clean_nik, self.cleaned_data["nik"])

    def clean_phone(self) -> str:
        return _identifier(identifiers.clean_phone, self.cleaned_data["phone"])


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class NoteForm(forms.Form):
    reason = forms.CharField(
        label=_("Catatan (opsional)"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class EraseForm(forms.Form):
    reason = forms.CharField(
        label=_("Dasar penghapusan"), max_length=300, initial=_("Permintaan penghapusan oleh pemilik data")
    )


class SubsectorOverrideForm(forms.Form):
    subsectors = forms.ModelMultipleChoiceField(
        label=_("Subsektor"),
        queryset=Subsector.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = forms.CharField(
        label=_("Alasan"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    derived = forms.BooleanField(label=_("Kembali ke subsektor turunan KBLI"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subsectors"].queryset = subsector_list()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("derived"):
            if not data.get("subsectors"):
                self.add_error("subsectors", _("Pilih paling sedikit satu subsektor."))
            if not (data.get("reason") or "").strip():
                self.add_error("reason", _("Tuliskan alasan penetapan subsektor."))
        return data


class FosteringForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Dibina oleh"), queryset=Organisation.objects.none(), required=False)
    since = forms.DateField(label=_("Sejak"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            kind=OrganisationKind.OFFICE, is_active=True
        )


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
        self.fields["subsector"].queryset = subsector_list()  # type: ignore[attr-defined]

    def _money(self, name: str) -> Any:
        value = self.cleaned_data[name].strip()
        if not value:
            return None
        try:
            return identifiers.clean_money(value)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_price_min(self) -> Any:
        return self._money("price_min")

    def clean_price_max(self) -> Any:
        return self._money("price_max")

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


class ClaimForm(forms.Form):
    message = forms.CharField(
        label=_("Bukti dan keterangan"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Jelaskan hubungan Anda dengan usaha ini, misalnya NIB, jabatan, atau akun media sosial usaha."),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Setujui")), ("reject", _("Tolak"))])
    reason = forms.CharField(
        label=_("Alasan"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MergeForm(forms.Form):
    keep = forms.ChoiceField(label=_("Profil yang dipertahankan"), choices=[], widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Alasan"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, pair: tuple[Actor, Actor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [(str(a.pk), f"{a.name} ({a.get_status_display()})") for a in pair]  # type: ignore[attr-defined]


def _user_by_email(value: str) -> User | None:
    value = value.strip().lower()
    if not value:
        return None
    user = User.objects.filter(email__iexact=value, is_active=True).first()
    if user is None:
        raise forms.ValidationError(_("Belum ada pengguna dengan e-mail ini; minta ia mendaftar dulu."))
    return user


class CommunityForm(forms.Form):
    name = forms.CharField(label=_("Nama komunitas"), max_length=200)
    description = forms.CharField(label=_("Deskripsi"), required=False, widget=TEXTAREA)
    focus_subsectors = forms.ModelMultipleChoiceField(
        label=_("Subsektor fokus"),
        queryset=Subsector.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    base_kecamatan = forms.ModelChoiceField(label=_("Kecamatan basis"), queryset=Wilayah.objects.none(), required=False)
    founded_year = forms.IntegerField(
        label=_("Tahun berdiri"), required=False, validators=bounds.founded_year_validators()
    )
    fostered_by = forms.ModelChoiceField(label=_("Dibina oleh"), queryset=Organisation.objects.none(), required=False)
    fostered_since = forms.DateField(
        label=_("Dibina sejak"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    leader_email = forms.CharField(
        label=_("E-mail pengurus (opsional)"),
        required=False,
        max_length=254,
        help_text=_("Pengguna ini dapat mengelola anggota komunitas."),
    )

    STAFF_ONLY = ("name", "fostered_by", "fostered_since", "leader_email", "base_kecamatan", "founded_year")

    def __init__(self, *args: Any, staff: bool = True, creating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focus_subsectors"].queryset = subsector_list()  # type: ignore[attr-defined]
        self.fields["base_kecamatan"].queryset = kecamatan_list()  # type: ignore[attr-defined]
        self.fields["fostered_by"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            kind=OrganisationKind.OFFICE, is_active=True
        )
        if not creating:
            del self.fields["leader_email"]
        if not staff:
            for name in self.STAFF_ONLY:
                self.fields.pop(name, None)

    def clean_leader_email(self) -> User | None:
        return _user_by_email(self.cleaned_data["leader_email"])

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"focus_subsectors", "leader_email"}}


class LeaderForm(forms.Form):
    email = forms.CharField(label=_("E-mail pengguna"), max_length=254)

    def clean_email(self) -> User | None:
        user = _user_by_email(self.cleaned_data["email"])
        if user is None:
            raise forms.ValidationError(_("Wajib diisi."))
        return user


class InviteForm(forms.Form):
    """Invite a person (no business needed) by the exact e-mail of their account: people are never
    listed or searched by name, so nobody's account is revealed to a leader who does not know it."""

    email = forms.EmailField(
        label=_("E-mail warga yang diundang"),
        max_length=254,
        help_text=_("Alamat e-mail akun Sinergi orang itu, persis. Ia menerima atau menolak di dasbornya."),
    )
    role = forms.ChoiceField(label=_("Diundang sebagai"), choices=CommunityRole.choices, initial=CommunityRole.MEMBER)

    def clean_email(self) -> User:
        user = selectors.person_to_invite(email=self.cleaned_data["email"])
        if user is None:
            raise forms.ValidationError(_("Belum ada pengguna dengan e-mail ini; minta ia mendaftar dulu."))
        return user


def _actor_by_slug(value: str) -> Actor:
    slug = value.strip().rstrip("/").rsplit("/", 1)[-1]
    actor = Actor.objects.filter(slug=slug).exclude(status="archived").first()
    if actor is None:
        raise forms.ValidationError(_("Profil '%(slug)s' tidak ditemukan."), params={"slug": slug})
    return actor


class MemberForm(forms.Form):
    """Add a member found by name: the search offers matching businesses to pick (never typed slugs)."""

    actor = forms.ModelChoiceField(
        label=_("Pelaku usaha"),
        queryset=Actor.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Cari nama pelaku usaha, lalu pilih salah satu hasilnya."),
            "invalid_choice": _("Pelaku usaha ini tidak dapat dipilih: diarsipkan atau sudah menjadi anggota."),
        },
    )
    role = forms.ChoiceField(label=_("Peran"), choices=CommunityRole.choices, initial=CommunityRole.MEMBER)
    joined_on = forms.DateField(label=_("Bergabung"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, community: Any = None, search: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        candidates = Actor.objects.exclude(status="archived")
        if community is not None:
            candidates = candidates.exclude(community_memberships__community=community)
        if self.is_bound:
            search = search or self.data.get("cari", "")
        posted = str(self.data.get(self.add_prefix("actor"), "")) if self.is_bound else ""
        ids = list(member_candidates(candidates, search).values_list("pk", flat=True))
        if posted.isdigit():
            ids.append(int(posted))
        field: Any = self.fields["actor"]
        # Offered: what the search found (and what was picked); accepted: only a business that may join.
        field.queryset = candidates.filter(pk__in=ids).select_related("kelurahan__parent").order_by("name")
        field.label_from_instance = _member_label
        self.search = search.strip()


def _member_label(actor: Actor) -> str:
    """The business's name and kecamatan, and what choosing it does: invite its owner, or (unclaimed) add it."""
    place = actor.kelurahan.parent.nama if actor.kelurahan and actor.kelurahan.parent else ""
    what = str(
        _("pemiliknya diundang dan perlu menyetujui")
        if actor.owner_id is not None
        else _("belum diklaim: langsung ditambahkan")
    )
    return " · ".join(part for part in (actor.name, place, what) if part)


def member_candidates(candidates: Any, search: str, limit: int = 10) -> Any:
    """Businesses whose name has every word typed (at least two letters), best-known first."""
    words = [w for w in search.split() if w]
    if len(search.strip()) < 2:
        return candidates.none()
    for word in words:
        candidates = candidates.filter(name__icontains=word)
    return candidates.order_by("name")[:limit]


class ActivityForm(forms.Form):
    date = forms.DateField(label=_("Tanggal"), widget=forms.DateInput(attrs={"type": "date"}))
    title = forms.CharField(label=_("Kegiatan"), max_length=200)
    description = forms.CharField(label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


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
        return _actor_by_slug(self.cleaned_data["actor"])
