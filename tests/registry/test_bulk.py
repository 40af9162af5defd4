"""actors_bulk_create writes what actor_create would, for many rows, with one audit entry."""

from __future__ import annotations

from typing import Any

import pytest

from sinergi.core.models import AuditEntry
from sinergi.registry import services
from sinergi.registry.bulk import ActorImporter, actors_bulk_create, name_keys
from sinergi.registry.models import Actor, ActorYearlyFigure, ContactPerson, Status
from tests.factories import kbli, kelurahan

pytestmark = pytest.mark.django_db


def _typed(importer: ActorImporter, context: Any, row: int, **values: Any) -> dict[str, Any]:
    base = {
        "nama_usaha": "Batik Tulis", "jenis_pelaku": "badan_usaha", "bentuk_usaha": "CV", "nib": "",
        "kbli_utama": "14111", "kbli_lain": "58200", "deskripsi": "Batik tulis", "alamat_usaha": "Jl. Melati 1",
        "kode_kelurahan": "32.76.01.1006", "tahun_angka": 2024, "modal_usaha": "1.500.000.000",
        "omzet_tahunan": None, "tenaga_kerja_perempuan": "3", "tenaga_kerja_laki_laki": 1.0,
    }  # fmt: skip
    base.update(values)
    outcome = importer.clean_row(context, row, base)
    assert outcome.typed is not None, outcome.errors
    return outcome.typed


def test_bulk_create_matches_actor_create() -> None:
    importer = ActorImporter()
    context = importer.start()
    typed = _typed(importer, context, 2, nama_usaha="Batik Tulis Bulk", nib="9120000000001")
    count = actors_bulk_create(by=None, rows=[typed], status=Status.VERIFIED)
    assert count == 1
    bulk = Actor.objects.get(nib="9120000000001")
    single = services.actor_create(
        by=None, staff=True, status=Status.VERIFIED,
        data={"name": "Batik Tulis Single", "kind": "business", "legal_form": "cv", "description": "Batik tulis",
              "address": "Jl. Melati 1", "kelurahan": kelurahan(), "workers_female": 3, "workers_male": 1},
        kbli=services.KbliChoice(primary=kbli("14111"), others=[kbli("58200")]),
    )  # fmt: skip
    services.actor_set_figure(by=None, actor=single, year=2024, capital=bulk.yearly_figures.get().capital, sales=None)
    single.refresh_from_db()
    assert bulk.legal_form == "cv"
    assert bulk.size_class == single.size_class == "kecil"
    assert set(bulk.subsectors.values_list("code", flat=True)) == set(single.subsectors.values_list("code", flat=True))
    assert set(bulk.other_kbli.values_list("code", flat=True)) == {"58200"}
    assert bulk.search_text.replace("Bulk", "Single") == single.search_text
    assert bulk.verified_at is not None
    assert (bulk.workers_female, bulk.workers_male) == (3, 1)


def test_one_audit_entry_and_unique_slugs() -> None:
    importer = ActorImporter()
    context = importer.start()
    rows = [_typed(importer, context, n, nama_usaha="Kopi Sama", nib=f"91200000000{n:02d}") for n in range(2, 7)]
    before = AuditEntry.objects.count()
    actors_bulk_create(by=None, rows=rows)
    assert AuditEntry.objects.count() == before + 1
    slugs = list(Actor.objects.values_list("slug", flat=True).order_by("pk"))
    assert slugs == ["kopi-sama", "kopi-sama-2", "kopi-sama-3", "kopi-sama-4", "kopi-sama-5"]
    assert ActorYearlyFigure.objects.count() == 5
    assert ContactPerson.objects.count() == 0


def test_contact_needs_consent_and_is_stored_with_it() -> None:
    importer = ActorImporter()
    context = importer.start()
    outcome = importer.clean_row(
        context,
        2,
        {
            "nama_usaha": "X",
            "jenis_pelaku": "perorangan",
            "kbli_utama": "14111",
            "kode_kelurahan": "3276011006",
            "telepon_narahubung": "0812 3456 7890",
        },
    )
    assert outcome.typed is None
    assert ("nama_narahubung", "Wajib diisi bila NIK atau telepon narahubung diisi.") in outcome.errors
    typed = _typed(
        importer, context, 3, nama_narahubung="Ani", telepon_narahubung="0812 3456 7890", persetujuan_narahubung="Ya"
    )
    actors_bulk_create(by=None, rows=[typed])
    contact = ContactPerson.objects.get()
    assert (contact.phone, contact.legal_basis) == ("+6281234567890", "consent")
    assert contact.consent_at is not None


def test_name_keys_ignore_legal_forms_and_word_order() -> None:
    assert name_keys("CV Batik Ayu")[1] == name_keys("Ayu  Batik")[1]
    assert name_keys("Batik-Ayu")[0] == name_keys("batikayu")[0]


def test_bulk_create_checks_the_import_permission() -> None:
    """A service checks its own named permission: a person who may not import stores nothing."""
    from sinergi.accounts.models import Role
    from sinergi.core.errors import NotAllowed
    from tests.factories import UserFactory, user_with_role

    importer = ActorImporter()
    context = importer.start()
    typed = _typed(importer, context, 2, nib="9120000000009")
    with pytest.raises(NotAllowed):
        actors_bulk_create(by=UserFactory(), rows=[typed])
    assert not Actor.objects.exists()
    assert actors_bulk_create(by=user_with_role(Role.STAFF), rows=[typed]) == 1


def test_registered_nibs_among_thousands_skip_archived_profiles() -> None:
    """The chunk check sends thousands of NIBs at once (one array parameter on PostgreSQL)."""
    from sinergi.registry.bulk.stored import registered_nibs
    from tests.factories import make_actor

    make_actor(nib="9120000000101")
    make_actor(nib="9120000000102", status=Status.ARCHIVED)
    asked = [f"{9120000000000 + n}" for n in range(5000)]
    assert list(registered_nibs(asked).values_list("nib", flat=True)) == ["9120000000101"]
    assert not registered_nibs([]).exists()
