"""Staff sessions: an idle timeout for office people, a shorter absolute lifetime for those who see NIK."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sinergi.accounts.models import Role
from sinergi.accounts.sessions import LAST_SEEN, SIGNED_IN_AT
from tests.factories import UserFactory, user_with_role

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("core:dashboard")


def signed_in_client(user: Any, *, idle_minutes: float = 0, hours_ago: float = 0) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    now = time.time()
    session[SIGNED_IN_AT] = now - hours_ago * 3600
    session[LAST_SEEN] = now - idle_minutes * 60
    session.save()
    return client


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_staff_are_signed_out_after_the_idle_timeout_and_told_why(settings: Any) -> None:
    settings.SINERGI_STAFF_IDLE_MINUTES = 30
    client = signed_in_client(user_with_role(Role.STAFF), idle_minutes=31)
    response = client.get(DASHBOARD + "?tab=1")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login") + "?next=/dasbor/%3Ftab%3D1"
    assert not signed_in(client)
    page = client.get(response["Location"]).content.decode()
    assert "tidak ada aktivitas selama 30 menit" in page


def test_activity_within_the_idle_timeout_keeps_staff_signed_in(settings: Any) -> None:
    settings.SINERGI_STAFF_IDLE_MINUTES = 30
    client = signed_in_client(user_with_role(Role.STAFF), idle_minutes=29)
    assert client.get(DASHBOARD).status_code == 200
    assert signed_in(client)
    assert time.time() - client.session[LAST_SEEN] < 5  # the request counted as activity


def test_ordinary_people_have_no_idle_timeout() -> None:
    client = signed_in_client(UserFactory(), idle_minutes=24 * 60, hours_ago=72)
    assert client.get(DASHBOARD).status_code == 200
    assert signed_in(client)


@pytest.mark.parametrize("role", [Role.STAFF, Role.HEAD, Role.ADMIN])
def test_roles_that_see_nik_have_a_shorter_absolute_lifetime(settings: Any, role: str) -> None:
    settings.SINERGI_PERSONAL_DATA_SESSION_HOURS = 10
    client = signed_in_client(user_with_role(role), idle_minutes=1, hours_ago=10.5)
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert not signed_in(client)
    assert "paling lama 10 jam" in client.get(response["Location"]).content.decode()


def test_superusers_have_the_absolute_lifetime_too(settings: Any) -> None:
    settings.SINERGI_PERSONAL_DATA_SESSION_HOURS = 10
    client = signed_in_client(UserFactory(is_superuser=True, is_staff=True), idle_minutes=1, hours_ago=11)
    assert client.get(DASHBOARD).status_code == 302
    assert not signed_in(client)


def test_an_analyst_who_cannot_see_nik_has_the_idle_timeout_only(settings: Any) -> None:
    settings.SINERGI_PERSONAL_DATA_SESSION_HOURS = 10
    client = signed_in_client(user_with_role(Role.ANALYST), idle_minutes=1, hours_ago=11)
    assert client.get(DASHBOARD).status_code == 200
    assert signed_in(client)
    stale = signed_in_client(user_with_role(Role.ANALYST), idle_minutes=45)
    assert stale.get(DASHBOARD).status_code == 302


def test_signing_in_through_the_page_starts_the_clock() -> None:
    user = user_with_role(Role.STAFF)
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": "rahasia-Sinergi-2026"})
    assert response.status_code == 302
    assert time.time() - client.session[SIGNED_IN_AT] < 5


def test_an_htmx_request_is_sent_to_the_sign_in_page(settings: Any) -> None:
    client = signed_in_client(user_with_role(Role.STAFF), idle_minutes=120)
    response = client.get(DASHBOARD, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("accounts:login") + "?next=")
    assert not signed_in(client)


def test_an_expired_session_on_the_api_is_simply_anonymous(settings: Any) -> None:
    client = signed_in_client(user_with_role(Role.STAFF), idle_minutes=120)
    response = client.get("/api/v1/events")
    assert response.status_code == 200
    assert not signed_in(client)
