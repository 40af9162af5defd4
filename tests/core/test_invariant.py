"""`{% invariant %}` (core/templatetags/invariant.py): page parts that are the same on every request are
rendered once per process, language and listed value, and what they may depend on is enforced."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sinergi.accounts.models import User
from sinergi.core.templatetags import invariant
from tests.factories import province_installation

pytestmark = pytest.mark.django_db


class Counted:
    """A listed value that counts how often the body reads it."""

    def __init__(self) -> None:
        self.reads = 0

    @property
    def label(self) -> str:
        self.reads += 1
        return "sekali"


def _render(source: str, **context: Any) -> str:
    return Template("{% load invariant %}" + source).render(Context(context))


def test_the_body_is_rendered_once_for_the_same_values() -> None:
    invariant.clear()
    thing = Counted()
    template = Template("{% load invariant %}{% invariant thing %}<b>{{ thing.label }}</b>{% endinvariant %}")
    assert [template.render(Context({"thing": thing})) for _ in range(3)] == ["<b>sekali</b>"] * 3
    assert thing.reads == 1


def test_another_value_or_language_is_another_rendering() -> None:
    invariant.clear()
    source = "{% invariant on %}{% if on %}ya{% else %}tidak{% endif %} {% translate 'Beranda' %}{% endinvariant %}"
    assert _render(source, on=True) == "ya Beranda"
    assert _render(source, on=False) == "tidak Beranda"
    with translation.override("en"):
        assert _render(source, on=True) == "ya Home"
    assert _render(source, on=True) == "ya Beranda"


def test_the_body_sees_only_the_listed_values() -> None:
    invariant.clear()
    # A value that differs per request (here the person) is missing inside: the suite fails on it.
    with pytest.raises(pytest.fail.Exception, match="user"):
        _render("{% invariant %}{{ user }}{% endinvariant %}", user="Warga")


def test_a_csrf_token_cannot_be_memoised() -> None:
    with pytest.raises(TemplateSyntaxError, match="csrf_token"):
        Template("{% load invariant %}{% invariant %}{% csrf_token %}{% endinvariant %}")
    with pytest.raises(TemplateSyntaxError, match="names"):
        Template("{% load invariant %}{% invariant user.name %}{% endinvariant %}")


def test_the_page_chrome_follows_the_language_the_person_and_the_region(settings: Any) -> None:
    client = Client()
    html = client.get(reverse("portal:directory")).content.decode()
    assert f'href="{reverse("accounts:login")}">Masuk</a>' in html
    assert "Ringkasan kecamatan" in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(reverse("portal:directory")).content.decode()
    assert ">Sign in</a>" in english
    assert "Masuk" not in english
    user = User.objects.create_user(email="warga@contoh.id", password="rahasia-Sinergi-2026", full_name="Warga Uji")
    client.force_login(user)
    signed_in = client.get(reverse("portal:directory")).content.decode()
    assert ">Sign in</a>" not in signed_in
    assert 'data-testid="account-menu"' in signed_in
    province_installation(settings)
    # Another search: the page cache keeps whole anonymous pages until the data changes.
    province = Client().get(reverse("portal:directory") + "?q=batik").content.decode()
    assert "Ringkasan kabupaten/kota" in province
    assert "Publikasi kabupaten/kota" in province
    assert "Kalimantan Timur" in province


def test_two_templates_never_share_a_rendering() -> None:
    first = Template("{% load invariant %}{% invariant %}A{% endinvariant %}")
    second = Template("{% load invariant %}{% invariant %}B{% endinvariant %}")
    assert (first.render(Context()), second.render(Context())) == ("A", "B")


def test_a_changed_setting_forgets_every_rendering(settings: Any) -> None:
    thing = Counted()
    template = Template("{% load invariant %}{% invariant thing %}{{ thing.label }}{% endinvariant %}")
    template.render(Context({"thing": thing}))
    settings.SINERGI_REGION_NAME = "Kota Lain"
    template.render(Context({"thing": thing}))
    assert thing.reads == 2
