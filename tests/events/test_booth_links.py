"""The event's manage page links to every seller's booth page (it was reachable only by typing the URL)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sinergi.events import services
from tests.factories import make_actor

from .factories import accepted_application, make_event, staff_user

pytestmark = pytest.mark.django_db


def test_manage_page_links_to_every_sellers_booth_page(client):
    event = make_event(title="Bazar Uji Tautan")
    accepted = accepted_application(event, actor=make_actor(name="Batik Diterima"))
    pending = services.booth_application_submit(
        by=None, event=event, actor=make_actor(name="Kopi Menunggu"), data={"products": "Kopi"}
    )
    client.force_login(staff_user())
    page = client.get(reverse("events:manage", args=[event.slug])).content.decode()
    for app in (accepted, pending):
        link = f'href="{reverse("events:booth", args=[app.pk])}"'
        card = page.split(f'id="app-{app.pk}"', 1)[1].split("</article>", 1)[0]
        assert link in card, app.seller_name
    # The link leads somewhere the organiser may open.
    assert client.get(reverse("events:booth", args=[accepted.pk])).status_code == 200
