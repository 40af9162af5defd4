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


def test_copy_rows_fill_defaults_call_callables_and_place_new_ids() -> None:
    import itertools

    from django.db import models

    from sinergi.core.bulkinsert import _columns, _copy_rows

    counter = itertools.count(1)
    name = Actor._meta.get_field("name")
    slug = Actor._meta.get_field("slug")
    status = Actor._meta.get_field("status")

    class Token(models.CharField):  # a field with a callable default, called once a row like Django does
        pass

    token = Token(default=lambda: f"t{next(counter)}")
    token.attname = "token"
    fields = [_columns(Actor, with_pk=True)[0], name, slug, status, token]
    rows = [
        {"name": "A", "slug": "a"},
        {"name": "B", "slug": "b", "status": Status.VERIFIED, "token": "given"},
        {"name": "C"},
    ]
    values = list(_copy_rows(rows, fields, [71, 72, 73], "id"))
    default_status = status.get_default()
    assert values == [
        [71, "A", "a", default_status, "t1"],
        [72, "B", "b", Status.VERIFIED, "given"],
        [73, "C", "", default_status, "t2"],
    ]


def test_a_plain_enum_member_is_written_as_its_value_by_copy() -> None:
    import enum

    from sinergi.core.bulkinsert import uses_copy

    if not uses_copy():
        pytest.skip("COPY is PostgreSQL's; elsewhere bulk_create prepares values through the field")

    class Kind(enum.Enum):
        ONE = "individual"

    [actor_id] = insert_rows(Actor, [{**_actor_row("Enum Biasa"), "kind": Kind.ONE}], ids=True)
    assert Actor.objects.get(pk=actor_id).kind == "individual"
