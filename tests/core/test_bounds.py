"""Plausible values only (core.bounds): each refusal is located (form field, API field, import row and
column), the same bound holds in forms, API and imports, and nothing is stored."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sinergi.collaboration.models import Initiative
from sinergi.core import bounds
from sinergi.core.errors import ServiceError
from sinergi.events import services as event_services
from sinergi.events.models import SalesReport
from sinergi.registry.models import Actor, ActorYearlyFigure, Status
from tests.collaboration.factories import Cast, make_initiative
from tests.events.factories import accepted_application, make_event
from tests.factories import UserFactory, make_actor

pytestmark = pytest.mark.django_db


def _login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("capital", "message"),
    [
        ("1e30", "melebihi batas wajar Rp 1.000.000.000.000.000"),
        ("1000000000000001", "melebihi batas wajar"),
        ("1.500.000,50", "tanpa sen"),
        ("-1", "tidak boleh negatif"),
    ],
)
def test_web_figure_form_refuses_implausible_money_on_its_field(capital: str, message: str) -> None:
    user = UserFactory()
    actor = make_actor(by=user, status=Status.DRAFT)
    response = _login(user).post(
        reverse("registry:figure_set", kwargs={"slug": actor.slug}), {"year": "2024", "capital": capital, "sales": ""}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ActorYearlyFigure.objects.exists()


def test_the_largest_plausible_amount_is_kept() -> None:
    user = UserFactory()
    actor = make_actor(by=user, status=Status.DRAFT)
    _login(user).post(
        reverse("registry:figure_set", kwargs={"slug": actor.slug}),
        {"year": "2024", "capital": str(bounds.MONEY_MAX), "sales": ""},
    )
    assert ActorYearlyFigure.objects.get().capital == bounds.MONEY_MAX


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("founded_year", str(timezone.localdate().year + 1), "belum tiba"),
        ("founded_year", "2090", "belum tiba"),
        ("founded_year", "1899", "1900"),
        ("workers_male", "100000000000", "100000"),
    ],
)
def test_profile_form_refuses_implausible_year_and_workers(field: str, value: str, message: str) -> None:
    from tests.registry.test_views import VALID_PROFILE

    user = UserFactory()
    actor = make_actor(by=user, status=Status.DRAFT, name="Sebelum")
    response = _login(user).post(
        reverse("registry:actor_edit", kwargs={"slug": actor.slug}), VALID_PROFILE | {field: value}
    )
    assert response.status_code in {200, 400}
    assert message in response.content.decode()
    assert Actor.objects.get(pk=actor.pk).name == "Sebelum"


def test_model_validators_hold_for_any_caller() -> None:
    from sinergi.registry import services

    actor = make_actor(status=Status.DRAFT)
    with pytest.raises(ServiceError) as caught:
        services.actor_set_figure(by=None, actor=actor, year=2024, capital=Decimal(10) ** 16, sales=None)
    assert "capital" in caught.value.field_errors
    with pytest.raises(ServiceError) as caught:
        services.actor_set_figure(by=None, actor=actor, year=timezone.localdate().year + 1, capital=1, sales=None)
    assert "year" in caught.value.field_errors
    assert not ActorYearlyFigure.objects.exists()


def test_a_negative_or_absurd_initiative_budget_is_refused_on_its_field() -> None:
    cast = Cast()
    for budget in (Decimal(-1), Decimal(10) ** 15 + 1):
        with pytest.raises(ServiceError) as caught:
            make_initiative(cast, budget_estimate=budget)
        assert "budget_estimate" in caught.value.field_errors
    assert not Initiative.objects.exists()


def test_a_sale_of_99_9_trillion_is_refused_in_service_and_form(client: Client) -> None:
    owner = UserFactory()
    event = make_event(start=timezone.localdate())
    app = accepted_application(event, actor=make_actor(by=owner))
    with pytest.raises(ServiceError) as caught:
        event_services.sales_report(by=owner, application=app, day=event.start_date, amount=Decimal("99900000000000"))
    assert "amount" in caught.value.field_errors
    client.force_login(owner)
    response = client.post(
        reverse("events:booth", args=[app.pk]),
        {"day": event.start_date.isoformat(), "amount": "99900000000000", "transactions": "3"},
    )
    assert "melebihi batas wajar Rp 100.000.000.000" in response.content.decode()
    assert not SalesReport.objects.exists()


def test_a_sale_dated_a_year_after_the_event_is_refused() -> None:
    owner = UserFactory()
    event = make_event(start=timezone.localdate())
    app = accepted_application(event, actor=make_actor(by=owner))
    later = event.end_date.replace(year=event.end_date.year + 1)
    with pytest.raises(ServiceError) as caught:
        event_services.sales_report(by=owner, application=app, day=later, amount=Decimal(1000))
    assert "day" in caught.value.field_errors
    assert not SalesReport.objects.exists()
