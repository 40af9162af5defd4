"""FastSelect writes exactly what Django's own Select templates write."""

from __future__ import annotations

from typing import Any

from django import forms
from hypothesis import given, settings
from hypothesis import strategies as st

from sinergi.core.widgets import FastSelect

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
