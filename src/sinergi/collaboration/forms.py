"""Forms of collaboration pages: parse and validate input; services do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import Organisation, User
from sinergi.accounts.predicates import memberships_of
from sinergi.accounts.typing import AnyUser
from sinergi.classification.models import Subsector
from sinergi.classification.selectors import current_subsectors
from sinergi.core import bounds
from sinergi.core.widgets import FastSelect
from sinergi.wilayah.models import Wilayah

from .models import INITIATIVE_FIELDS, Initiative, Phase, PledgeKind, ProposerType, Stance
from .rules import ORGANISATION_ACTING_ROLES


def acting_organisations(user: AnyUser | None) -> QuerySet[Organisation]:
    """The organisations `user` may act for (none for a visitor, or for no one: `user` None)."""
    if user is None:
        return Organisation.objects.none()
    ids = [org_id for org_id, _kind, role in memberships_of(user) if role in ORGANISATION_ACTING_ROLES]
    return Organisation.objects.filter(pk__in=ids, is_active=True).order_by("name")


def kecamatan_choices() -> Any:
    return Wilayah.objects.filter(level="kecamatan").order_by("name")


OPTIONS_TTL = 600  # reference data changes only when it is reloaded; ten minutes is fresh enough


def filter_options() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(subsector code, name) and (kecamatan kode, name) for the list filters, cached: two fewer
    queries on every list request."""

    def build() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        subsectors = [(s.code, s.name) for s in current_subsectors().only("code", "name_id", "name_en")]
        kecamatan = [(str(code), str(name)) for code, name in kecamatan_choices().values_list("code", "name")]
        return subsectors, kecamatan

    options = cache.get_or_set(f"collab:filter-options:v2:{get_language()}", build, OPTIONS_TTL)
    return options if options is not None else build()


