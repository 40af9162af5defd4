"""insert_rows stores what bulk_create stores (COPY on PostgreSQL, bulk_create elsewhere)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone

from sinergi.core.bulkinsert import insert_rows
from sinergi.registry.models import Actor, ActorKind, ActorYearlyFigure, ContactPerson, Status
from tests.factories import kbli, kelurahan

pytestmark = pytest.mark.django_db


def _actor_row(name: str) -> dict[str, object]:
    return {
        "name": name,
        "slug": name.lower().replace(" ", "-"),
        "kind": ActorKind.INDIVIDUAL,  # a choices member: stored as its value, not its name
        "nib": "",
        "description": 'Kopi sangrai; "premium"\tdan\\ tab\nbaris baru',  # COPY's special characters
        "primary_kbli_id": kbli("56303").pk,
        "kelurahan_id": kelurahan().pk,
        "workers_female": 2,
        "status": Status.VERIFIED,
        "verified_at": timezone.now(),
        "search_text": f"{name} kopi",
    }


def _stored(actor: Actor) -> dict[str, object]:
    data = model_to_dict(actor, exclude=["id", "slug", "name", "search_text", "other_kbli", "subsectors"])
    data.pop("verified_at")
    return data


def test_same_rows_as_bulk_create_with_defaults_ids_and_special_characters() -> None:
    ids = insert_rows(Actor, [_actor_row("Kopi Satu"), _actor_row("Kopi Dua")], ids=True)
    assert len(ids) == 2
    assert ids[0] != ids[1]
    reference = Actor.objects.bulk_create([Actor(**_actor_row("Kopi Tiga"))])[0]  # type: ignore[arg-type]
    one, two = (Actor.objects.get(pk=pk) for pk in ids)
    assert (one.name, two.name) == ("Kopi Satu", "Kopi Dua")
    assert _stored(one) == _stored(Actor.objects.get(pk=reference.pk))
    assert one.kind == "individual"
    assert one.legal_form == Actor._meta.get_field("legal_form").get_default()
    assert one.description == 'Kopi sangrai; "premium"\tdan\\ tab\nbaris baru'
    assert one.created_at is not None
    assert one.updated_at is not None


def test_children_link_to_the_returned_ids_and_keep_decimals() -> None:
    [actor_id] = insert_rows(Actor, [_actor_row("Roti Bakar")], ids=True)
    insert_rows(ActorYearlyFigure, [{"actor_id": actor_id, "year": 2024, "capital": Decimal("1500000000")}])
    insert_rows(ContactPerson, [{"actor_id": actor_id, "full_name": "Ani", "phone": "+6281234567890"}])
    figure = ActorYearlyFigure.objects.get(actor_id=actor_id)
    assert figure.capital == Decimal("1500000000")
    assert figure.sales is None
    contact = ContactPerson.objects.get(actor_id=actor_id)
    assert (contact.full_name, contact.phone, contact.nik) == ("Ani", "+6281234567890", "")
    # The next ordinary insert does not collide with the ids taken from the sequence.
    later = Actor.objects.create(**_actor_row("Roti Lain"))  # type: ignore[arg-type]
    assert later.pk > actor_id


def test_nothing_to_insert() -> None:
    before = Actor.objects.count()
    assert insert_rows(Actor, [], ids=True) == []
    assert Actor.objects.count() == before
