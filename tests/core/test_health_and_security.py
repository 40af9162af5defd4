import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_answers_when_database_is_reachable(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


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
