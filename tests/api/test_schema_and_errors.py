"""The published OpenAPI schema, and the one error shape for every kind of error."""

from __future__ import annotations

import json
from typing import Any, get_args

import pytest
from openapi_spec_validator import validate

from sinergi.api.v1 import schemas
from sinergi.registry import selectors
from tests.api.conftest import Api, error_of
from tests.factories import UserFactory, make_actor

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "/api/v1/actors": {"get", "post"},
    "/api/v1/actors/{slug}": {"get", "patch"},
    "/api/v1/actors/{slug}/contacts": {"get"},
    "/api/v1/actors/{slug}/submit": {"post"},
    "/api/v1/actors/{slug}/verify": {"post"},
    "/api/v1/actors/{slug}/reject": {"post"},
    "/api/v1/actors/{slug}/figures": {"post"},
    "/api/v1/actors/{slug}/products": {"post"},
    "/api/v1/communities": {"get"},
    "/api/v1/communities/{slug}": {"get"},
    "/api/v1/communities/{slug}/members": {"post"},
    "/api/v1/hubs": {"get"},
    "/api/v1/hubs/{slug}": {"get"},
    "/api/v1/products": {"get"},
    "/api/v1/products/{slug}": {"get"},
    "/api/v1/summary/kecamatan": {"get"},
    "/api/v1/summary/wilayah": {"get"},
    "/api/v1/subsectors": {"get"},
    "/api/v1/wilayah/kabkota": {"get"},
    "/api/v1/wilayah/kecamatan": {"get"},
    "/api/v1/wilayah/kelurahan": {"get"},
    "/api/v1/kbli": {"get"},
}
PERSONAL_FIELDS = {"nik", "phone", "home_address", "npwp", "email", "owner", "contacts"}
PRIVATE_OPERATIONS = {("/api/v1/actors/{slug}/contacts", "get")}


