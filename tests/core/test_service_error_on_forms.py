"""`core.forms.apply_service_error`: every message of a service's error reaches the form, on its field
when the form has it (directly or through `aliases`), above the form otherwise."""

from __future__ import annotations

from django import forms

from sinergi.core.errors import ServiceError
from sinergi.core.forms import apply_service_error


class _Form(forms.Form):
    name = forms.CharField()
    q_motivasi = forms.CharField(required=False)


def _bound() -> _Form:
    form = _Form({"name": "x"})
    assert form.is_valid()
    return form


def test_non_field_messages_go_above_the_form_and_none_is_lost() -> None:
    form = _bound()
    exc = ServiceError(
        "Profil belum memenuhi syarat.",
        field_errors={"__all__": ["Subsektor tidak termasuk.", "Skala tidak termasuk."], "name": ["Terlalu pendek."]},
    )
    apply_service_error(form, exc)
    assert form.errors["name"] == ["Terlalu pendek."]
    assert form.non_field_errors() == ["Subsektor tidak termasuk.", "Skala tidak termasuk."]


def test_a_field_the_form_lacks_shows_above_with_the_services_message() -> None:
    form = _bound()
    apply_service_error(form, ServiceError("Data belum benar.", field_errors={"questions": ["Pertanyaan 2 kosong."]}))
    assert form.non_field_errors() == ["Data belum benar.", "Pertanyaan 2 kosong."]


def test_aliases_place_a_message_on_the_forms_own_field() -> None:
    form = _bound()
    apply_service_error(
        form,
        ServiceError("Ada jawaban yang belum benar.", field_errors={"motivasi": ["Wajib diisi."]}),
        aliases={"motivasi": "q_motivasi"},
    )
    assert form.errors["q_motivasi"] == ["Wajib diisi."]
    assert form.non_field_errors() == []


def test_an_error_without_fields_shows_its_message_once() -> None:
    form = _bound()
    apply_service_error(form, ServiceError("Pendaftaran ditutup.", field_errors={"__all__": ["Pendaftaran ditutup."]}))
    assert form.non_field_errors() == ["Pendaftaran ditutup."]
