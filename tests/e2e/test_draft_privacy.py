"""A stranger who follows a link to someone else's draft profile or product learns nothing of it (404,
as for a missing one), while its owner opens the same pages and a verified profile stays readable."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.urls import reverse

from sinergi.registry import services
from sinergi.registry.models import Status
from tests.factories import UserFactory, make_actor

from .journeys import sign_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_stranger_cannot_tell_a_draft_profile_exists(live_server: Any, page: Any) -> None:
    owner = UserFactory()
    draft = make_actor(by=owner, status=Status.DRAFT, name="Rajut Rahasia")
    product = services.product_save(by=owner, actor=draft, data={"name": "Tas Rajut Rahasia"})
    profile_url = live_server.url + reverse("registry:actor", kwargs={"slug": draft.slug})
    product_url = live_server.url + reverse("registry:product", kwargs={"slug": draft.slug, "pk": product.pk})

    sign_in(page, live_server.url, UserFactory().email)
    for url in (profile_url, product_url):
        response = page.goto(url)
        assert response is not None
        assert response.status == 404
        assert "Rajut Rahasia" not in page.content()

    sign_in(page, live_server.url, owner.email)
    response = page.goto(product_url)
    assert response is not None
    assert response.status == 200
    assert page.locator("#id_name").input_value() == "Tas Rajut Rahasia"
    response = page.goto(profile_url)
    assert response is not None
    assert response.status == 200
    assert "Rajut Rahasia" in page.locator("main").inner_text()
