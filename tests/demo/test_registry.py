"""The registry demo data: coverage of Depok and the subsectors, labels, fake identifiers, idempotence,
and derived fields equal to what the services compute."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from PIL import Image

from sinergi.accounts.models import Organisation, User
from sinergi.classification.services import CURRENT_LIST
from sinergi.core.models import AuditEntry
from sinergi.demo.seed import accounts as accounts_demo
from sinergi.demo.seed import registry as demo
from sinergi.registry import derived, selectors, services
from sinergi.registry.identifiers import clean_nik
from sinergi.registry.models import (
    Actor,
    ActorLink,
    ActorYearlyFigure,
    Community,
    CommunityMember,
    ContactPerson,
    CreativeHub,
    DuplicateFlag,
    MembershipStatus,
    Product,
    ProductPhoto,
    SizeClass,
    Status,
)
from sinergi.wilayah.models import Level, Wilayah


@pytest.fixture(scope="module")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[str]:
    """Seed once for the module inside a transaction that is rolled back afterwards (tests nest in it)."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = io.StringIO()
            accounts_demo.seed(out)
            demo.seed(out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


pytestmark = pytest.mark.django_db


def test_at_least_300_actors_over_every_kecamatan_and_kelurahan(seeded: str) -> None:
    actors = Actor.objects.filter(is_demo=True)
    assert actors.count() >= 300
    kecamatan = Wilayah.objects.filter(level=Level.KECAMATAN, code__startswith="32.76.")
    kelurahan = Wilayah.objects.filter(level=Level.KELURAHAN, code__startswith="32.76.")
    assert kecamatan.count() == 11
    assert kelurahan.count() == 63
    assert set(actors.values_list("kelurahan__parent", flat=True)) == set(kecamatan.values_list("pk", flat=True))
    assert set(actors.values_list("kelurahan", flat=True)) == set(kelurahan.values_list("pk", flat=True))


def test_every_current_subsector_has_at_least_8_actors(seeded: str) -> None:
    counts = dict(
        Actor.objects.filter(is_demo=True, subsectors__subsector_list__code=CURRENT_LIST)
        .values_list("subsectors__code")
        .annotate(n=Count("pk", distinct=True))
    )
    assert len(counts) == 17
    assert min(counts.values()) >= 8


def test_statuses_size_classes_and_queues(seeded: str) -> None:
    by_status = dict(Actor.objects.filter(is_demo=True).values_list("status").annotate(n=Count("pk")))
    assert by_status[Status.VERIFIED] > 0.75 * sum(by_status.values())
    assert by_status[Status.SUBMITTED] >= 20
    assert by_status[Status.DRAFT] >= 1
    assert by_status[Status.REJECTED] >= 1
    assert selectors.verification_queue(user=None).filter(is_demo=True).count() == by_status[Status.SUBMITTED]
    sizes = set(Actor.objects.filter(is_demo=True).values_list("size_class", flat=True))
    assert {SizeClass.MIKRO, SizeClass.KECIL, SizeClass.MENENGAH, SizeClass.BESAR} <= sizes
    years = set(ActorYearlyFigure.objects.filter(actor__is_demo=True).values_list("year", flat=True))
    assert years == {2023, 2024, 2025}
    assert Actor.objects.filter(is_demo=True, fostered_by__short_name="Disdagin").count() >= 30
    assert Actor.objects.filter(is_demo=True, workers_female__gt=0).exists()
    assert Actor.objects.filter(is_demo=True, certifications__kind="halal").exists()
    assert Actor.objects.filter(is_demo=True, certifications__kind="pirt").exists()
    assert Actor.objects.filter(is_demo=True, links__isnull=False).distinct().count() >= 100


def test_duplicate_pairs_wait_in_the_duplicates_queue(seeded: str) -> None:
    flags = DuplicateFlag.objects.filter(actor__is_demo=True, resolved=False)
    assert flags.count() >= 2
    for flag in flags:
        assert flag.actor.kelurahan_id == flag.other.kelurahan_id


def test_products_from_apps_and_games_to_batik_fashion_and_culinary(seeded: str) -> None:
    products = Product.objects.filter(is_demo=True)
    for code in ("APL", "GAM", "KRY", "FSN", "KUL"):
        assert products.filter(subsector__code=code).exists(), code
    assert products.filter(subsector__code="KRY", actor__primary_kbli__code="13134", name__icontains="batik").exists()
    apps = products.filter(subsector__code__in=["APL", "GAM"])
    assert apps.exclude(platform="").count() == apps.count()
    assert not apps.filter(store_url="").exists()
    assert not apps.filter(users_count__isnull=True).exists()
    assert apps.exclude(awards="").exists()
    priced = products.filter(price_min__isnull=False)
    assert priced.count() > 300
    assert all(p.price_min is not None and p.price_max is not None and p.price_min <= p.price_max for p in priced)
    flagship = products.filter(is_flagship=True)
    assert 8 <= flagship.count() <= 12
    assert not flagship.filter(flagship_reason="").exists()


def test_communities_start_from_the_real_names_and_are_labelled_demo(seeded: str) -> None:
    with demo.ENTITIES_CSV.open(encoding="utf-8") as handle:
        real = [row for row in csv.DictReader(handle) if row["jenis"] == "komunitas"]
    communities = Community.objects.filter(is_demo=True)
    assert communities.count() == 17
    for row in real:
        community = communities.get(name=row["nama"].strip())
        assert "nama dari pemberitaan; data lain contoh" in community.source_note
        assert row["source_url"].split(" ; ")[0].strip() in community.source_note
    assert communities.filter(source_note__icontains="fiktif").count() == 17 - len(real)
    assert not communities.filter(source_note="").exists()
    assert not communities.exclude(fostered_by__short_name="Disdagin").exists()
    assert not communities.filter(base_kecamatan__isnull=True).exists()
    for community in communities:
        assert community.focus_subsectors.exists()
        assert community.members.count() >= 3
        assert community.activities.count() >= 2
    assert CommunityMember.objects.filter(community__is_demo=True, role="chair").count() == 17
    focus = set(communities.values_list("focus_subsectors__code", flat=True))
    assert {"FSN", "KRY", "KUL"} <= focus


def test_three_hubs_with_programmes_and_residents(seeded: str) -> None:
    hubs = CreativeHub.objects.filter(is_demo=True)
    assert hubs.count() == 3
    for hub in hubs:
        assert hub.programmes
        assert hub.residents.count() >= 5
        assert hub.kelurahan_id
        assert hub.operator_id


def test_identifiers_are_valid_in_form_and_obviously_fake(seeded: str) -> None:
    nibs = list(Actor.objects.filter(is_demo=True).values_list("nib", flat=True))
    assert len(nibs) == len(set(nibs))
    assert all(re.fullmatch(r"9276\d{9}", nib) for nib in nibs)
    contacts = ContactPerson.objects.filter(actor__is_demo=True)
    assert contacts.count() >= 50
    for contact in contacts:
        assert clean_nik(contact.nik) == contact.nik
        assert contact.nik.startswith("3276")
        assert contact.nik[12] == "9"
        assert contact.phone
        assert contact.home_address
        assert contact.consent_at is not None


def test_the_demo_users_own_a_profile_and_lead_a_community(seeded: str) -> None:
    pelaku = accounts_demo.demo_user("pelaku")
    ketua = accounts_demo.demo_user("ketua_komunitas")
    owned = selectors.actors_owned_by(user=pelaku)
    assert owned.count() == 1
    assert owned.get().status == Status.VERIFIED
    assert [c.name for c in selectors.communities_led_by(user=ketua)] == [demo.LED_COMMUNITY]
    # The leader has invited the owner's business: the invitation waits on pelaku@…'s dashboard.
    assert [(i.community.name, i.actor) for i in selectors.community_invitations_for(user=pelaku)] == [
        (demo.LED_COMMUNITY, owned.get())
    ]


def test_derived_fields_are_what_the_services_compute(seeded: str) -> None:
    """Seeding leaves nothing for actor_refresh_derived to change, and products' search text follows
    the one rule (registry.derived)."""
    for actor in Actor.objects.filter(is_demo=True).order_by("pk")[::7]:
        before = (actor.size_class, actor.search_text, sorted(actor.subsectors.values_list("code", flat=True)))
        services.actor_refresh_derived(actor=actor)
        after = (actor.size_class, actor.search_text, sorted(actor.subsectors.values_list("code", flat=True)))
        assert after == before, actor.name
    for product in Product.objects.filter(is_demo=True).select_related("actor")[::11]:
        assert product.search_text == derived.product_search_text(
            name=product.name, description=product.description, actor_name=product.actor.name
        )


def test_every_step_is_in_the_audit_log(seeded: str) -> None:
    petugas = accounts_demo.demo_user("petugas_disdagin")
    verified = Actor.objects.filter(is_demo=True, status=Status.VERIFIED)
    entries = AuditEntry.objects.filter(action="registry.actor.verified", by=petugas)
    assert entries.count() == verified.count()
    assert AuditEntry.objects.filter(action="registry.actor.created").count() >= 300
    assert (
        AuditEntry.objects.filter(action="registry.product.created").count()
        == Product.objects.filter(is_demo=True).count()
    )


def test_everything_is_labelled_demo(seeded: str) -> None:
    assert not Actor.objects.filter(nib__startswith="9276", is_demo=False).exists()
    assert not Product.objects.filter(actor__is_demo=True, is_demo=False).exists()
    assert all("demo" in a.description.lower() for a in Actor.objects.filter(is_demo=True))


def test_second_run_adds_nothing(seeded: str) -> None:
    models = (
        Actor,
        Product,
        Community,
        CommunityMember,
        CreativeHub,
        ContactPerson,
        AuditEntry,
        Organisation,
        User,
        DuplicateFlag,
        ProductPhoto,
    )
    before = [m.objects.count() for m in models]
    out = io.StringIO()
    accounts_demo.seed(out)
    demo.seed(out)
    assert [m.objects.count() for m in models] == before
    assert "sudah ada" in out.getvalue()


def test_products_have_generated_labelled_photos_served_publicly(seeded: str) -> None:
    photos = ProductPhoto.objects.filter(product__is_demo=True).select_related("product__actor")
    assert photos.count() >= 50
    flagship = Product.objects.filter(is_demo=True, is_flagship=True)
    assert not flagship.filter(photos__isnull=True).exists()
    owned = Product.objects.filter(actor__owner=accounts_demo.demo_user("pelaku"))
    assert owned.exists()
    assert not owned.filter(photos__isnull=True).exists()
    assert AuditEntry.objects.filter(action="registry.product.photo_added").count() == photos.count()
    others = photos.exclude(product__is_flagship=True).exclude(product__actor__owner__isnull=False)
    per_actor = others.values("product__actor").annotate(n=Count("pk"))
    assert per_actor.count() >= 50
    assert max(row["n"] for row in per_actor) == 1
    for photo in photos:
        assert "demo" in photo.alt_text.lower()
        assert photo.thumbnail
        assert photo.image
    photo = photos.filter(product__actor__status=Status.VERIFIED, product__is_flagship=True).first()
    assert photo is not None
    with (
        photo.image.open("rb"),
        photo.thumbnail.open("rb"),
        Image.open(photo.image) as full,
        Image.open(photo.thumbnail) as thumb,
    ):
        assert full.format == "JPEG"
        assert max(thumb.size) == 400
    anonymous = Client()
    for name in ("registry:photo", "registry:photo_thumb"):
        served = anonymous.get(reverse(name, kwargs={"pk": photo.pk}))
        assert served.status_code == 200
        assert served["Content-Type"] == "image/jpeg"
        assert b"".join(served.streaming_content)[:3] == b"\xff\xd8\xff"
    product = photo.product
    page = anonymous.get(reverse("portal:actor_detail", kwargs={"slug": product.actor.slug}))
    assert page.status_code == 200
    assert reverse("registry:photo_thumb", kwargs={"pk": photo.pk}) in page.content.decode()


def test_every_actor_figure_link_and_member_went_through_the_services(seeded: str) -> None:
    """Seeding calls the services (issue 12 §5): each yearly figure, link and community member has the
    audit entry its service writes, and each actor was recorded by the demo registry staff."""
    petugas = accounts_demo.demo_user("petugas_disdagin")
    figures = ActorYearlyFigure.objects.filter(actor__is_demo=True).count()
    assert AuditEntry.objects.filter(action="registry.actor.figure_set").count() == figures > 0
    links = ActorLink.objects.filter(actor__is_demo=True).count()
    assert AuditEntry.objects.filter(action="registry.actor.link_added").count() == links > 0
    members = CommunityMember.objects.filter(community__is_demo=True, status=MembershipStatus.ACCEPTED)
    added = AuditEntry.objects.filter(action="registry.community.member_added", data__joined_via="leader")
    assert added.count() == members.count() > 0
    recorded = AuditEntry.objects.filter(action="registry.actor.created", by=petugas)
    registered_again = Actor.objects.filter(is_demo=True, description__contains="(Didaftarkan lagi oleh pemilik.)")
    assert recorded.count() == Actor.objects.filter(is_demo=True).count() - registered_again.count() >= 300
