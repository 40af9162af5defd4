"""API tokens: the secret is shown once and stored only as a hash; revoked or expired tokens fail."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sinergi.accounts import tokens
from sinergi.accounts.models import ApiToken
from sinergi.core.errors import NotAllowed, ServiceError
from sinergi.core.models import AuditEntry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_create_returns_the_secret_once_and_stores_only_its_hash() -> None:
    user = UserFactory()
    token, secret = tokens.token_create(by=user, user=user, name=" Kasir ", scopes=["registry:write"])
    assert secret.startswith("sng_")
    assert len(secret) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.name == "Kasir"
    assert stored.scopes == ["registry:write"]
    assert stored.key_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert stored.key_prefix == secret[:12]
    assert secret not in str(ApiToken.objects.filter(pk=token.pk).values().get())
    entry = AuditEntry.objects.get(action="accounts.token.created")
    assert entry.by == user
    assert secret not in str(entry.data)


def test_authenticate_live_token_and_record_use() -> None:
    user = UserFactory()
    token, secret = tokens.token_create(by=user, user=user, name="a", scopes=[])
    found = tokens.token_authenticate(secret)
    assert found is not None
    assert found.pk == token.pk
    assert found.user == user
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize("secret", ["", "sng_", "sng_salah", "bukan-token", "sng_" + "x" * 300])
def test_unknown_secrets_fail(secret: str) -> None:
    user = UserFactory()
    tokens.token_create(by=user, user=user, name="a", scopes=[])
    assert tokens.token_authenticate(secret) is None


def test_revoked_expired_and_inactive_fail() -> None:
    user = UserFactory()
    token, secret = tokens.token_create(by=user, user=user, name="a", scopes=[])
    tokens.token_revoke(by=user, token=token)
    assert tokens.token_authenticate(secret) is None
    assert AuditEntry.objects.filter(action="accounts.token.revoked").count() == 1
    tokens.token_revoke(by=user, token=token)  # revoking twice changes nothing
    assert AuditEntry.objects.filter(action="accounts.token.revoked").count() == 1

    token, secret = tokens.token_create(
        by=user, user=user, name="b", scopes=[], expires_at=timezone.now() + timedelta(hours=1)
    )
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert tokens.token_authenticate(secret) is None

    token, secret = tokens.token_create(by=user, user=user, name="c", scopes=[])
    user.is_active = False
    user.save()
    assert tokens.token_authenticate(secret) is None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": "  "}, "name"),
        ({"scopes": ["registry:everything"]}, "scopes"),
        ({"expires_at": timezone.now() - timedelta(days=1)}, "expires_at"),
    ],
)
def test_bad_input_is_refused_with_field_errors(kwargs: dict[str, Any], field: str) -> None:
    user = UserFactory()
    args: dict[str, Any] = {"name": "a", "scopes": [], **kwargs}
    with pytest.raises(ServiceError) as exc:
        tokens.token_create(by=user, user=user, **args)
    assert field in exc.value.field_errors
    assert not ApiToken.objects.exists()


def test_only_the_owner_creates_and_revokes() -> None:
    user, other = UserFactory(), UserFactory()
    with pytest.raises(NotAllowed):
        tokens.token_create(by=other, user=user, name="a", scopes=[])
    token, _ = tokens.token_create(by=user, user=user, name="a", scopes=[])
    with pytest.raises(NotAllowed):
        tokens.token_revoke(by=other, token=token)
    assert token.revoked_at is None


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_token_page_creates_shows_once_and_revokes() -> None:
    user = UserFactory()
    client = _signed_in(user)
    assert client.get("/akun/token/").status_code == 200
    response = client.post("/akun/token/", {"name": "Kasir", "scopes": ["registry:write"], "expires": "30"})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("sng_")
    assert secret in response.content.decode()
    token = ApiToken.objects.get(user=user)
    assert token.expires_at is not None
    assert token.expires_at > timezone.now() + timedelta(days=29)
    assert secret not in client.get("/akun/token/").content.decode()
    response = client.post(f"/akun/token/{token.pk}/cabut/")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_page_keeps_input_on_error_and_guards_others_tokens() -> None:
    user, other = UserFactory(), UserFactory()
    client = _signed_in(user)
    response = client.post("/akun/token/", {"name": "", "scopes": ["nope"], "expires": "30"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not ApiToken.objects.exists()
    token, _ = tokens.token_create(by=other, user=other, name="milik orang", scopes=[])
    assert client.post(f"/akun/token/{token.pk}/cabut/").status_code == 404
    assert client.get(f"/akun/token/{token.pk}/cabut/").status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "milik orang" not in client.get("/akun/token/").content.decode()


def test_token_page_needs_sign_in() -> None:
    response = Client().get("/akun/token/")
    assert response.status_code == 302
    assert "/akun/masuk/" in response["Location"]
