"""The public initiative page lists the events that implement it, never one still in draft."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sinergi.collaboration.models import Phase
from sinergi.events.models import EventStatus
from tests.collaboration.factories import Cast, make_initiative, walk_to
from tests.events.factories import make_event

pytestmark = pytest.mark.django_db


def test_a_draft_event_implementing_an_initiative_stays_off_its_public_page() -> None:
    cast = Cast()
    initiative = walk_to(cast, make_initiative(cast), Phase.IMPLEMENTATION)
    make_event(title="Festival Diumumkan", initiative=initiative)
    make_event(title="Rencana Rahasia", initiative=initiative, publish=False)
    page = Client().get(reverse("collaboration:detail", args=[initiative.pk])).content.decode()
    assert "Festival Diumumkan" in page
    assert "Rencana Rahasia" not in page
    assert initiative.events.filter(status=EventStatus.DRAFT).count() == 1
