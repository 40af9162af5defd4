"""A business's published contact (business phone, WhatsApp → wa.me link): chosen by the owner, validated,
shown on the public profile and in the public API; the contact person's NIK and phone stay private."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sinergi.accounts import tokens
from sinergi.core import phones
from sinergi.core.models import AuditEntry
from sinergi.registry import identifiers, services
from sinergi.registry.models import Status
from tests.api.conftest import Api
from tests.factories import UserFactory, make_actor

pytestmark = pytest.mark.django_db

PROFILE = {
    "name": "Batik Tulis Kenanga",
    "kind": "business",
    "legal_form": "ud",
    "nib": "",
    "npwp": "",
    "founded_year": "2019",
    "kbli_primary": "13134",
    "kbli_others": "",
    "address": "Jl. Kenanga 5",
    "kelurahan": "32.76.01.1006",
    "latitude": "",
    "longitude": "",
    "workers_female": "3",
    "workers_male": "1",
    "description": "Batik tulis motif Depok.",
}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("0812-3456-7890", "+6281234567890"), ("62 812 3456 789", "+628123456789"), ("+6285712345678", "+6285712345678")],
)
def test_whatsapp_numbers_are_indonesian_mobiles(typed: str, stored: str) -> None:
    assert phones.clean_whatsapp(typed) == stored
    assert identifiers.whatsapp_url(stored) == "https://wa.me/" + stored[1:]


@pytest.mark.parametrize("typed", ["021-7777-888", "0812", "+1 415 555 0100", "WA saya", "0812345678901234"])
def test_other_numbers_are_not_whatsapp(typed: str) -> None:
    with pytest.raises(ValueError, match="nomor ponsel Indonesia"):
        phones.clean_whatsapp(typed)


def _owner_with_profile() -> tuple[Any, Any, Client]:
    owner = UserFactory()
    actor = make_actor(by=owner, owner=owner, name="Batik Tulis Kenanga", kbli_code="13134")
    services.contact_save(
        by=None,
        actor=actor,
        data={"full_name": "Siti Aminah", "nik": "3276010101900001", "phone": "+6281111222333", "consent": True},
    )
    client = Client()
    client.force_login(owner)
    return owner, actor, client


def test_owner_publishes_whatsapp_and_phone_and_visitors_see_them() -> None:
    _, actor, client = _owner_with_profile()
    url = reverse("registry:actor_edit", kwargs={"slug": actor.slug})
    form = client.get(url).content.decode()
    assert 'name="whatsapp"' in form
    assert 'name="business_phone"' in form
    response = client.post(url, PROFILE | {"whatsapp": "0812-3456-7890", "business_phone": "(021) 7777 888"})
    assert response.status_code == 302
    actor.refresh_from_db()
    assert (actor.whatsapp, actor.business_phone) == ("+6281234567890", "0217777888")
    entry = AuditEntry.objects.filter(action="registry.actor.updated").latest("pk")
    assert {"whatsapp", "business_phone"} <= set(entry.data["fields"])
    assert "6281234567890" not in str(entry.data)  # field names are logged, never the numbers

    public = Client().get(reverse("portal:actor_detail", kwargs={"slug": actor.slug})).content.decode()
    assert 'href="https://wa.me/6281234567890"' in public
    assert 'href="tel:0217777888"' in public
    # The contact person's data is not what is published.
    assert "6281111222333" not in public
    assert "3276010101900001" not in public
    assert "Siti Aminah" not in public


def test_a_bad_whatsapp_number_is_a_located_error_and_saves_nothing() -> None:
    _, actor, client = _owner_with_profile()
    url = reverse("registry:actor_edit", kwargs={"slug": actor.slug})
    response = client.post(url, PROFILE | {"whatsapp": "021-7777-888", "description": "Deskripsi baru"})
    assert response.status_code == 400
    assert response.context["form"].errors["whatsapp"] == [
        "Nomor WhatsApp harus nomor ponsel Indonesia, misalnya 0812xxxxxxx atau +62812xxxxxxx."
    ]
    assert 'value="021-7777-888"' in response.content.decode()  # what was typed is kept
    actor.refresh_from_db()
    assert actor.whatsapp == ""
    assert actor.description != "Deskripsi baru"


def test_no_published_contact_no_contact_card() -> None:
    actor = make_actor(name="Tanpa Kontak")
    public = Client().get(reverse("portal:actor_detail", kwargs={"slug": actor.slug})).content.decode()
    assert 'id="kontak-usaha"' not in public
    assert "wa.me" not in public


def test_the_public_api_carries_the_published_contact_only(client: Client) -> None:
    _, actor, _client = _owner_with_profile()
    services.actor_update(by=None, actor=actor, data={"whatsapp": "+6281234567890", "business_phone": "0217777888"})
    assert actor.status == Status.VERIFIED
    body = Api(client).get(f"/actors/{actor.slug}").json()
    assert body["whatsapp"] == "+6281234567890"
    assert body["whatsapp_url"] == "https://wa.me/6281234567890"
    assert body["business_phone"] == "0217777888"
    assert "6281111222333" not in str(body)


def test_the_api_validates_the_published_contact() -> None:
    owner, actor, _client = _owner_with_profile()
    _, secret = tokens.token_create(by=owner, user=owner, name="uji", scopes=["registry:write"])
    writer = Api(Client(), secret)
    response = writer.patch(f"/actors/{actor.slug}", {"whatsapp": "12345"})
    assert response.status_code == 422
    assert "nomor ponsel Indonesia" in response.content.decode()
    assert writer.patch(f"/actors/{actor.slug}", {"whatsapp": "0857 1234 5678"}).status_code == 200
    actor.refresh_from_db()
    assert actor.whatsapp == "+6285712345678"
