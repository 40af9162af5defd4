from decimal import Decimal

import pytest

from sinergi.core.errors import Conflict, ServiceError
from sinergi.core.models import AuditEntry
from sinergi.registry import services
from sinergi.registry.models import Actor, DuplicateFlag, Status
from tests.factories import UserFactory, kbli, kelurahan, make_actor

pytestmark = pytest.mark.django_db


def test_subsectors_are_derived_from_kbli_through_the_active_mapping() -> None:
    actor = make_actor(kbli_code="14111")  # clothing → fesyen in the provisional mapping
    assert [s.code for s in actor.subsectors.all()] == ["FSN"]
    services.actor_update(by=None, actor=actor, data={}, kbli=services.KbliChoice(primary=kbli("62019"), others=[]))
    assert [s.code for s in actor.subsectors.all()] == ["APL"]


def test_size_class_is_computed_from_the_latest_year_never_typed() -> None:
    actor = make_actor()
    assert actor.size_class == ""
    services.actor_set_figure(
        by=None, actor=actor, year=2024, capital=Decimal(50_000_000), sales=Decimal(3_000_000_000)
    )
    actor.refresh_from_db()
    assert actor.size_class == "kecil"  # sales > Rp2 M and ≤ Rp15 M
    services.actor_set_figure(by=None, actor=actor, year=2025, capital=Decimal(100_000_000), sales=None)
    actor.refresh_from_db()
    assert actor.size_class == "mikro"  # only capital known for the latest year: ≤ Rp1 M


def test_lifecycle_submit_verify_and_reasons_are_required() -> None:
    owner = UserFactory()
    actor = make_actor(by=owner, status=Status.DRAFT)
    services.actor_submit(by=owner, actor=actor)
    with pytest.raises(ServiceError):
        services.actor_reject(by=None, actor=actor, reason="  ")
    services.actor_verify(by=None, actor=actor)
    assert actor.status == Status.VERIFIED
    actions = list(AuditEntry.objects.filter(target_id=str(actor.pk)).values_list("action", flat=True))
    assert "registry.actor.submitted" in actions
    assert "registry.actor.verified" in actions
    with pytest.raises(ServiceError):
        services.actor_submit(by=owner, actor=actor)


def test_incomplete_profiles_cannot_be_submitted() -> None:
    actor = services.actor_create(by=None, data={"name": "Tanpa Alamat"})
    with pytest.raises(ServiceError, match="kelurahan"):
        services.actor_submit(by=None, actor=actor)


def test_same_nib_is_refused_and_similar_names_in_one_kelurahan_are_flagged() -> None:
    make_actor(name="Batik Sawangan Asri", nib="1234567890123")
    with pytest.raises(Conflict):
        make_actor(name="Lain", nib="1234567890123")
    second = make_actor(name="Batik Sawangan Asri.")
    assert DuplicateFlag.objects.filter(other=second).exists() or DuplicateFlag.objects.filter(actor=second).exists()


def test_merge_keeps_both_histories_and_archives_the_absorbed_profile() -> None:
    keep = make_actor(name="Rajut Depok")
    absorb = make_actor(name="Rajut Depok Jaya", nib="9876543210123")
    services.product_save(by=None, actor=absorb, data={"name": "Syal rajut"})
    services.actor_merge(by=None, keep=keep, absorb=absorb, reason="profil ganda")
    absorb.refresh_from_db()
    keep.refresh_from_db()
    assert absorb.status == Status.ARCHIVED
    assert absorb.merged_into == keep
    assert keep.nib == "9876543210123"
    assert keep.products.filter(name="Syal rajut").exists()
    assert AuditEntry.objects.filter(target_id=str(absorb.pk), action="registry.actor.merged_into").exists()
    assert Actor.objects.filter(pk=absorb.pk).exists()


def test_kelurahan_determines_the_kecamatan() -> None:
    actor = make_actor(kelurahan=kelurahan("32.76.01.1006"))
    assert actor.kecamatan is not None
    assert actor.kecamatan.name == "Pancoran Mas"
