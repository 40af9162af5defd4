"""FastSelect and FastRenderer write exactly what Django's own templates write."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from hypothesis import given, settings
from hypothesis import strategies as st

from sinergi.core.widgets import LABEL_TEMPLATE, FastRenderer, FastSelect

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)


def _both(choices: Any, value: Any, attrs: dict[str, Any] | None = None) -> tuple[str, str]:
    django_html = forms.Select(choices=choices).render("f", value, attrs=attrs)
    fast_html = FastSelect(choices=choices).render("f", value, attrs=attrs)
    return str(django_html), str(fast_html)


def test_plain_choices_with_selection_and_attributes() -> None:
    choices = [("", "Semua"), ("a", "Batik & <Tenun>"), ("b", 'Kuliner "enak"')]
    expected, fast = _both(choices, "a", {"id": "id_f", "data-x": "1<2", "required": True, "disabled": False})
    assert fast == expected
    assert 'value="a" selected' in fast
    assert "&lt;Tenun&gt;" in fast


def test_option_groups() -> None:
    choices = [("", "Semua"), ("Depok", [("1", "Beji"), ("2", "Cinere")]), ("Lain", [("3", "Lainnya")])]
    expected, fast = _both(choices, "2")
    assert fast == expected
    assert "<optgroup" in fast


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(text, text), max_size=6, unique_by=lambda c: c[0]),
    st.one_of(st.none(), text),
    st.dictionaries(st.sampled_from(["id", "class", "title", "data-a"]), st.one_of(text, st.booleans()), max_size=3),
)
def test_same_markup_as_django_for_any_choices(choices: list[tuple[str, str]], value: Any, attrs: Any) -> None:
    expected, fast = _both(choices, value, attrs)
    assert fast == expected


# ---------------------------------------------------------------- FastRenderer: labels and <input>s

DJANGO = DjangoTemplates()
FAST = FastRenderer()


class _Everything(forms.Form):
    required_css_class = "wajib"
    teks = forms.CharField(label="Nama & <alamat>")
    opsional = forms.CharField(label=_("Cari"), required=False, widget=forms.TextInput(attrs={"data-x": '1"2'}))
    tanya = forms.CharField(label="Sudah?", required=False)
    aman = forms.CharField(label=mark_safe("<b>Tebal</b>"), required=False)
    angka = forms.IntegerField(label="Jumlah", initial=3, min_value=0)
    surel = forms.EmailField(label="E-mail", required=False, widget=forms.EmailInput(attrs={"autofocus": True}))
    kata = forms.CharField(label="Sandi", widget=forms.PasswordInput(render_value=True))
    tersembunyi = forms.CharField(widget=forms.HiddenInput, required=False)
    tanggal = forms.DateField(label="Tanggal", widget=forms.DateInput(attrs={"type": "date", "disabled": False}))
    waktu = forms.TimeField(label="Jam", required=False, widget=forms.TimeInput)
    centang = forms.BooleanField(label="Setuju", required=False)
    berkas = forms.FileField(label="Berkas", required=False)
    pilihan = forms.ChoiceField(label="Pilih", choices=[("a", "A")], widget=forms.RadioSelect, required=False)
    telepon = forms.CharField(label="Telepon", required=False, widget=forms.TextInput(attrs={"type": "tel"}))
    url = forms.URLField(label="Situs", required=False, assume_scheme="https")
    warna = forms.CharField(label="Warna", required=False, widget=forms.TextInput(attrs={"type": "color"}))
    cari = forms.CharField(label="Kata kunci", required=False, widget=forms.TextInput(attrs={"type": "search"}))


DATA = {"teks": 'a "b" & <c>', "angka": "7", "kata": "r<4h>", "tanggal": "2026-12-05", "centang": "on",
        "tersembunyi": mark_safe("<i>aman</i>"), "waktu": "10:30"}  # fmt: skip


def _fields(renderer: Any, data: Any, **kwargs: Any) -> list[tuple[str, str, str]]:
    form = _Everything(data, renderer=renderer, **kwargs)
    return [(str(f.label_tag()), str(f), str(f.legend_tag())) for f in form]


@pytest.mark.parametrize("data", [None, DATA])
@pytest.mark.parametrize("kwargs", [{}, {"auto_id": False}, {"label_suffix": ""}, {"prefix": "x"}])
@pytest.mark.parametrize("language", ["id", "en"])
def test_labels_and_inputs_are_written_as_django_writes_them(data: Any, kwargs: Any, language: str) -> None:
    with translation.override(language):
        assert _fields(FAST, data, **kwargs) == _fields(DJANGO, data, **kwargs)


def test_the_settings_use_it_and_forms_still_render() -> None:
    form = _Everything(DATA)
    assert isinstance(form.renderer, FastRenderer)
    html = str(form)  # the form's own template (div.html) is still Django's
    assert str(_Everything(DATA, renderer=DJANGO)) == html
    assert '<label for="id_teks" class="wajib">Nama &amp; &lt;alamat&gt;:</label>' in html


@settings(max_examples=60, deadline=None)
@given(
    st.one_of(st.none(), text, st.integers()),
    st.dictionaries(st.sampled_from(["id", "class", "title", "data-a"]), st.one_of(text, st.booleans()), max_size=3),
    text,
)
def test_any_input_and_label(value: Any, attrs: Any, label: str) -> None:
    for widget in (forms.TextInput(), forms.NumberInput(), forms.HiddenInput(), forms.EmailInput()):
        assert widget.render("f", value, attrs=attrs, renderer=FAST) == widget.render(
            "f", value, attrs=attrs, renderer=DJANGO
        )
    context = {"label": label, "attrs": attrs, "use_tag": bool(label), "tag": "label"}
    assert FAST.render(LABEL_TEMPLATE, context) == DJANGO.render(LABEL_TEMPLATE, context)
