"""Values derived from a profile are computed in one place (`registry.derived`), and the registry's
services keep the one permission convention: they check their named permission themselves."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from sinergi.accounts.models import Role
from sinergi.core.errors import NotAllowed, ServiceError
from sinergi.core.models import AuditEntry
from sinergi.registry import derived, selectors, services
from sinergi.registry.models import Actor, DuplicateFlag, DuplicateResolution, Status
from tests.factories import UserFactory, city_office, make_actor, user_with_role

pytestmark = pytest.mark.django_db


def test_the_pure_search_text_is_the_one_the_service_stores() -> None:
    actor = make_actor(name="Batik Tulis Sawangan", address="Jl. Raya Sawangan 5", kbli_code="14111")
    services.product_save(by=None, actor=actor, data={"name": "Kain batik"})
    services.product_save(by=None, actor=actor, data={"name": "Syal"})
    actor.refresh_from_db()
    kelurahan = actor.kelurahan
    assert kelurahan is not None
    assert kelurahan.parent is not None
    assert actor.primary_kbli is not None
    expected = derived.actor_search_text(
        name="Batik Tulis Sawangan",
        description=actor.description,
        address="Jl. Raya Sawangan 5",
        kelurahan=kelurahan.name,
        kecamatan=kelurahan.parent.name,
        kbli=actor.primary_kbli.title,
        subsectors=[s.name_id for s in actor.subsectors.all()],
        products=["Kain batik", "Syal"],
    )
    assert actor.search_text == expected
    assert "Sawangan" in expected
    assert "Kain batik Syal" in expected


def test_the_pure_search_text_leaves_out_empty_parts_and_reads_no_database(
    django_assert_num_queries: object,
) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        text = derived.actor_search_text(name="Kopi Margonda", description="", kbli="Kedai", products=["Es kopi"])
    assert text == "Kopi Margonda Kedai Es kopi"


def test_products_are_found_by_their_makers_new_name_after_a_rename() -> None:
    actor = make_actor(name="Batik Tulis Sawangan")
    kain = services.product_save(by=None, actor=actor, data={"name": "Kain tulis", "description": "Motif"})
    services.actor_update(by=None, actor=actor, data={"name": "Rumah Tenun Pancoran"})
    assert [p.pk for p in selectors.product_list(q="Pancoran")] == [kain.pk]
    assert not selectors.product_list(q="Sawangan").exists()
    kain.refresh_from_db()
    assert kain.search_text == derived.product_search_text(
        name="Kain tulis", description="Motif", actor_name="Rumah Tenun Pancoran"
    )


def test_products_moved_by_a_merge_are_found_by_the_kept_profiles_name() -> None:
    keep = make_actor(name="Sanggar Gerabah Cipayung")
    absorb = make_actor(name="Gerabah Cipayung Lama")
    vas = services.product_save(by=None, actor=absorb, data={"name": "Vas tanah liat"})
    services.actor_merge(by=None, keep=keep, absorb=absorb, reason="Profil ganda")
    assert [p.pk for p in selectors.product_list(q="Sanggar")] == [vas.pk]
    assert not selectors.product_list(q="Lama").exists()


def test_size_class_and_slug_come_from_derived() -> None:
    actor = make_actor(name="!!!")
    assert actor.slug == derived.SLUG_FALLBACK == "profil"
    assert make_actor(name="???").slug == "profil-2"
    assert derived.slug_for(Actor, "Batik Sawangan " * 30) == ("batik-sawangan-" * 14)[:200]
    services.actor_set_figure(by=None, actor=actor, year=2024, capital=None, sales=Decimal(3_000_000_000))
    assert derived.size_class_of(actor) == "kecil" == Actor.objects.get(pk=actor.pk).size_class


def test_one_rule_for_what_a_profile_lacks_in_the_checklist_and_the_submission() -> None:
    owner = UserFactory()
    actor = services.actor_create(by=owner, data={"name": "Setengah Jadi"}, owner=owner)
    lacking = [item for item in derived.checklist(actor) if item.required and not item.done]
    assert [item.label for item in lacking] == ["Kelurahan", "KBLI utama", "Deskripsi usaha"]
    assert derived.missing_for_submission(actor) == [item.noun for item in lacking]
    with pytest.raises(ServiceError, match="kelurahan, KBLI utama, deskripsi"):
        services.actor_submit(by=owner, actor=actor)


def test_restoring_names_the_status_it_restores_to() -> None:
    verified = make_actor(status=Status.VERIFIED)
    assert services.restored_status(verified) == Status.VERIFIED
    with translation.override("id"), pytest.raises(ServiceError) as caught:
        services.actor_restore(by=None, actor=verified, reason="Salah arsip")
    assert caught.value.message == "Profil berstatus 'Terverifikasi' tidak dapat diubah menjadi 'Terverifikasi'."
    draft = make_actor(status=Status.DRAFT)
    services.actor_archive(by=None, actor=draft, reason="Ganda")
    assert services.restored_status(draft) == Status.SUBMITTED
    services.actor_restore(by=None, actor=draft, reason="Bukan ganda")
    assert Actor.objects.get(pk=draft.pk).status == Status.SUBMITTED


def test_duplicate_resolutions_are_named_choices() -> None:
    first = make_actor(name="Rajut Depok Jaya")
    second = make_actor(name="Rajut Depok Jaya.")
    third = make_actor(name="Rajut Depok Jaya!")
    flags = DuplicateFlag.objects.filter(actor=first).order_by("other_id")
    dismissed, merged = flags[0], flags[1]
    services.duplicate_dismiss(by=None, flag=dismissed, reason="Dua usaha berbeda")
    services.actor_merge(by=None, keep=second, absorb=third, reason="Profil ganda")
    dismissed.refresh_from_db()
    merged.refresh_from_db()
    assert dismissed.resolution == DuplicateResolution.DISMISSED
    assert dismissed.get_resolution_display() == "Bukan duplikat"
    assert merged.resolution == DuplicateResolution.MERGED
    assert merged.get_resolution_display() == "Digabung"


def test_services_refuse_a_person_without_the_named_permission() -> None:
    city_office()
    stranger = UserFactory()
    actor = make_actor(status=Status.SUBMITTED)
    for call in (
        lambda: services.actor_verify(by=stranger, actor=actor),
        lambda: services.actor_reject(by=stranger, actor=actor, reason="Tidak lengkap"),
        lambda: services.actor_archive(by=stranger, actor=actor, reason="Ganda"),
        lambda: services.actor_update(by=stranger, actor=actor, data={"name": "Diambil alih"}),
        lambda: services.actor_set_fostering(by=stranger, actor=actor, office=None, since=None),
        lambda: services.product_save(by=stranger, actor=actor, data={"name": "Palsu"}),
        lambda: services.personal_data_viewed(by=stranger, actor=actor, purpose="Ingin tahu"),
    ):
        with pytest.raises(NotAllowed):
            call()
    actor.refresh_from_db()
    assert actor.status == Status.SUBMITTED
    assert actor.name != "Diambil alih"
    assert not actor.products.exists()
    assert not AuditEntry.objects.filter(by=stranger).exists()
    staff = user_with_role(Role.STAFF, organisation=city_office())
    services.actor_verify(by=staff, actor=actor)
    assert Actor.objects.get(pk=actor.pk).status == Status.VERIFIED


def test_only_the_invited_person_answers_an_invitation_never_the_system() -> None:
    city_office()
    staff = user_with_role(Role.STAFF, organisation=city_office())
    community = services.community_create(by=staff, data={"name": "Komunitas Uji"})
    invitation = services.community_invite(by=staff, community=community, role="member", user=UserFactory())
    with pytest.raises(NotAllowed):
        services.community_invitation_respond(by=None, member=invitation, accept=True)
