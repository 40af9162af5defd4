"""Sign-in lockout through the real sign-in pages: per account (its e-mail, however spelt) and client."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-Sinergi-2026"
LOGIN = reverse("accounts:login")


def sign_in(client: Client, email: str, password: str, **meta: Any) -> Any:
    return client.post(LOGIN, {"username": email, "password": password}, **meta)


def page_text(response: Any) -> str:
    """The page without its per-visitor CSRF tokens."""
    return re.sub(r"[A-Za-z0-9]{64}", "CSRF", response.content.decode())


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(client: Client, email: str, times: int, **meta: Any) -> None:
    for _ in range(times):
        response = sign_in(client, email, "salah-sekali", **meta)
        assert not signed_in(client)
        assert response.status_code in {200, 429}


def test_the_right_password_is_refused_once_the_account_is_locked(settings: Any) -> None:
    user = UserFactory(email="pelaku@demo.sinergi.id")
    fail(Client(), user.email, settings.AXES_FAILURE_LIMIT)
    client = Client()
    right = sign_in(client, user.email, PASSWORD)
    assert right.status_code == 429
    assert not signed_in(client)
    # A wrong password gets exactly the same answer: the lockout reveals nothing about the password.
    wrong = sign_in(Client(), user.email, "masih-salah")
    assert wrong.status_code == 429
    assert page_text(wrong) == page_text(right)
    assert "Terlalu banyak percobaan masuk" in right.content.decode()


def test_failures_below_the_limit_do_not_lock(settings: Any) -> None:
    user = UserFactory()
    fail(Client(), user.email, settings.AXES_FAILURE_LIMIT - 1)
    client = Client()
    assert sign_in(client, user.email, PASSWORD).status_code == 302
    assert signed_in(client)


def test_other_spellings_of_the_address_count_for_the_same_account(settings: Any) -> None:
    user = UserFactory(email="pelaku@demo.sinergi.id")
    spellings = ["PELAKU@demo.sinergi.id", " pelaku@DEMO.sinergi.id ", "Pelaku@Demo.Sinergi.Id"]
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), spellings[n % len(spellings)], "salah-sekali")
    client = Client()
    assert sign_in(client, user.email, PASSWORD).status_code == 429
    assert not signed_in(client)


def test_sign_in_accepts_the_address_in_any_capitals() -> None:
    UserFactory(email="pelaku@demo.sinergi.id")
    client = Client()
    assert sign_in(client, " Pelaku@Demo.Sinergi.ID", PASSWORD).status_code == 302
    assert signed_in(client)


def test_the_lock_holds_one_account_only(settings: Any) -> None:
    locked, other = UserFactory(), UserFactory()
    fail(Client(), locked.email, settings.AXES_FAILURE_LIMIT)
    # Another account from the same address: a wrong password is an ordinary form error, not a 429 ...
    response = sign_in(Client(), other.email, "salah-sekali")
    assert response.status_code == 200
    assert "Terlalu banyak" not in response.content.decode()
    # ... and its right password signs in.
    client = Client()
    assert sign_in(client, other.email, PASSWORD).status_code == 302


def test_the_lock_is_per_client_address(settings: Any) -> None:
    user = UserFactory()
    fail(Client(), user.email, settings.AXES_FAILURE_LIMIT, REMOTE_ADDR="203.0.113.7")
    assert sign_in(Client(), user.email, PASSWORD, REMOTE_ADDR="203.0.113.7").status_code == 429
    client = Client()
    assert sign_in(client, user.email, PASSWORD, REMOTE_ADDR="198.51.100.20").status_code == 302


def test_the_admin_sign_in_is_locked_too(settings: Any) -> None:
    user = UserFactory(is_staff=True, is_superuser=True)
    fail(Client(), user.email, settings.AXES_FAILURE_LIMIT)
    client = Client()
    response = client.post(reverse("admin:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert not signed_in(client)


def test_forwarded_headers_are_ignored_without_a_trusted_proxy(settings: Any) -> None:
    """Without SINERGI_TRUSTED_PROXY_HEADER, a client cannot dodge the lock by inventing addresses."""
    settings.SINERGI_TRUSTED_PROXY_HEADER = ""
    user = UserFactory()
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), user.email, "salah", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}", HTTP_X_REAL_IP=f"10.1.0.{n}")
    assert sign_in(Client(), user.email, PASSWORD, HTTP_X_REAL_IP="10.9.9.9").status_code == 429


def test_behind_a_trusted_proxy_each_client_has_its_own_lock(settings: Any) -> None:
    """Behind nginx every request comes from 127.0.0.1: the proxy's header tells the clients apart."""
    settings.SINERGI_TRUSTED_PROXY_HEADER = "X-Real-IP"
    user = UserFactory()
    proxy = {"REMOTE_ADDR": "127.0.0.1"}
    fail(Client(), user.email, settings.AXES_FAILURE_LIMIT, HTTP_X_REAL_IP="203.0.113.7", **proxy)
    assert sign_in(Client(), user.email, PASSWORD, HTTP_X_REAL_IP="203.0.113.7", **proxy).status_code == 429
    client = Client()
    assert sign_in(client, user.email, PASSWORD, HTTP_X_REAL_IP="198.51.100.20", **proxy).status_code == 302
    assert signed_in(client)


def test_x_forwarded_for_counts_only_the_entry_the_proxy_added(settings: Any) -> None:
    settings.SINERGI_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    user = UserFactory()
    for n in range(settings.AXES_FAILURE_LIMIT):  # the client forges the first entry; nginx appends the real one
        sign_in(Client(), user.email, "salah", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.7")
    response = sign_in(Client(), user.email, PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7")
    assert response.status_code == 429


def test_a_completed_password_reset_lifts_the_lock(settings: Any) -> None:
    from django.core import mail

    user = UserFactory()
    fail(Client(), user.email, settings.AXES_FAILURE_LIMIT)
    assert sign_in(Client(), user.email, PASSWORD).status_code == 429
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": user.email})
    match = re.search(r"/akun/sandi/atur/\S+/", mail.outbox[-1].body)
    assert match is not None
    form_page = client.get(match.group(0), follow=True)
    new_password = "sandi-Baru-Sinergi-2026"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    signed = Client()
    assert sign_in(signed, user.email, new_password).status_code == 302
    assert signed_in(signed)


def test_the_locked_out_page_names_the_configured_wait(settings: Any) -> None:
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    user = UserFactory()
    fail(Client(), user.email, settings.AXES_FAILURE_LIMIT)
    locked = sign_in(Client(), user.email, PASSWORD)
    assert locked.status_code == 429
    text = " ".join(locked.content.decode().split())
    assert "Coba lagi dalam 30 menit" in text
    english = sign_in(
        Client(headers={"accept-language": "en"}), user.email, PASSWORD, HTTP_COOKIE="sinergi_language=en"
    )
    assert "Try again in 30 minutes" in " ".join(english.content.decode().split())
