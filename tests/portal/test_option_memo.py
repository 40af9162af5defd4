"""The directory's filter options (registry.filters.option_choices) are built once per reference-data load
and language, and follow both: a renamed kelurahan or subsector once the reference data is read again, and
the other language at once."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from sinergi.classification.models import Subsector
from sinergi.registry import filters
from sinergi.wilayah.models import Wilayah

pytestmark = pytest.mark.django_db


def _page(query: str, language: str = "id") -> str:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get("/direktori/" + query).content.decode()


def test_options_are_not_built_again_on_every_request(monkeypatch: pytest.MonkeyPatch) -> None:
    _page("?kecamatan=32.76.01&q=a")
    reads = []
    real = filters.Option.label

    def counted(option: filters.Option) -> str:
        reads.append(option.code)
        return real.fget(option)  # type: ignore[attr-defined,no-any-return]

    monkeypatch.setattr(filters.Option, "label", property(counted))
    html = _page("?kecamatan=32.76.01&q=b")
    # (The directory's rows read subsector names for their badges: the selector's own, not the form's.)
    assert [code for code in reads if code.startswith("32.76")] == []
    assert ">Kriya</option>" in html


def test_a_renamed_kelurahan_or_subsector_shows_once_the_reference_data_is_read_again() -> None:
    before = _page("?kecamatan=32.76.01&q=c")
    kelurahan = Wilayah.objects.get(code="32.76.01.1006")
    assert f">{kelurahan.name}</option>" in before
    kelurahan.name = "Kelurahan Baru"
    kelurahan.save(update_fields=["name"])
    subsector = Subsector.objects.get(code="KRY", subsector_list__is_current=True)
    subsector.name_id = "Kriya Nusantara"
    subsector.save(update_fields=["name_id"])
    filters.clear_options_cache()  # as the options' lifetime (OPTIONS_TTL_SECONDS) ending does
    after = _page("?kecamatan=32.76.01&q=d")
    assert '<option value="32.76.01.1006">Kelurahan Baru</option>' in after
    assert ">Kriya Nusantara</option>" in after


def test_the_options_follow_the_language() -> None:
    assert ">Kriya</option>" in _page("?q=e")
    english = _page("?q=f", "en")
    assert ">Craft</option>" in english
    assert ">Kriya</option>" not in english
    assert ">Kriya</option>" in _page("?q=g")
