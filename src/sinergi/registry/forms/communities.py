"""Forms of a community: its profile, leaders, invitations, members and activities."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import Organisation, OrganisationKind, User
from sinergi.classification.models import Subsector
from sinergi.classification.selectors import current_subsectors
from sinergi.core import bounds
from sinergi.wilayah.models import Wilayah
from sinergi.wilayah.selectors import kecamatan_list

from .. import selectors
from ..models import Actor, Community, CommunityRole, Status
from .fields import TEXTAREA


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
        self.fields["focus_subsectors"].queryset = current_subsectors()  # type: ignore[attr-defined]
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

    def __init__(self, *args: Any, community: Community | None = None, search: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        candidates = Actor.objects.exclude(status=Status.ARCHIVED)
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
    place = actor.kelurahan.parent.name if actor.kelurahan and actor.kelurahan.parent else ""
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
