"""The bell refreshes itself: a small endpoint gives the current unread count (polled by HTMX), and the
polling is not the person's activity (it never keeps an idle office session alive)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client

from sinergi.accounts.models import Role
from sinergi.accounts.sessions import LAST_SEEN
from sinergi.notifications.services import mark_read
from tests.accounts.test_sessions import signed_in, signed_in_client
from tests.factories import UserFactory, user_with_role

from .test_views import _two_notifications

pytestmark = pytest.mark.django_db

BELL = "/aktivitas/bel/"
POLL = {"HTTP_HX_REQUEST": "true", "HTTP_X_SINERGI_BACKGROUND": "1"}


def test_the_endpoint_gives_the_current_count(client: Client, django_capture_on_commit_callbacks: Any) -> None:
    owner = UserFactory()
    client.force_login(owner)
    empty = client.get(BELL, **POLL)
    assert empty.status_code == 200
    assert 'data-testid="bell-count">0</span>' in empty.content.decode()
    assert "has-unread" not in empty.content.decode()
    _two_notifications(owner, django_capture_on_commit_callbacks)
    two = client.get(BELL, **POLL)
    body = two.content.decode()
    assert 'data-testid="bell-count">2</span>' in body
    assert 'class="bell has-unread"' in body
    assert 'hx-trigger="every 60s, visibilitychange from:document"' in body  # it keeps refreshing
    assert "no-cache" in two["Cache-Control"] or "no-store" in two["Cache-Control"]
    mark_read(by=owner)
    assert 'data-testid="bell-count">0</span>' in client.get(BELL, **POLL).content.decode()


def test_the_interval_is_a_setting(client: Client, settings: Any) -> None:
    settings.SINERGI_BELL_REFRESH_SECONDS = 15
    client.force_login(UserFactory())
    assert 'hx-trigger="every 15s, visibilitychange from:document"' in client.get("/").content.decode()


def test_someone_signed_out_gets_no_bell_and_the_polling_stops(client: Client) -> None:
    response = client.get(BELL, **POLL)
    assert response.status_code == 286  # htmx: swap (the bell away) and stop polling
    assert response.content == b""


def test_polling_does_not_keep_an_idle_office_session_alive(settings: Any) -> None:
    settings.SINERGI_STAFF_IDLE_MINUTES = 30
    client = signed_in_client(user_with_role(Role.STAFF), idle_minutes=29)
    before = client.session[LAST_SEEN]
    assert client.get(BELL, **POLL).status_code == 200
    assert client.session[LAST_SEEN] == before  # not activity
    assert signed_in(client)
    # Once idle too long, the next poll sends the browser to the sign-in page like any HTMX request.
    client = signed_in_client(user_with_role(Role.STAFF), idle_minutes=31)
    response = client.get(BELL, **POLL)
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith("/akun/masuk/")
    assert not signed_in(client)


def test_a_person_opening_pages_is_still_active(settings: Any) -> None:
    client = signed_in_client(user_with_role(Role.STAFF), idle_minutes=10)
    client.get(BELL, HTTP_HX_REQUEST="true")  # the same request without the background mark counts
    assert time.time() - client.session[LAST_SEEN] < 5
