from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import types
from .models import Channel, Delivery, Mode

EMAIL_MODES = Mode.choices
OTHER_MODES = [(Mode.IMMEDIATE.value, _("Kirim")), (Mode.OFF.value, _("Tidak"))]


def field_name(kind: str, channel: str) -> str:
    return f"{kind or 'semua'}__{channel}"


class PreferencesForm(forms.Form):
    """One choice per event type × external channel, plus a row for all types."""

    def __init__(self, *args: Any, channels: list[str], current: dict[tuple[str, str], str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[str, Any, Any, list[tuple[str, str]]]] = []
        kinds: list[tuple[str, Any, Any]] = [
            ("", _("Semua jenis (bawaan)"), _("Berlaku bila jenis di bawah diatur 'bawaan'"))
        ]
        kinds += [(t.key, t.label, t.audience) for t in types.registered()]
        for kind, label, audience in kinds:
            cells = []
            for channel in channels:
                choices = list(EMAIL_MODES if channel == Channel.EMAIL else OTHER_MODES)
                if kind:
                    choices = [("", _("Bawaan")), *choices]
                name = field_name(kind, channel)
                default = Mode.IMMEDIATE.value if not kind else ""
                self.fields[name] = forms.ChoiceField(
                    label=f"{label} — {Channel(channel).label}",
                    choices=choices,
                    required=bool(not kind),
                    initial=current.get((kind, channel), default),
                )
                cells.append((channel, name))
            self.rows.append((kind, label, audience, cells))

    def grid(self) -> list[tuple[Any, Any, list[forms.BoundField]]]:
        return [(label, audience, [self[name] for _c, name in cells]) for _k, label, audience, cells in self.rows]

    def changes(self, current: dict[tuple[str, str], str]) -> list[tuple[str, str, str]]:
        """(kind, channel, mode) for each choice that differs from what is stored; '' = back to the default."""
        out = []
        for kind, _label, _audience, cells in self.rows:
            for channel, name in cells:
                value = self.cleaned_data[name]
                if value != current.get((kind, channel), Mode.IMMEDIATE.value if not kind else ""):
                    out.append((kind, channel, value))
        return out


class PhoneForm(forms.Form):
    number = forms.CharField(
        label=_("Nomor WhatsApp"),
        max_length=20,
        help_text=_("Kami kirim kode 6 angka ke nomor ini lewat WhatsApp."),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Kode verifikasi"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


def _workflow_choices() -> list[tuple[str, Any]]:
    return [("", _("Semua")), *((w.key, w.label) for w in types.workflows())]


def _status_choices() -> list[tuple[str, Any]]:
    return [("", _("Semua")), *Delivery.Status.choices]


class DeliveryStatusFilter(forms.Form):
    """The staff status page's filters: one workflow (and one object of it), one delivery status."""

    alur = forms.ChoiceField(label=_("Alur kerja"), required=False, choices=_workflow_choices)
    objek = forms.IntegerField(label=_("Objek"), required=False, min_value=1, widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("Status pengiriman"), required=False, choices=_status_choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("objek") and not data.get("alur"):
            self.add_error("alur", _("Pilih alur kerja objek ini."))
        return data
