"""Forms of the registry office's decisions: reasons and notes, subsectors, fostering, claims, merges."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import Organisation, OrganisationKind
from sinergi.classification.models import Subsector
from sinergi.classification.selectors import current_subsectors

from ..models import Actor


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
        self.fields["subsectors"].queryset = current_subsectors()  # type: ignore[attr-defined]

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
