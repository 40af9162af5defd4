"""The dashboard is built from the cards the apps register (core/dashboard.py), never from a list in core:
a card an app registers shows, with the data its selector read, to the people its permission allows and
to nobody else; a template is one card; the installation's cards keep their order."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from sinergi.accounts.models import Role
from sinergi.core import dashboard
from sinergi.core.dashboard import Card, cards_for, check_cards, register, registered
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db

TEST_APP_TEMPLATES = Path(__file__).parent / "templates"
HARVEST = "tests_core/_harvest_card.html"


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def own_cards(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cards registered by a test go into a copy; the installation's cards are back afterwards."""
    monkeypatch.setattr(dashboard, "_cards", dict(dashboard._cards))


@rules.predicate
def _is_farmer(user: Any) -> bool:
    return getattr(user, "full_name", "") == "Petani Uji"


@pytest.fixture
def test_app(settings: Any, own_cards: None) -> Iterator[list[Any]]:
    """An app of the test's own: its template folder, a named permission and a card whose data is read
    by a selector that notes for whom it was asked."""
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], TEST_APP_TEMPLATES]}]
    rules.add_perm("tests.see_harvest", _is_farmer)
    asked_for: list[Any] = []

    def harvest(*, user: Any) -> Mapping[str, Any]:
        asked_for.append(user)
        return {"crops": ["Padi Ciherang", "Jagung Manis"]}

    register(Card(HARVEST, order=650, permission="tests.see_harvest", data=harvest))
    yield asked_for
    rules.remove_perm("tests.see_harvest")


def test_a_registered_card_shows_to_a_permitted_person_with_its_data(test_app: list[Any]) -> None:
    farmer = UserFactory(full_name="Petani Uji")
    body = login(farmer).get(reverse("core:dashboard")).content.decode()
    assert 'data-testid="harvest-card"' in body
    assert "<li>Padi Ciherang</li>" in body
    assert "<li>Jagung Manis</li>" in body
    # In its order: after the accounts card (600), before nothing else this person may see.
    assert body.index('id="accounts-api-heading"') < body.index('data-testid="harvest-card"')
    assert test_app == [farmer]


def test_a_registered_card_is_not_shown_nor_read_for_a_person_without_its_permission(test_app: list[Any]) -> None:
    someone = UserFactory(full_name="Warga Uji")
    body = login(someone).get(reverse("core:dashboard")).content.decode()
    assert "harvest-card" not in body
    assert "Padi Ciherang" not in body
    assert 'id="accounts-api-heading"' in body  # the rest of the dashboard is there
    assert test_app == []  # the card's selector never ran for them


def test_anonymous_visitors_get_no_cards(test_app: list[Any]) -> None:
    assert cards_for(AnonymousUser()) == []
    assert test_app == []


def test_a_template_is_one_card_registering_another_for_it_is_refused(own_cards: None) -> None:
    card = Card("tests_core/_twice.html", order=1)
    register(card)
    register(Card("tests_core/_twice.html", order=1))  # the same card again (a module read twice) is harmless
    with pytest.raises(ValueError, match=re.escape("'tests_core/_twice.html' registered twice")):
        register(Card("tests_core/_twice.html", order=2))
    with pytest.raises(ValueError, match="registered twice"):
        register(Card("tests_core/_twice.html", order=1, permission="registry.view_queues"))
    assert [c for c in registered() if c.template == "tests_core/_twice.html"] == [card]


def test_the_installation_cards_keep_the_dashboards_order() -> None:
    assert [card.template for card in registered()] == [
        "registry/_dashboard.html",
        "registry/_dashboard_staff.html",
        "imports/_dashboard.html",
        "collaboration/_dashboard.html",
        "programs/_dashboard.html",
        "programs/_dashboard_manage.html",
        "events/_dashboard.html",
        "events/_dashboard_manage.html",
        "accounts/_dashboard.html",
        "statistics/_dashboard.html",
    ]


def test_each_person_sees_the_cards_their_permissions_allow() -> None:
    resident = UserFactory()
    staff = user_with_role(Role.STAFF)
    resident_body = login(resident).get(reverse("core:dashboard")).content.decode()
    staff_body = login(staff).get(reverse("core:dashboard")).content.decode()
    staff_only = ('id="registry-staff-heading"', 'id="imports-card"')
    for marker in staff_only:
        assert marker not in resident_body
        assert marker in staff_body
    for everyone in ('id="registry-dashboard-heading"', 'id="collab-dash-heading"', 'data-testid="my-events"'):
        assert everyone in resident_body
        assert everyone in staff_body
    assert 'id="statistics-dashboard-heading"' not in resident_body + staff_body
    assert [c.template for c in cards_for(resident)] == [
        "registry/_dashboard.html",
        "collaboration/_dashboard.html",
        "programs/_dashboard.html",
        "events/_dashboard.html",
        "accounts/_dashboard.html",
    ]


def test_the_installation_cards_pass_the_system_check() -> None:
    assert check_cards() == []


def test_a_card_with_a_missing_template_or_an_unknown_permission_fails_the_system_check(own_cards: None) -> None:
    register(Card("tests_core/_no_such_card.html", order=1))
    register(Card("tests_core/_typo.html", order=2, permission="registry.view_queue"))
    errors = {(e.id, e.msg) for e in check_cards()}
    assert ("sinergi.E101", "dashboard card 'tests_core/_no_such_card.html': no such template") in errors
    assert ("sinergi.E101", "dashboard card 'tests_core/_typo.html': no such template") in errors
    assert (
        "sinergi.E102",
        "dashboard card 'tests_core/_typo.html': no rule defines the permission 'registry.view_queue'",
    ) in errors
    assert len(errors) == 3
