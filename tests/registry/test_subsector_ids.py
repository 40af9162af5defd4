"""The actor row's `subsector_ids` (PostgreSQL, registry migration 0010) always holds exactly the ids of
its rows in `registry_actor_subsectors`, whichever writer changed them: create, update (KBLI), staff
override and back, merge, the bulk import, a direct write. The directory's subsector filter reads the
array (issue 17), so an array left behind would hide or wrongly show a profile in a search."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from sinergi.registry import selectors, services
from sinergi.registry.bulk import ActorImporter, actors_bulk_create
from sinergi.registry.models import Actor, Status
from sinergi.registry.selectors.scope import ActorSubsector
from tests.factories import kbli, make_actor

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the array column is PostgreSQL's"),
]


def _array(actor: Actor) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT subsector_ids FROM registry_actor WHERE id = %s", [actor.pk])
        return list(cursor.fetchone()[0])


def _rows(actor: Actor) -> list[int]:
    return sorted(ActorSubsector.objects.filter(actor_id=actor.pk).values_list("subsector_id", flat=True))


def _codes(actor: Actor) -> set[str]:
    return set(actor.subsectors.values_list("code", flat=True))


def _in_step(actor: Actor) -> list[int]:
    array = _array(actor)
    assert array == _rows(actor)
    return array


def test_create_and_update_keep_the_array_in_step() -> None:
    actor = make_actor(name="Batik Dan Aplikasi", kbli_code="14111")  # fashion
    assert _codes(actor) == {"FSN"}
    assert len(_in_step(actor)) == 1
    services.actor_update(
        by=None,
        actor=actor,
        data={},
        kbli=services.KbliChoice(primary=kbli("62019"), others=[kbli("14111")]),  # applications + fashion
        staff=True,
    )
    assert _codes(actor) == {"APL", "FSN"}
    assert len(_in_step(actor)) == 2
    services.actor_update(by=None, actor=actor, data={}, kbli=services.KbliChoice(primary=None, others=[]), staff=True)
    assert _in_step(actor) == []


def test_the_subsector_filter_works_inside_a_subquery() -> None:
    """The condition names the actor table by the alias its query gives it, also when relabelled."""
    fashion = make_actor(name="Batik Subkueri", kbli_code="14111")
    make_actor(name="Kopi Subkueri", kbli_code="56303")
    inner = selectors.actor_list(subsector="FSN").values("pk")
    assert "U0.subsector_ids @>" in str(Actor.objects.filter(pk__in=inner).query)  # the inner query's own alias
    assert list(Actor.objects.filter(pk__in=inner).values_list("name", flat=True)) == [fashion.name]
    assert list(Actor.objects.exclude(pk__in=inner).values_list("name", flat=True)) == ["Kopi Subkueri"]


def test_staff_override_and_going_back_keep_the_array_in_step() -> None:
    from sinergi.classification.models import Subsector

    actor = make_actor(name="Kopi Yang Kriya", kbli_code="56303")  # culinary
    kriya = Subsector.objects.get(code="KRY", subsector_list__is_current=True)
    services.actor_override_subsectors(by=None, actor=actor, subsectors=[kriya], reason="Produk kriya kopi")
    assert _in_step(actor) == [kriya.pk]
    assert [row.slug for row in selectors.actor_directory_page(subsector="KRY").rows] == [actor.slug]
    assert selectors.actor_directory_page(subsector="KUL").rows == []
    services.actor_override_subsectors(by=None, actor=actor, subsectors=None, reason="")
    assert _codes(actor) == {"KUL"}
    _in_step(actor)
    assert selectors.actor_directory_page(subsector="KRY").rows == []


def test_merge_keeps_the_array_in_step() -> None:
    keep = make_actor(name="Kopi Gabungan", kbli_code="56303")
    absorb = make_actor(name="Kopi Gabungan Lama", kbli_code="14111")
    services.actor_merge(by=None, keep=keep, absorb=absorb, reason="Usaha yang sama")
    assert _codes(keep) == {"KUL", "FSN"}
    assert len(_in_step(keep)) == 2
    _in_step(absorb)
    assert [row.slug for row in selectors.actor_directory_page(subsector="FSN").rows] == [keep.slug]


def test_the_bulk_import_keeps_the_array_in_step() -> None:
    importer = ActorImporter()
    context = importer.start()
    base: dict[str, Any] = {
        "jenis_pelaku": "badan_usaha", "bentuk_usaha": "CV", "kbli_lain": "", "deskripsi": "", "alamat_usaha": "",
        "kode_kelurahan": "32.76.01.1006", "tahun_angka": None, "modal_usaha": None, "omzet_tahunan": None,
        "tenaga_kerja_perempuan": None, "tenaga_kerja_laki_laki": None,
    }  # fmt: skip
    rows = []
    for n, (name, primary, other) in enumerate(
        [("Batik Impor", "14111", "62019"), ("Kopi Impor", "56303", ""), ("Studio Impor", "62019", "")], start=2
    ):
        values = {**base, "nama_usaha": name, "nib": f"91200000001{n:02d}", "kbli_utama": primary, "kbli_lain": other}
        outcome = importer.clean_row(context, n, values)
        assert outcome.typed is not None, outcome.errors
        rows.append(outcome.typed)
    assert actors_bulk_create(by=None, rows=rows, status=Status.VERIFIED) == 3
    imported = {a.name: a for a in Actor.objects.filter(name__endswith="Impor")}
    for actor in imported.values():
        assert _in_step(actor)
    assert _codes(imported["Batik Impor"]) == {"FSN", "APL"}
    found = [row.name for row in selectors.actor_directory_page(subsector="APL").rows]
    assert found == ["Batik Impor", "Studio Impor"]


def test_a_direct_write_to_the_many_to_many_table_keeps_the_array_in_step() -> None:
    """The triggers hold for any writer (the admin, a shell, a future service), not only the services."""
    from sinergi.classification.models import Subsector

    actor = make_actor(name="Usaha Langsung", kbli_code="14111")
    apps = Subsector.objects.get(code="APL", subsector_list__is_current=True)
    actor.subsectors.add(apps)
    assert apps.pk in _in_step(actor)
    actor.subsectors.clear()
    assert _in_step(actor) == []


def test_the_directory_place_index_carries_the_subsector_ids() -> None:
    """Registry 0011: a subsector filter, with or without a place, is checked inside the covering index."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'registry_actor_verified_place_name'")
        definition = " ".join(cursor.fetchone()[0].split())
    assert "(kelurahan_id, name, id) INCLUDE (subsector_ids) WHERE" in definition
