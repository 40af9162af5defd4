"""API: public reads with filters and count pagination; writes with a collaboration:write token."""

from __future__ import annotations

from typing import Any

import pytest

from sinergi.accounts.tokens import token_create
from sinergi.collaboration.models import Initiative, Phase

from .factories import Cast, make_initiative

pytestmark = pytest.mark.django_db


def test_public_reads_and_token_writes(client: Any) -> None:
    cast = Cast()
    opened = make_initiative(cast, Phase.OPEN, title="Pasar kriya")
    make_initiative(cast, Phase.DRAFT, title="Draf")
    body = client.get("/api/v1/initiatives?phase=open").json()
    assert body["count"] == 1
    assert body["results"][0]["title"] == "Pasar kriya"
    assert client.get("/api/v1/initiatives").json()["count"] == 1  # drafts are not public
    assert client.get(f"/api/v1/initiatives/{opened.pk}/supports").json()["total"] == 0
    assert client.post(f"/api/v1/initiatives/{opened.pk}/supports").status_code == 401
    _, secret = token_create(by=cast.stranger, user=cast.stranger, name="t", scopes=["collaboration:write"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert client.post(f"/api/v1/initiatives/{opened.pk}/supports", **auth).json()["supports"] == 1
    response = client.post(
        f"/api/v1/initiatives/{opened.pk}/comments",
        {"body": "Setuju", "stance": "for"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 201
    assert client.get(f"/api/v1/initiatives/{opened.pk}/comments").json()[0]["body"] == "Setuju"
    _, readonly = token_create(by=cast.member, user=cast.member, name="r", scopes=[])
    denied = client.post(f"/api/v1/initiatives/{opened.pk}/supports", HTTP_AUTHORIZATION=f"Bearer {readonly}")
    assert denied.status_code == 403
    assert denied.json()["error"]["code"] == "insufficient_scope"
    created = client.post(
        "/api/v1/initiatives", {"title": "Baru", "problem": "p", "goal": "g"}, content_type="application/json", **auth
    )
    assert created.status_code == 201
    assert created.json()["phase"] == "draft"


def test_an_unknown_subsector_code_is_a_422_that_names_it_and_creates_nothing(client: Any) -> None:
    cast = Cast()
    _, secret = token_create(by=cast.stranger, user=cast.stranger, name="t", scopes=["collaboration:write"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    body = {"title": "Baru", "problem": "p", "goal": "g", "subsectors": ["FSN", "ZZZ", "AAA"]}
    refused = client.post("/api/v1/initiatives", body, content_type="application/json", **auth)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "validation_error"
    assert error["fields"]["subsectors"] == ["Kode subsektor tidak dikenal di daftar yang berlaku: AAA, ZZZ."]
    assert not Initiative.objects.exists()
    created = client.post(
        "/api/v1/initiatives", body | {"subsectors": ["FSN"]}, content_type="application/json", **auth
    )
    assert created.status_code == 201
    assert created.json()["subsectors"] == ["FSN"]
