"""Forms of core's own pages, and how a service's error shows on any form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from . import selectors
from .errors import ServiceError


def apply_service_error(form: forms.BaseForm, exc: ServiceError, *, aliases: dict[str, str] | None = None) -> None:
    """Show a service's error inline: on the field it names when the form has it, above the form otherwise."""
    aliases = aliases or {}
    placed = False
    for field, messages in exc.field_errors.items():
        name = aliases.get(field, field)
        for message in messages:
            if name in form.fields:
                form.add_error(name, message)
                placed = True
    if not placed or not exc.field_errors:
        form.add_error(None, exc.message)


class AuditFilterForm(forms.Form):
    """The audit log's filters (GET): who acted, on which object, which action, between which days."""

    orang = forms.CharField(
        label=_("Orang"),
        required=False,
        max_length=200,
        help_text=_("Sebagian nama atau alamat e-mail pelaku."),
    )
    jenis_objek = forms.ChoiceField(label=_("Jenis objek"), required=False)
    id_objek = forms.CharField(label=_("ID objek"), required=False, max_length=64)
    tindakan = forms.ChoiceField(label=_("Tindakan"), required=False)
    dari = forms.DateField(
        label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    sampai = forms.DateField(
        label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["jenis_objek"].choices = [  # type: ignore[attr-defined]
            ("", _("Semua jenis")),
            *((str(ct.pk), f"{ct.name} ({ct.app_label})") for ct in selectors.audit_target_types()),
        ]
        self.fields["tindakan"].choices = [  # type: ignore[attr-defined]
            ("", _("Semua tindakan")),
            *((action, action) for action in selectors.audit_actions()),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("dari"), data.get("sampai")
        if since and until and since > until:
            self.add_error("sampai", _("Tanggal akhir tidak boleh sebelum tanggal awal."))
        if data.get("id_objek") and not data.get("jenis_objek"):
            self.add_error("jenis_objek", _("Pilih jenis objek untuk mencari menurut ID objek."))
        return data

    def filters(self) -> dict[str, Any]:
        """The selector's arguments; call after is_valid()."""
        data = self.cleaned_data
        kind = data.get("jenis_objek")
        return {
            "person": (data.get("orang") or "").strip(),
            "target_type": ContentType.objects.get_for_id(int(kind)) if kind else None,
            "target_id": (data.get("id_objek") or "").strip(),
            "action": data.get("tindakan") or "",
            "since": data.get("dari"),
            "until": data.get("sampai"),
        }

    def described(self) -> dict[str, str]:
        """The filters as given, for the export's own audit entry."""
        return {name: str(value) for name, value in self.cleaned_data.items() if value not in (None, "")}
