"""Screen readers read a field's help text and errors through `aria-describedby`: every id a field
points at exists on the page (Django 5.2 names them `<id>_helptext` and `<id>_error`)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from sinergi.accounts.models import Role
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.described: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for target in (values.get("aria-describedby") or "").split():
            self.described.append((str(values.get("name") or values.get("id")), target))


def _dangling(html: str) -> list[tuple[str, str]]:
    parser = _Ids()
    parser.feed(html)
    assert parser.described, "the page has no described field: the test would prove nothing"
    return [(field, target) for field, target in parser.described if target not in parser.ids]


def test_sign_up_help_and_errors_are_announced() -> None:
    client = Client()
    url = reverse("accounts:signup")
    invalid = client.post(url, {"email": "bukan-email", "password1": "a", "password2": "b"})
    assert _dangling(invalid.content.decode()) == []


def test_profile_form_help_texts_are_announced() -> None:
    client = Client()
    client.force_login(user_with_role(Role.MEMBER, kind="business"))
    page = client.get(reverse("registry:actor_create"))
    assert page.status_code == 200
    assert _dangling(page.content.decode()) == []
