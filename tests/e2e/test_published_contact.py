"""An owner publishes the business's WhatsApp number; a visitor sees the chat link on the public profile."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.urls import reverse

from sinergi.registry.models import Actor
from tests.e2e.journeys import sign_in
from tests.factories import UserFactory, make_actor

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_owner_publishes_whatsapp_and_a_visitor_sees_the_link(live_server: Any, page: Any) -> None:
    base = live_server.url
    owner = UserFactory()
    actor = make_actor(by=owner, owner=owner, name="Batik Kenanga Depok", kbli_code="13134")

    sign_in(page, base, owner.email)
    page.goto(base + reverse("registry:actor_edit", kwargs={"slug": actor.slug}))
    page.get_by_label("WhatsApp usaha").fill("0812 3456")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("Nomor WhatsApp harus nomor ponsel Indonesia").wait_for()  # a clear error, input kept
    assert page.get_by_label("WhatsApp usaha").input_value() == "0812 3456"
    page.get_by_label("WhatsApp usaha").fill("0812-3456-7890")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("Profil diperbarui.").wait_for()
    assert Actor.objects.get(pk=actor.pk).whatsapp == "+6281234567890"

    page.context.clear_cookies()  # a visitor, not signed in
    page.goto(base + reverse("portal:actor_detail", kwargs={"slug": actor.slug}))
    link = page.locator("#kontak-usaha").get_by_role("link", name="WhatsApp +6281234567890")
    assert link.get_attribute("href") == "https://wa.me/6281234567890"
