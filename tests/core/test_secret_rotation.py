"""Rotating SINERGI_SECRET_KEY without signing everyone out (docs/operations/deploy.md, *Rotating the
secret key*): the old key goes into SINERGI_SECRET_KEY_FALLBACKS, and what it signed stays valid."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.core.test_production_guards import production, run
from tests.factories import UserFactory

OLD_KEY = "old-key-" + "o" * 40
NEW_KEY = "new-key-" + "n" * 40


def test_the_environment_names_the_fallback_keys(tmp_path: Path):
    old_one, old_two = secrets.token_urlsafe(48), secrets.token_urlsafe(48)
    env = production(tmp_path, SINERGI_SECRET_KEY_FALLBACKS=f"{old_one}, {old_two}")
    result = run("from django.conf import settings; print(settings.SECRET_KEY_FALLBACKS)", env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str([old_one, old_two])


@pytest.mark.parametrize("fallback", ["too-short", "CURRENT"])
def test_production_refuses_a_short_fallback_or_the_current_key(tmp_path: Path, fallback: str):
    env = production(tmp_path)
    env["SINERGI_SECRET_KEY_FALLBACKS"] = env["SINERGI_SECRET_KEY"] if fallback == "CURRENT" else fallback
    result = run("print('started')", env)
    assert result.returncode != 0
    assert "SINERGI_SECRET_KEY_FALLBACKS" in result.stderr


def _signed_in_with_old_key(db: None) -> Client:
    client = Client()
    with override_settings(SECRET_KEY=OLD_KEY, SECRET_KEY_FALLBACKS=[]):
        client.force_login(UserFactory())
        assert client.get(reverse("core:dashboard")).status_code == 200
    return client


@pytest.mark.django_db
def test_a_session_signed_with_the_old_key_survives_the_rotation(db: None):
    client = _signed_in_with_old_key(db)
    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[OLD_KEY]):
        assert client.get(reverse("core:dashboard")).status_code == 200
    # ... and once the session's hash was renewed with the new key, dropping the fallback keeps it
    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[]):
        assert client.get(reverse("core:dashboard")).status_code == 200


@pytest.mark.django_db
def test_without_the_fallback_the_rotation_signs_people_out(db: None):
    client = _signed_in_with_old_key(db)
    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=[]):
        response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def _reset_link_made_with_old_key() -> str:
    user = UserFactory()
    with override_settings(SECRET_KEY=OLD_KEY, SECRET_KEY_FALLBACKS=[]):
        token = default_token_generator.make_token(user)
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("accounts:password_reset_confirm", args=[uid, token])


@pytest.mark.django_db
@pytest.mark.parametrize(("fallbacks", "valid"), [([OLD_KEY], True), ([], False)])
def test_a_password_reset_link_sent_before_the_rotation(client: Client, fallbacks: list[str], valid: bool):
    link = _reset_link_made_with_old_key()
    with override_settings(SECRET_KEY=NEW_KEY, SECRET_KEY_FALLBACKS=fallbacks):
        response = client.get(link, follow=True)
    assert response.status_code == 200
    assert ('name="new_password1"' in response.content.decode()) is valid
