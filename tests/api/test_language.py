"""The language of API messages: a token speaks for its owner (`User.language`); without a token, the
language cookie decides, as for pages; else Indonesian."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from tests.factories import UserFactory

from .conftest import Api, error_of

NEW_ACTOR = {"name": "Rajut Cinere", "kind": "business", "primary_kbli": "14111", "kelurahan": "32.76.01.1006"}
SCOPE_EN = "This token does not have the scope 'registry:write'."
SCOPE_ID = "Token ini tidak memiliki cakupan 'registry:write'."


@pytest.fixture(autouse=True)
def _indonesian_afterwards() -> Iterator[None]:
    """A request in English leaves English active in this thread; restore the default after each test."""
    yield
    translation.deactivate()


@pytest.mark.django_db
def test_token_of_an_english_speaker_gets_english_errors_without_a_cookie(api_as: Callable[..., Api]) -> None:
    api = api_as(UserFactory(language="en"), ["registry:read-private"])
    assert settings.LANGUAGE_COOKIE_NAME not in api.client.cookies
    response = api.post("/actors", NEW_ACTOR)
    assert response.status_code == 403
    assert error_of(response)["message"] == SCOPE_EN
    assert response.headers["Content-Language"] == "en"

    missing = api.get("/actors/tidak-ada")  # a public read with an optional token
    assert missing.status_code == 404
    assert error_of(missing)["message"] == "Actor profile not found."


@pytest.mark.django_db
def test_token_of_an_indonesian_speaker_gets_indonesian_errors(api_as: Callable[..., Api]) -> None:
    api = api_as(UserFactory(language="id"), ["registry:read-private"])
    response = api.post("/actors", NEW_ACTOR)
    assert error_of(response)["message"] == SCOPE_ID
    assert response.headers["Content-Language"] == "id"


@pytest.mark.django_db
def test_the_tokens_owner_outweighs_the_cookie(api_as: Callable[..., Api]) -> None:
    api = api_as(UserFactory(language="id"), ["registry:read-private"])
    api.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert error_of(api.post("/actors", NEW_ACTOR))["message"] == SCOPE_ID


@pytest.mark.django_db
def test_without_a_token_the_cookie_still_decides(client: Client) -> None:
    api = Api(client)
    assert error_of(api.get("/actors/tidak-ada"))["message"] == "Profil pelaku tidak ditemukan."
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = api.get("/actors/tidak-ada")
    assert error_of(response)["message"] == "Actor profile not found."
    assert response.headers["Content-Language"] == "en"


@pytest.mark.django_db
def test_a_bad_token_is_refused_in_the_cookies_language(client: Client) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = Api(client, "sng_not-a-real-token").post("/actors", NEW_ACTOR)
    assert response.status_code == 401
    assert error_of(response)["message"].startswith("A valid API token is required")
