"""Sign-up does not reveal registered e-mail addresses; the mailbox owner activates the account."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from sinergi.accounts.models import User
from sinergi.core.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-Sinergi-2026"


def data(email: str, **more: str) -> dict[str, str]:
    return {
        "full_name": "Dewi Lestari",
        "email": email,
        "password": PASSWORD,
        "password_again": PASSWORD,
        "consent": "on",
        **more,
    }


def sign_up(client: Client, capture: Any, email: str, **more: str) -> Any:
    with capture(execute=True):
        return client.post(reverse("accounts:signup"), data(email, **more), follow=True)


def visible(response: Any) -> str:
    """What the visitor sees, without per-visitor tokens and the address they typed themselves."""
    text = re.sub(r"[A-Za-z0-9]{64}", "CSRF", response.content.decode())
    return re.sub(r"[\w.+-]+@[\w.-]+", "EMAIL", text)


def link_in(message: Any) -> str:
    match = re.search(r"https?://\S+/akun/aktifkan/\S+/", message.body)
    assert match, message.body
    return "/" + match.group(0).split("://", 1)[1].split("/", 1)[1]  # the path, for the test client


def test_the_answer_is_the_same_for_new_and_registered_addresses(django_capture_on_commit_callbacks: Any) -> None:
    UserFactory(email="sudah@contoh.id", full_name="Sudah Ada")
    new = sign_up(Client(), django_capture_on_commit_callbacks, "baru@contoh.id")
    known = sign_up(Client(), django_capture_on_commit_callbacks, "Sudah@Contoh.id")
    assert new.status_code == known.status_code == 200
    assert new.redirect_chain == known.redirect_chain == [(reverse("accounts:signup_sent"), 302)]
    assert visible(new) == visible(known)
    assert "Sudah terdaftar" not in visible(known)
    assert "Periksa e-mail Anda" in visible(new)
    # The mailbox tells them apart.
    assert [m.to for m in mail.outbox] == [["baru@contoh.id"], ["sudah@contoh.id"]]
    assert "/akun/aktifkan/" in mail.outbox[0].body
    assert "sudah punya akun" in mail.outbox[1].body
    assert "/akun/aktifkan/" not in mail.outbox[1].body
    # The existing account is untouched: its password still works, the typed one does not.
    existing = User.objects.get(email="sudah@contoh.id")
    assert existing.full_name == "Sudah Ada"
    assert existing.is_active
    assert AuditEntry.objects.filter(action="accounts.user.signup_repeated", target_id=str(existing.pk)).exists()


def test_a_new_account_is_inactive_until_the_link_is_opened(django_capture_on_commit_callbacks: Any) -> None:
    client = Client()
    sign_up(client, django_capture_on_commit_callbacks, "dewi@rajutan.id")
    user = User.objects.get(email="dewi@rajutan.id")
    assert not user.is_active
    # An inactive account cannot sign in yet.
    refused = Client().post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert refused.status_code == 200
    assert "_auth_user_id" not in refused.client.session
    url = link_in(mail.outbox[0])
    page = client.get(url)
    assert page.status_code == 200
    assert "Aktifkan akun" in page.content.decode()
    user.refresh_from_db()
    assert not user.is_active  # opening the link (a mail scanner may) changes nothing
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")
    user.refresh_from_db()
    assert user.is_active
    assert client.session["_auth_user_id"] == str(user.pk)
    assert AuditEntry.objects.filter(action="accounts.user.activated", target_id=str(user.pk)).exists()
    # The link works once.
    assert Client().get(url).status_code == 404
    assert Client().post(url).status_code == 404


def test_a_forged_link_activates_nothing(django_capture_on_commit_callbacks: Any) -> None:
    sign_up(Client(), django_capture_on_commit_callbacks, "dewi@rajutan.id")
    user = User.objects.get(email="dewi@rajutan.id")
    url = link_in(mail.outbox[0])
    forged = url.rsplit("/", 2)[0] + "/1-abcdef/"
    response = Client().post(forged)
    assert response.status_code == 404
    assert "Tautan tidak berlaku" in response.content.decode()
    assert Client().post("/akun/aktifkan/bnVsbA/x/").status_code == 404
    user.refresh_from_db()
    assert not user.is_active


def test_signing_up_again_for_a_pending_account_resends_its_link_without_changing_it(
    django_capture_on_commit_callbacks: Any,
) -> None:
    sign_up(Client(), django_capture_on_commit_callbacks, "dewi@rajutan.id")
    password_hash = User.objects.get(email="dewi@rajutan.id").password
    sign_up(Client(), django_capture_on_commit_callbacks, "dewi@rajutan.id", full_name="Penyusup")
    user = User.objects.get(email="dewi@rajutan.id")
    assert user.password == password_hash
    assert user.full_name == "Dewi Lestari"
    assert len(mail.outbox) == 2
    assert "/akun/aktifkan/" in mail.outbox[1].body


def test_password_rules_are_checked_alike_for_every_address(django_capture_on_commit_callbacks: Any) -> None:
    UserFactory(email="sudah@contoh.id")
    weak = {"password": "12345678", "password_again": "12345678"}
    pages = []
    for email in ("sudah@contoh.id", "baru@contoh.id"):
        response = sign_up(Client(), django_capture_on_commit_callbacks, email, **weak)
        assert response.redirect_chain == []
        assert 'id="id_password"' in response.content.decode()
        pages.append(visible(response))
    assert pages[0] == pages[1]  # the same refusal: it says nothing about the address
    assert "Kata sandi belum memenuhi syarat" in pages[0] or "errorlist" in pages[0]
    assert mail.outbox == []
    assert not User.objects.filter(email="baru@contoh.id").exists()


def test_the_mail_speaks_the_language_of_the_page(settings: Any, django_capture_on_commit_callbacks: Any) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    sign_up(client, django_capture_on_commit_callbacks, "dewi@rajutan.id")
    assert mail.outbox[0].subject == "Activate your Sinergi account"
    assert "Open this link to activate the account" in mail.outbox[0].body


def test_the_password_rules_are_shown_first_and_said_with_a_mismatch(
    django_capture_on_commit_callbacks: Any,
) -> None:
    """Walking the sign-up: the rules were not shown, and a too-short password that also differed from its
    repeat was refused for the mismatch only, so the rules came as a second refusal after fixing it."""
    page = visible(Client().get(reverse("accounts:signup")))
    help_text = page[page.index('id="id_password_helptext"') :].split("</p>")[0]
    assert "Kata sandi Anda harus memuat setidaknya 8 karakter." in help_text
    response = sign_up(
        Client(), django_capture_on_commit_callbacks, "warga@contoh.id", password="abc", password_again="abd"
    )
    html = response.content.decode()
    password_errors = html[html.index('id="id_password_error"') :].split("</ul>")[0]
    assert "8 karakter" in password_errors  # too short: said now, beside the mismatch
    assert "Kedua kata sandi tidak sama." in html
    assert mail.outbox == []
    assert not User.objects.filter(email="warga@contoh.id").exists()
