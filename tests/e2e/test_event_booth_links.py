"""Organiser staff open each seller's booth page from the event's manage page (no typed URLs)."""

from __future__ import annotations

import io
import os
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from sinergi.wilayah.models import Wilayah
from tests.events.factories import accepted_application, make_booths, make_event, staff_user
from tests.factories import make_actor

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _reference() -> None:
    if not Wilayah.objects.exists():
        call_command("load_reference", verbosity=0, stdout=io.StringIO())


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.clear_cookies()
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])


def test_organiser_opens_a_sellers_booth_page_from_the_manage_page(live_server: Any, page: Any) -> None:
    event = make_event(title="Bazar Tautan Stan")
    make_booths(event, 2)
    accepted_application(event, actor=make_actor(name="Batik Bu Sari"))
    second = accepted_application(event, actor=make_actor(name="Kopi Pak Joko"))

    sign_in(page, live_server, staff_user())
    page.goto(f"{live_server.url}/acara/{event.slug}/kelola/")
    page.locator(f"#app-{second.pk}").get_by_role("link", name="Halaman stan penjual").click()
    page.get_by_role("heading", name="Kopi Pak Joko", level=1).wait_for()
    assert page.url.endswith(f"/acara/stan/{second.pk}/")
