import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_answers_when_database_is_reachable(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "static": "ok"}


DB_CACHE = {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "sinergi_health_cache"}


@pytest.mark.django_db
def test_healthz_fails_while_the_shared_cache_table_is_missing(client: Client, settings: Any) -> None:
    """Production's cache is a database table: without `createcachetable` every page is a 500."""
    settings.CACHES = {**settings.CACHES, "default": DB_CACHE}
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["cache"].startswith("error: ")
    assert body["database"] == "ok"
    assert body["static"] == "ok"
    call_command("createcachetable", stdout=io.StringIO())
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_healthz_fails_while_the_static_manifest_is_missing(client: Client, settings: Any, tmp_path: Path) -> None:
    """Production's static storage needs the manifest `collectstatic` writes; without it every page is a 500."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        client.get(reverse("portal:home"))  # what every page does without the manifest
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["static"] == (
        "error: StaticFilesMissing: staticfiles manifest missing: collectstatic was not run for this release"
    )


@pytest.mark.django_db
def test_healthz_fails_until_a_server_started_without_the_manifest_is_reloaded(
    client: Client, settings: Any, tmp_path: Path
) -> None:
    """A server started before the release's static files were in place keeps failing every page even
    once the manifest appears (it is read at start), so health keeps saying so until it is reloaded."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    assert client.get("/healthz").status_code == 503  # the storage is created, without a manifest
    paths = {
        name: name.replace(".", ".0123456789ab.", 1) for name in ("sinergi/css/sinergi.css", "sinergi/js/sinergi.js")
    }
    (tmp_path / "staticfiles.json").write_text(json.dumps({"paths": paths, "version": "1.1", "hash": "x"}))
    with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
        client.get(reverse("portal:home"))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["static"] == (
        "error: StaticFilesMissing: sinergi/css/sinergi.css not in the manifest this process loaded at start: "
        "reload the server"
    )
    settings.STORAGES = {**settings.STORAGES}  # a reload: the storages are created afresh
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/healthz", "/", "/direktori/", "/statistik/", "/acara/", "/api/v1/events", "/akun/masuk/", "/impor/"],
)
def test_head_answers_like_get_without_a_body(client: Client, path: str) -> None:
    get = client.get(path)
    head = client.head(path)
    assert head.status_code == get.status_code != 405
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]


@pytest.mark.django_db
def test_head_is_not_a_way_around_post_only_views(client: Client) -> None:
    response = client.head(reverse("accounts:set_language"))
    assert response.status_code == 405


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy(client: Client) -> None:
    response = client.get(reverse("portal:home"))
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_indonesian_is_the_default_language_and_english_is_switchable(client: Client) -> None:
    home = client.get(reverse("portal:home"))
    assert '<html lang="id">' in home.content.decode()
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    english = client.get(reverse("portal:home"))
    assert '<html lang="en">' in english.content.decode()


@pytest.mark.django_db
def test_set_language_refuses_offsite_redirects(client: Client) -> None:
    response = client.post(reverse("accounts:set_language"), {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_browser_language_header_does_not_override_indonesian(client: Client) -> None:
    response = client.get(reverse("portal:home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="id">' in response.content.decode()
    assert response.headers["Content-Language"] == "id"


@pytest.mark.django_db
def test_head_drops_a_streamed_body_too() -> None:
    from django.http import HttpRequest, StreamingHttpResponse
    from django.test import RequestFactory

    from sinergi.core.middleware import HeadAsGetMiddleware

    seen: list[str] = []

    def view(request: HttpRequest) -> StreamingHttpResponse:
        seen.append(str(request.method))
        return StreamingHttpResponse(iter([b"a", b"b"]), content_type="text/csv")

    response = HeadAsGetMiddleware(view)(RequestFactory().head("/x"))
    assert seen == ["GET"]
    assert b"".join(response.streaming_content) == b""  # type: ignore[attr-defined]
    assert response["Content-Type"] == "text/csv"
