"""Fixtures for the API tests: tokens made through the service, a JSON client."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from sinergi.accounts import tokens
from sinergi.accounts.models import User


class Api:
    """A thin JSON client for /api/v1/ with an optional bearer token."""

    def __init__(self, client: Client, secret: str | None = None) -> None:
        self.client = client
        self.secret = secret

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.secret}"} if self.secret else {}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(f"/api/v1{path}", params or {}, headers=self._headers())

    def send(self, method: str, path: str, body: Any = None) -> Any:
        call = getattr(self.client, method.lower())
        data = json.dumps(body) if body is not None else ""
        return call(f"/api/v1{path}", data=data, content_type="application/json", headers=self._headers())

    def post(self, path: str, body: Any = None) -> Any:
        return self.send("POST", path, body)

    def patch(self, path: str, body: Any = None) -> Any:
        return self.send("PATCH", path, body)


def error_of(response: Any) -> dict[str, Any]:
    """The `error` object of a response, after checking the one error shape."""
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "fields"}
    assert isinstance(error["code"], str)
    assert error["code"]
    assert isinstance(error["message"], str)
    assert error["message"]
    assert all(isinstance(v, list) and all(isinstance(m, str) for m in v) for v in error["fields"].values())
    return dict(error)


@pytest.fixture
def api(client: Client) -> Api:
    return Api(client)


@pytest.fixture
def api_as(client: Client) -> Callable[..., Api]:
    """`api_as(user, scopes=[...])`: a client carrying a new token of `user` with those scopes."""

    def make(user: User, scopes: list[str] | None = None) -> Api:
        _, secret = tokens.token_create(by=user, user=user, name="uji", scopes=scopes or [])
        return Api(Client(), secret)

    return make
