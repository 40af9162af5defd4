"""One money formatter that follows the language, and subsector names from the reference list's English
names in English mode (filters, badges, form choices)."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation

from sinergi.classification.models import Subsector
from sinergi.core.templatetags.ui import format_money


@pytest.mark.parametrize(
    ("value", "unit", "indonesian", "english"),
    [
        (1_500_000, "rupiah", "Rp1.500.000", "Rp1,500,000"),
        (0, "rupiah", "Rp0", "Rp0"),
        (-25_000, "rupiah", "-Rp25.000", "-Rp25,000"),
        (350_000_000, "rupiah", "Rp350.000.000", "Rp350,000,000"),
        (8_538.1, "miliar", "Rp 8,5 triliun", "Rp 8.5 trillion"),  # the statistics headline, in billions
        (350.24, "miliar", "Rp 350,2 miliar", "Rp 350.2 billion"),
        (1_234.5, "juta", "Rp 1,2 miliar", "Rp 1.2 billion"),
        (999.96, "miliar", "Rp 1,0 triliun", "Rp 1.0 trillion"),  # rounds into the next scale, not "1.000,0 miliar"
        (12_500_000, "miliar", "Rp 12.500,0 triliun", "Rp 12,500.0 trillion"),
    ],
)
def test_money_reads_in_the_page_language(value: float, unit: str, indonesian: str, english: str) -> None:
    with translation.override("id"):
        assert format_money(value, unit) == indonesian
    with translation.override("en"):
        assert format_money(value, unit) == english


def test_the_rupiah_filter_is_that_formatter_and_refuses_what_is_not_money() -> None:
    template = Template('{% load ui %}{{ a|rupiah }} · {{ b|rupiah:"miliar" }}')
    with translation.override("en"):
        assert template.render(Context({"a": 1500, "b": 8538.1})) == "Rp1,500 · Rp 8.5 trillion"
    with pytest.raises(ValueError, match="unknown money unit"):
        format_money(1, "M")
    with pytest.raises(ValueError, match="not an amount of money"):
        format_money("lima ribu")
    assert format_money(None) == ""


@pytest.mark.django_db
def test_subsector_names_follow_the_language_everywhere() -> None:
    from django.core.management import call_command

    from sinergi.collaboration.forms import filter_options
    from sinergi.registry import filters

    call_command("load_reference", verbosity=0)
    culinary = Subsector.objects.get(subsector_list__is_current=True, name_id="Kuliner")
    english = culinary.name_en.split(" (")[0]
    assert english
    assert english != "Kuliner"

    with translation.override("en"):
        assert str(culinary) == english
        assert english in {o.label for o in filters.subsector_options()}
        assert (culinary.code, english) in filter_options()[0]
    with translation.override("id"):
        assert str(culinary) == "Kuliner"
        assert "Kuliner" in {o.label for o in filters.subsector_options()}
        assert (culinary.code, "Kuliner") in filter_options()[0]
