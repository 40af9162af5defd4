"""core.clientaddr: the client's address comes from a trusted proxy header only when one is configured."""

from __future__ import annotations

from typing import Any

from django.test import RequestFactory

from sinergi.core.clientaddr import client_address

rf = RequestFactory()


def test_without_a_configured_header_the_connection_address_is_used(settings: Any) -> None:
    settings.SINERGI_TRUSTED_PROXY_HEADER = ""
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="10.0.0.1", HTTP_X_REAL_IP="10.0.0.2")
    assert client_address(request) == "192.0.2.1"


def test_the_configured_header_is_believed(settings: Any) -> None:
    settings.SINERGI_TRUSTED_PROXY_HEADER = "X-Real-IP"
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9", HTTP_X_FORWARDED_FOR="10.0.0.1")
    assert client_address(request) == "203.0.113.9"


def test_x_forwarded_for_yields_its_last_entry(settings: Any) -> None:
    settings.SINERGI_TRUSTED_PROXY_HEADER = "X-Forwarded-For"
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.1, 2001:db8::1")
    assert client_address(request) == "2001:db8::1"


def test_a_missing_or_garbled_header_falls_back_to_the_connection(settings: Any) -> None:
    settings.SINERGI_TRUSTED_PROXY_HEADER = "X-Real-IP"
    assert client_address(rf.get("/", REMOTE_ADDR="192.0.2.5")) == "192.0.2.5"
    assert client_address(rf.get("/", REMOTE_ADDR="192.0.2.5", HTTP_X_REAL_IP="bukan-alamat")) == "192.0.2.5"


def test_check_deploy_warns_without_a_trusted_proxy_header(settings: Any) -> None:
    from sinergi.core.checks import trusted_proxy_header

    settings.SINERGI_TRUSTED_PROXY_HEADER = ""
    (warning,) = trusted_proxy_header()
    assert warning.id == "sinergi.W001"
    settings.SINERGI_TRUSTED_PROXY_HEADER = "X-Real-IP"
    assert trusted_proxy_header() == []