@pytest.fixture(scope="module")
def openapi() -> dict[str, Any]:
    from sinergi.api.v1 import api

    # Through JSON, as clients read it (status codes become strings).
    return dict(json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/"))))


def _walk_properties(spec: dict[str, Any], node: Any, seen: set[str]) -> set[str]:
    """Every property name reachable from a schema node, following $refs."""
    found: set[str] = set()
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref not in seen:
            seen.add(ref)
            target: Any = spec
            for part in ref.removeprefix("#/").split("/"):
                target = target[part]
            found |= _walk_properties(spec, target, seen)
        found |= set(node.get("properties", {}))
        for value in node.values():
            found |= _walk_properties(spec, value, seen)
    elif isinstance(node, list):
        for value in node:
            found |= _walk_properties(spec, value, seen)
    return found


def test_schema_is_published_valid_and_lists_every_endpoint(api: Api) -> None:
    response = api.get("/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    assert spec["info"]["title"] == "Sinergi API"
    # Other apps add their own routers to v1; the registry and reference endpoints must all be there.
    published = {path: set(ops) for path, ops in spec["paths"].items()}
    assert {path: published.get(path) for path in ENDPOINTS} == ENDPOINTS
    assert spec["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_public_responses_have_no_personal_data_fields(openapi: dict[str, Any]) -> None:
    """Every public read of v1 (any app's): no field named like personal data in its 200 response."""
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            if (path, method) in PRIVATE_OPERATIONS or method != "get" or operation.get("security"):
                continue
            ok = operation["responses"].get("200") or operation["responses"].get("201")
            fields = _walk_properties(openapi, ok, set())
            assert not fields & PERSONAL_FIELDS, (path, method, fields & PERSONAL_FIELDS)


def test_list_endpoints_are_paginated_and_errors_documented(openapi: dict[str, Any]) -> None:
    mine = {path: ops for path, ops in openapi["paths"].items() if path in ENDPOINTS}
    for path, operations in mine.items():
        get = operations.get("get")
        if get is None or path.endswith(("}", "/contacts")):
            continue
        params = {p["name"] for p in get["parameters"]}
        assert {"limit", "offset"} <= params, path
        page = _walk_properties(openapi, get["responses"]["200"], set())
        assert {"count", "next", "previous", "results"} <= page, path
    for operations in mine.values():
        for method, operation in operations.items():
            if method != "get":
                codes = set(operation["responses"])
                assert {"401", "403", "422", "429"} <= codes, method
                assert operation["security"] == [{"TokenAuth": []}]


def test_literals_match_the_model_choices() -> None:
    for choices, literal in schemas.CHOICE_LITERALS.items():
        assert set(get_args(literal)) - {""} == set(choices.values), choices


def test_docs_page_uses_local_assets_only(api: Api) -> None:
    response = api.get("/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert "https://" not in html
    assert "Content-Security-Policy" in response
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/actors/a/b/c", "/api/", "/api/v2/actors"])
def test_unknown_routes_are_404_in_the_shape(client: Any, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_unknown_object_is_404_in_the_shape(api: Api) -> None:
    for path in ["/actors/tidak-ada", "/products/tidak-ada", "/hubs/tidak-ada", "/communities/tidak-ada"]:
        response = api.get(path)
        assert response.status_code == 404
        assert error_of(response)["code"] == "not_found"


def test_wrong_method_is_405_in_the_shape(client: Any) -> None:
    response = client.delete("/api/v1/actors")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}


def test_unreadable_body_is_400_in_the_shape(api_as: Any) -> None:
    api = api_as(UserFactory(), ["registry:write"])
    response = api.client.post(
        "/api/v1/actors",
        data="{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.secret}"},
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_request"
    response = api.send("POST", "/actors", ["a", "list"])
    assert response.status_code == 422
    error_of(response)


def test_missing_fields_are_named(api_as: Any) -> None:
    response = api_as(UserFactory(), ["registry:write"]).post("/actors", {"description": "tanpa nama"})
    assert response.status_code == 422
    assert error_of(response)["fields"] == {"name": ["Wajib diisi."]}


def test_unexpected_error_is_500_in_the_shape_without_details(
    api: Api, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("database on fire: secret detail")

    monkeypatch.setattr(selectors, "kecamatan_summary", broken)
    response = api.get("/summary/kecamatan")
    assert response.status_code == 500
    error = error_of(response)
    assert error["code"] == "server_error"
    assert "secret detail" not in json.dumps(error)
    assert "database on fire" in caplog.text


def test_actor_list_query_count_does_not_grow_with_rows(api: Api, django_assert_max_num_queries: Any) -> None:
    for n in range(12):
        make_actor(name=f"Usaha {n:02d}")
    with django_assert_max_num_queries(8):
        assert api.get("/actors", {"limit": 50}).json()["count"] == 12


def _schema_classes(base: type) -> list[type]:
    found = []
    for sub in base.__subclasses__():
        found.append(sub)
        found.extend(_schema_classes(sub))
    return found


def test_no_two_schema_classes_share_a_component_name() -> None:
    """The OpenAPI components are keyed by class name: two classes of one name document one endpoint
    with the other's response (events' and programs' `SessionOut` did)."""
    from ninja import Schema

    import sinergi.api.v1  # noqa: F401 -- every router, so every schema class, is loaded

    by_name: dict[str, set[str]] = {}
    for cls in _schema_classes(Schema):
        if cls.__module__.startswith("sinergi."):
            by_name.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    shared = {name: places for name, places in by_name.items() if len(places) > 1}
    assert not shared


def test_each_operation_documents_its_own_response_schema(openapi: dict[str, Any]) -> None:
    """The 200 list of event sessions is the events' session shape, not the programs' one."""
    components = openapi["components"]["schemas"]

    def component(node: dict[str, Any]) -> dict[str, Any]:
        return dict(components[node.get("items", node)["$ref"].rsplit("/", 1)[-1]])

    def fields_of(path: str) -> set[str]:
        body = component(openapi["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"])
        if "results" in body["properties"]:  # a page: the shape of its rows
            body = component(body["properties"]["results"])
        return set(body["properties"])

    assert {"kind", "place", "speakers", "confirmed"} <= fields_of("/api/v1/events/{slug}/sessions")
    assert {"venue", "trainer"} <= fields_of("/api/v1/programs/{slug}/sessions")
    assert {"indicator", "price_basis", "value"} <= fields_of("/api/v1/statistics/publications/{pk}/figures")


def _list_paths() -> list[str]:
    from sinergi.api.v1 import api as v1

    spec = v1.get_openapi_schema(path_prefix="/api/v1/")
    found = []
    for path, operations in spec["paths"].items():
        get = operations.get("get")
        if get and "offset" in {p["name"] for p in get.get("parameters", [])}:
            found.append(path.replace("{pk}", "1").replace("{slug}", "x"))
    return sorted(found)


@pytest.mark.parametrize("path", _list_paths())
@pytest.mark.parametrize(("name", "value"), [("offset", 2**63), ("offset", 10**30), ("limit", 2**64), ("offset", -1)])
def test_out_of_range_paging_is_422_on_the_field(api_as: Any, path: str, name: str, value: int) -> None:
    # With a token, so lists of the token owner's own records (/notifications) are checked too.
    response = api_as(UserFactory()).get(path.removeprefix("/api/v1"), {name: str(value)})
    assert response.status_code == 422
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert list(error["fields"]) == [name]


def test_largest_offset_allowed_is_an_empty_page(client: Any) -> None:
    from sinergi.api.pagination import MAX_OFFSET

    response = client.get("/api/v1/actors", {"offset": MAX_OFFSET, "limit": 100})
    assert response.status_code == 200
    assert response.json()["results"] == []
    assert response.json()["next"] is None


def test_permission_denied_is_403_in_the_shape() -> None:
    """Django's PermissionDenied (what `core.access.get_permitted` raises for "may see, may not do") is a
    403 in the one error shape on every API installed with the handlers, not a 500."""
    from django.core.exceptions import PermissionDenied
    from django.http import HttpRequest
    from ninja import NinjaAPI
    from ninja.testing import TestClient

    from sinergi.api.errors import install

    api = NinjaAPI(urls_namespace="permission-denied-test")
    install(api)

    @api.get("/refused")
    def refused(request: HttpRequest) -> None:
        raise PermissionDenied

    response = TestClient(api).get("/refused")
    assert response.status_code == 403
    assert response.json() == {
        "error": {"code": "permission_denied", "message": "Anda tidak berhak melakukan ini.", "fields": {}}
    }
