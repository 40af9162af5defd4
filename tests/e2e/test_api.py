"""The API docs page renders in chromium from vendored assets, under the CSP, with every endpoint listed;
and the token page shows a new token once."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import UserFactory

SCREENSHOTS = Path(os.environ.get("SINERGI_E2E_ARTIFACTS", "test-results"))


@pytest.mark.django_db(transaction=True)
def test_api_docs_render_without_cdn_or_csp_violations(live_server: Any, page: Any) -> None:
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None)
    page.goto(live_server.url + "/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() >= 20
    assert "Sinergi API" in page.locator(".info .title").inner_text()
    assert page.get_by_text("/api/v1/actors/{slug}/contacts").count() >= 1
    assert not [u for u in outside if not u.startswith("data:")], outside
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "api-docs.png"), full_page=False)


@pytest.mark.django_db(transaction=True)
def test_token_page_shows_the_secret_once_and_revokes(live_server: Any, page: Any) -> None:
    user = UserFactory(email="token@contoh.id")
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
    page.goto(live_server.url + "/akun/token/")
    page.get_by_label("Nama token").fill("Aplikasi kasir")
    page.get_by_label("Mengubah direktori (pelaku, produk, anggota komunitas)").check()
    page.get_by_role("button", name="Buat token").click()
    secret = page.locator("#new-token").input_value()
    assert secret.startswith("sng_")
    assert page.get_by_role("cell", name="Aplikasi kasir", exact=True).count() == 1
    page.goto(live_server.url + "/akun/token/")
    assert secret not in page.content()
    page.get_by_role("button", name="Cabut Aplikasi kasir").click()
    assert page.get_by_text("dicabut").count() >= 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "api-tokens.png"), full_page=True)