class InitiativeForm(forms.ModelForm):  # type: ignore[type-arg]  # ModelForm is not subscriptable at run time
    proposer_organisation = forms.ModelChoiceField(
        label=_("Diusulkan atas nama"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Saya pribadi"),
    )
    subsectors = forms.ModelMultipleChoiceField(
        label=_("Subsektor"), queryset=Subsector.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    coauthor_emails = forms.CharField(
        label=_("Pengusul bersama (e-mail, dipisah koma)"),
        required=False,
        help_text=_("Orang yang sudah terdaftar di Sinergi."),
    )
    attachment = forms.FileField(label=_("Lampiran (PDF/JPG/PNG, maks. 10 MB)"), required=False)

    class Meta:
        model = Initiative
        fields = list(INITIATIVE_FIELDS)
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 5}),
            "goal": forms.Textarea(attrs={"rows": 4}),
            "beneficiaries": forms.Textarea(attrs={"rows": 3}),
            "resources_needed": forms.Textarea(attrs={"rows": 3}),
            "timeline": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"problem": _("Boleh memakai Markdown sederhana.")}

    def __init__(self, *args: Any, user: AnyUser | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposer_organisation"].queryset = acting_organisations(user)  # type: ignore[attr-defined]
        self.fields["subsectors"].queryset = current_subsectors()  # type: ignore[attr-defined]
        self.fields["kecamatan"].queryset = kecamatan_choices()  # type: ignore[attr-defined]
        if self.instance.pk:
            del self.fields["proposer_organisation"]
            self.initial["subsectors"] = list(self.instance.subsectors.all())
            self.initial["coauthor_emails"] = ", ".join(u.email for u in self.instance.coauthors.all())

    def clean_coauthor_emails(self) -> list[User]:
        raw = self.cleaned_data.get("coauthor_emails") or ""
        emails = [e.strip().lower() for e in raw.replace(";", ",").split(",") if e.strip()]
        users = list(User.objects.filter(email__in=emails, is_active=True))
        missing = sorted(set(emails) - {u.email for u in users})
        if missing:
            raise forms.ValidationError(_("Belum terdaftar: %(emails)s"), params={"emails": ", ".join(missing)})
        return users


class FilterForm(forms.Form):
    # FastSelect: the list is a hot public page (core/widgets.py).
    q = forms.CharField(label=_("Cari"), required=False, max_length=100)
    phase = forms.ChoiceField(label=_("Tahap"), required=False, widget=FastSelect)
    subsector = forms.ChoiceField(label=_("Subsektor"), required=False, widget=FastSelect)
    kecamatan = forms.ChoiceField(label=_("Kecamatan"), required=False, widget=FastSelect)
    proposer_type = forms.ChoiceField(
        label=_("Pengusul"), required=False, choices=[("", _("Semua")), *ProposerType.choices], widget=FastSelect
    )
    helix = forms.ChoiceField(label=_("Heliks yang terlibat"), required=False, widget=FastSelect)
    sort = forms.ChoiceField(
        label=_("Urutan"),
        required=False,
        widget=FastSelect,
        choices=[("baru", _("Terbaru")), ("dukungan", _("Dukungan terbanyak")), ("judul", _("Judul"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from sinergi.accounts.models import Helix

        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [("", _("Semua"))] + [  # type: ignore[attr-defined]
            (p.value, p.label) for p in Phase if p not in {Phase.DRAFT, Phase.SUBMITTED}
        ]
        subsectors, kecamatan = filter_options()
        self.fields["subsector"].choices = [("", _("Semua")), *subsectors]  # type: ignore[attr-defined]
        self.fields["kecamatan"].choices = [("", _("Semua")), *kecamatan]  # type: ignore[attr-defined]
        self.fields["helix"].choices = [("", _("Semua")), *Helix.choices]  # type: ignore[attr-defined]


class OpenForSupportForm(forms.Form):
    threshold = forms.IntegerField(label=_("Ambang dukungan"), min_value=1, initial=100)
    deadline = forms.DateField(label=_("Batas waktu"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Keputusan"), choices=[("accept", _("Terima")), ("reject", _("Tolak"))])
    answer = forms.CharField(label=_("Jawaban resmi (dengan alasan)"), widget=forms.Textarea(attrs={"rows": 5}))
    grounds = forms.CharField(
        label=_("Dasar keputusan (rapat, regulasi, kajian)"), widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.FileField(label=_("Notulen (PDF/JPG/PNG)"), required=False)


class OfflineSupportForm(forms.Form):
    count = forms.IntegerField(label=_("Jumlah dukungan"), min_value=1, max_value=100_000)
    source = forms.CharField(label=_("Sumber (pertemuan, tempat)"), max_length=300)
    collected_on = forms.DateField(label=_("Tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class EndorseForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisasi"), queryset=Organisation.objects.none())
    statement = forms.CharField(label=_("Pernyataan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: AnyUser | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = acting_organisations(user)  # type: ignore[attr-defined]


class PledgeForm(EndorseForm):
    kind = forms.ChoiceField(label=_("Jenis sumbangan"), choices=PledgeKind.choices)
    description = forms.CharField(label=_("Uraian"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    amount = forms.DecimalField(
        label=_("Nilai (Rp, bila ada)"), required=False, decimal_places=0, validators=[bounds.MoneyValidator()]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["statement"]


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Komentar"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    stance = forms.ChoiceField(label=_("Sikap"), choices=Stance.choices, initial=Stance.NEUTRAL)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Tonggak"), max_length=200)
    due_date = forms.DateField(
        label=_("Target tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label=_("Kemajuan (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Catatan kemajuan"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ResultForm(forms.Form):
    title = forms.CharField(label=_("Hasil"), max_length=200)
    description = forms.CharField(label=_("Uraian"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    evidence = forms.FileField(label=_("Bukti (PDF/JPG/PNG)"), required=False)
    evidence_url = forms.URLField(label=_("atau tautan bukti"), required=False, assume_scheme="https")
