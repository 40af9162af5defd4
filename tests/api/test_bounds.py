"""The API refuses implausible values with 422 in its one error shape, naming the field — never 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone

from sinergi.registry.models import ActorYearlyFigure, Status
from tests.api.conftest import Api, error_of
from tests.factories import UserFactory, make_actor

pytestmark = pytest.mark.django_db

WRITE = ["registry:write"]


@pytest.mark.parametrize("capital", ["1e30", "1E+28", "10000000000000000", 1e30, "NaN", "Infinity", "12,345"])
def test_figures_with_implausible_capital_are_422_naming_the_field(api_as: Callable[..., Api], capital: Any) -> None:
    owner = UserFactory()
    actor = make_actor(by=owner, status=Status.DRAFT)
    response = api_as(owner, WRITE).post(f"/actors/{actor.slug}/figures", {"year": 2024, "capital": capital})
    assert response.status_code == 422, response.content
    assert "capital" in error_of(response)["fields"]
    assert not ActorYearlyFigure.objects.exists()


def test_figures_for_a_profile_not_ones_own_never_answer_500(api_as: Callable[..., Api]) -> None:
    stranger = UserFactory()
    response = api_as(stranger, WRITE).post(f"/actors/{make_actor().slug}/figures", {"year": 2024, "capital": "1e30"})
    assert response.status_code in {403, 422}
    assert not ActorYearlyFigure.objects.exists()


def test_figures_year_in_the_future_is_422(api_as: Callable[..., Api]) -> None:
    owner = UserFactory()
    actor = make_actor(by=owner, status=Status.DRAFT)
    year = timezone.localdate().year + 1
    response = api_as(owner, WRITE).post(f"/actors/{actor.slug}/figures", {"year": year, "capital": "1000"})
    assert response.status_code == 422
    assert error_of(response)["fields"]["year"] == [f"Tahun {year} belum tiba; paling akhir {year - 1}."]


@pytest.mark.parametrize(
    ("field", "value"), [("founded_year", 2090), ("workers_male", 100_000_000_000), ("workers_female", -1)]
)
def test_profile_with_implausible_values_is_422(api_as: Callable[..., Api], field: str, value: int) -> None:
    owner = UserFactory()
    response = api_as(owner, WRITE).post("/actors", {"name": "Usaha Baru", field: value})
    assert response.status_code == 422, response.content
    assert field in error_of(response)["fields"]
