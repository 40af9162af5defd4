"""The public initiative list is cached whole for anonymous visitors and never shows stale counts or
phases: every collaboration write (a support, a phase change) bumps the initiatives version."""

from __future__ import annotations

import pytest
from django.test import Client

from sinergi.collaboration import services
from sinergi.collaboration.models import Phase
from sinergi.core.pagecache import HEADER
from tests.collaboration.factories import Cast, make_initiative, walk_to
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

URL = "/kolaborasi/?phase=open"


def test_anonymous_list_is_cached_and_a_support_refreshes_it() -> None:
    cast = Cast()
    initiative = make_initiative(cast, Phase.OPEN, title="Galeri batik keliling")
    client = Client()
    first = client.get(URL)
    assert first[HEADER] == "miss"
    assert "0 / 10 dukungan" in first.content.decode()
    assert Client().get(URL)[HEADER] == "hit"

    assert services.support_add(by=UserFactory(), initiative=initiative)
    fresh = Client().get(URL)
    assert fresh[HEADER] == "miss"
    assert "1 / 10 dukungan" in fresh.content.decode()


def test_a_phase_change_removes_the_initiative_from_a_cached_filtered_list() -> None:
    cast = Cast()
    initiative = make_initiative(cast, Phase.OPEN, title="Pasar kriya akhir pekan")
    assert "Pasar kriya akhir pekan" in Client().get(URL).content.decode()
    walk_to(cast, initiative, Phase.REVIEW)
    assert "Pasar kriya akhir pekan" not in Client().get(URL).content.decode()


def test_signed_in_people_get_a_fresh_page_with_their_drafts() -> None:
    cast = Cast()
    make_initiative(cast, Phase.DRAFT, title="Draf rahasia penulis")
    Client().get("/kolaborasi/")  # cached for anonymous visitors, without the draft
    client = Client()
    client.force_login(cast.author)
    page = client.get("/kolaborasi/")
    assert HEADER not in page
    assert "Draf rahasia penulis" in page.content.decode()
    assert "Draf rahasia penulis" not in Client().get("/kolaborasi/").content.decode()
