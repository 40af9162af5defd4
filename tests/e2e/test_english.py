"""A visitor reading in English: the statistics headline reads "Rp 8.5 trillion" (never "Rp 8,538.1 M"
under a "billion" label), and subsectors carry the reference list's English names in the directory's
filter, on its result cards and on a business's public profile."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from sinergi.classification.models import Subsector
from tests.factories import make_actor
from tests.statistics.helpers import analyst, head, published

BILLION, TRILLION = Decimal(10) ** 9, Decimal(10) ** 12
SCALE = {"billion": BILLION, "trillion": TRILLION, "miliar": BILLION, "triliun": TRILLION}


def _amount(text: str, thousands: str, decimal_mark: str) -> Decimal:
    match = re.fullmatch(r"Rp ([\d.,]+) (billion|trillion|miliar|triliun)", text.strip())
    assert match, f"not money in words: {text!r}"
    number = match.group(1).replace(thousands, "").replace(decimal_mark, ".")
    return Decimal(number) * SCALE[match.group(2)]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_visitor_reads_money_and_subsectors_in_english(live_server: Any, page: Any) -> None:
    from sinergi.statistics.report import build

    publication = published(analyst(), head())
    value_adhb = Decimal(str(build(publication).headline["value_adhb"])) * 10**9  # miliar rupiah
    culinary_kbli = "56101"
    actor = make_actor(name="Warung Uji Bahasa", kbli_code=culinary_kbli)
    subsector = actor.subsectors.get()
    english_name = subsector.name_en.split(" (")[0]
    assert english_name != subsector.name_id

    page.goto(f"{live_server.url}/statistik/{publication.pk}/")
    money = page.locator(".stats.headline strong", has_text="Rp")  # the value-added figure
    indonesian = money.inner_text()
    assert abs(_amount(indonesian, ".", ",") - value_adhb) <= value_adhb / 100  # "Rp 8,5 triliun"

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    english = money.inner_text()
    assert not english.endswith(" M")
    assert abs(_amount(english, ",", ".") - value_adhb) <= value_adhb / 100  # "Rp 8.5 trillion"
    assert "billion rupiah" not in page.locator(".stats.headline").inner_text()  # no unit contradicting it

    page.goto(f"{live_server.url}/direktori/")
    assert page.locator("#id_subsector option, select[name=subsektor] option", has_text=english_name).count() >= 1
    card = page.locator("main li, main article", has_text="Warung Uji Bahasa").first
    assert english_name in card.inner_text()
    assert subsector.name_id not in card.inner_text()

    page.goto(f"{live_server.url}/direktori/pelaku/{actor.slug}/")
    badges = page.locator("main .badge").all_inner_texts()
    assert english_name in badges
    assert Subsector.objects.filter(name_id__in=badges).count() == 0  # no Indonesian subsector name left
