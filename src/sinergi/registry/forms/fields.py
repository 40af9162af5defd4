"""Fields and helpers shared by the registry's forms: identifiers, kelurahan, KBLI codes."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sinergi.classification.models import KbliCode
from sinergi.classification.selectors import kbli_get
from sinergi.wilayah.models import Wilayah
from sinergi.wilayah.selectors import kelurahan_by_code, kelurahan_list

from .. import identifiers
from ..models import Actor, Status

TEXTAREA = forms.Textarea(attrs={"rows": 4, "wide": True})


def money(value: str) -> Decimal | None:
    """Rupiah typed in a form (registry.identifiers.clean_money); empty → None, a refusal on the field."""
    if not value.strip():
        return None
    try:
        return identifiers.clean_money(value.strip())
    except ValueError as exc:
        raise forms.ValidationError(str(exc)) from exc


def identifier(cleaner: Callable[[str], str], value: str) -> str:
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
            kec = kel.parent.name if kel.parent_id else ""  # type: ignore[union-attr]
            groups.setdefault(f"Kecamatan {kec}", []).append((kel.code, f"{kel.name} (Kec. {kec})"))
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
        return value.code if isinstance(value, Wilayah) else value


def kbli_codes(text: str) -> list[str]:
    return [c for c in re.split(r"[\s,;]+", text.strip()) if c]


def kbli_lookup(code: str) -> KbliCode:
    try:
        code = identifiers.clean_kbli_format(code)
    except ValueError as exc:
        raise forms.ValidationError(str(exc)) from exc
    found = kbli_get(code)
    if found is None:
        raise forms.ValidationError(_("KBLI %(code)s tidak ada di KBLI 2020."), params={"code": code})
    return found


def actor_by_slug(value: str) -> Actor:
    """The actor a slug or profile URL names (not archived), else a validation error on the field."""
    slug = value.strip().rstrip("/").rsplit("/", 1)[-1]
    actor = Actor.objects.filter(slug=slug).exclude(status=Status.ARCHIVED).first()
    if actor is None:
        raise forms.ValidationError(_("Profil '%(slug)s' tidak ditemukan."), params={"slug": slug})
    return actor
