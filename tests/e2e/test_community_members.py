"""A community leader manages members in the browser: the only Ketua is never removed with one click (the
leader names a successor); people and claimed businesses are invited and join when they (their owner) accept
on the dashboard; an unclaimed business is added directly, labelled so, and its later owner may leave."""

from __future__ import annotations

import os
from typing import Any

import pytest
from django.core import mail

from sinergi.registry import services
from sinergi.registry.models import CommunityMember
from tests.e2e.journeys import sign_in
from tests.factories import UserFactory, make_actor

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_leader_hands_over_the_chair_before_removing_the_only_ketua(live_server: Any, page: Any) -> None:
    base = live_server.url
    leader = UserFactory()
    community = services.community_create_with_leader(by=None, data={"name": "Komunitas Rajut Depok"}, leader=leader)
    chair = make_actor(name="Rajut Bu Ratna")
    services.community_member_set(by=None, community=community, actor=chair, role="chair")
    services.community_member_set(by=None, community=community, actor=make_actor(name="Syal Pak Dedi"), role="member")

    sign_in(page, base, leader.email)
    page.goto(f"{base}/direktori/kelola/komunitas/{community.slug}/")
    row = page.locator("#anggota tr", has_text="Rajut Bu Ratna")
    assert row.get_by_role("button", name="Keluarkan", exact=True).count() == 0
    row.get_by_label("Ketua pengganti").select_option(label="Syal Pak Dedi")
    row.get_by_role("button", name="Keluarkan dan serahkan jabatan Ketua").click()
    page.locator("#anggota tr", has_text="Rajut Bu Ratna").wait_for(state="detached")
    new_chair = page.locator("#anggota tr", has_text="Syal Pak Dedi")
    assert "Ketua" in new_chair.inner_text()
    # Now the only member and Ketua: nothing offers to remove them.
    assert new_chair.get_by_role("button").count() == 0
    assert "Satu-satunya Ketua" in new_chair.inner_text()
    assert list(CommunityMember.objects.values_list("actor__name", "role")) == [("Syal Pak Dedi", "chair")]


def test_leader_adds_a_member_by_searching_the_name(live_server: Any, page: Any) -> None:
    base = live_server.url
    leader = UserFactory()
    community = services.community_create_with_leader(by=None, data={"name": "Komunitas Rajut Depok"}, leader=leader)
    make_actor(name="Rajutan Nenek Depok")
    make_actor(name="Kopi Kenangan Margonda")

    sign_in(page, base, leader.email)
    page.goto(f"{base}/direktori/kelola/komunitas/{community.slug}/")
    page.get_by_label("Cari pelaku usaha (nama)").fill("rajut")
    choices = page.locator("#member-choices")
    choices.get_by_text("Rajutan Nenek Depok").wait_for()
    assert "Kopi Kenangan" not in choices.inner_text()
    choices.get_by_label("Rajutan Nenek Depok").check()
    page.locator("#anggota").get_by_label("Peran").select_option(label="Sekretaris")
    page.get_by_role("button", name="Tambah atau undang").click()
    row = page.locator("#anggota tbody tr", has_text="Rajutan Nenek Depok")
    row.wait_for()
    assert "Sekretaris" in row.inner_text()
    assert CommunityMember.objects.get(community=community).role == "secretary"


def test_leader_invites_a_resident_without_a_business_who_accepts_on_the_dashboard(live_server: Any, page: Any) -> None:
    base = live_server.url
    leader = UserFactory(full_name="Ratna Pengurus")
    community = services.community_create_with_leader(by=None, data={"name": "Komunitas Rajut Depok"}, leader=leader)
    services.community_member_set(by=None, community=community, actor=make_actor(name="Rajut Bu Ratna"), role="chair")
    resident = UserFactory(full_name="Siti Aminah", email="siti.aminah@contoh.id")  # no business profile

    sign_in(page, base, leader.email)
    page.goto(f"{base}/direktori/kelola/komunitas/{community.slug}/")
    page.get_by_label("E-mail warga yang diundang").fill("siti.aminah@contoh.id")
    page.get_by_label("Diundang sebagai").select_option(label="Anggota")
    page.get_by_role("button", name="Kirim undangan").click()
    pending = page.locator("#undangan li", has_text="Siti Aminah")
    pending.wait_for()
    assert "menunggu persetujuan" in pending.inner_text()
    page.goto(f"{base}/direktori/komunitas/{community.slug}/")
    assert "Siti Aminah" not in page.locator("main").inner_text()  # not a member until she accepts

    sign_in(page, base, resident.email)
    page.goto(f"{base}/dasbor/")
    card = page.locator("#undangan-komunitas")
    assert "Komunitas Rajut Depok" in card.inner_text()
    assert "diundang oleh Ratna Pengurus" in card.inner_text()
    card.get_by_role("button", name="Terima").click()
    page.get_by_text("Anda sekarang anggota Komunitas Rajut Depok.").wait_for()
    assert page.locator("#undangan-komunitas").count() == 0

    page.goto(f"{base}/direktori/komunitas/{community.slug}/")
    members = page.locator("main ul.plain").first
    assert "Siti Aminah" in members.inner_text()
    assert "siti.aminah@contoh.id" not in page.content()


def test_leader_invites_a_claimed_business_whose_owner_accepts_on_the_dashboard(live_server: Any, page: Any) -> None:
    base = live_server.url
    leader = UserFactory(full_name="Ratna Pengurus")
    community = services.community_create_with_leader(by=None, data={"name": "Komunitas Rajut Depok"}, leader=leader)
    services.community_member_set(by=None, community=community, actor=make_actor(name="Rajut Bu Ratna"), role="chair")
    owner = UserFactory(full_name="Dewi Pemilik", email="dewi@contoh.id")
    make_actor(by=owner, name="Batik Dewi Sawangan")

    sign_in(page, base, leader.email)
    page.goto(f"{base}/direktori/kelola/komunitas/{community.slug}/")
    page.get_by_label("Cari pelaku usaha (nama)").fill("batik dewi")
    choices = page.locator("#member-choices")
    choice = choices.get_by_label("Batik Dewi Sawangan", exact=False)
    choice.wait_for()
    assert "pemiliknya diundang dan perlu menyetujui" in choices.inner_text()
    choice.check()
    page.get_by_role("button", name="Tambah atau undang").click()
    page.get_by_text("Undangan dikirim ke pemilik Batik Dewi Sawangan").wait_for()
    pending = page.locator("#undangan li", has_text="Batik Dewi Sawangan")
    assert "menunggu persetujuan" in pending.inner_text()
    assert page.locator("#anggota tbody tr", has_text="Batik Dewi Sawangan").count() == 0  # not yet a member
    page.goto(f"{base}/direktori/komunitas/{community.slug}/")
    assert "Batik Dewi Sawangan" not in page.locator("main").inner_text()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["dewi@contoh.id"]
    assert "/dasbor/#undangan-komunitas" in mail.outbox[0].body  # the site's address: SINERGI_SITE_URL

    sign_in(page, base, owner.email)
    page.goto(f"{base}/dasbor/")
    card = page.locator("#undangan-komunitas")
    assert "Komunitas Rajut Depok" in card.inner_text()
    assert "untuk usaha Anda Batik Dewi Sawangan" in card.inner_text()
    assert "diundang oleh Ratna Pengurus" in card.inner_text()
    card.get_by_role("button", name="Terima").click()
    page.get_by_text("Batik Dewi Sawangan sekarang anggota Komunitas Rajut Depok.").wait_for()
    assert page.locator("#undangan-komunitas").count() == 0
    assert "Komunitas Rajut Depok" in page.locator("#komunitas-saya").inner_text()

    page.goto(f"{base}/direktori/komunitas/{community.slug}/")
    members = page.locator("main ul.plain").first
    assert "Batik Dewi Sawangan" in members.inner_text()


def test_leader_adds_an_unclaimed_business_which_its_later_owner_leaves(live_server: Any, page: Any) -> None:
    base = live_server.url
    leader = UserFactory()
    community = services.community_create_with_leader(by=None, data={"name": "Komunitas Rajut Depok"}, leader=leader)
    services.community_member_set(by=None, community=community, actor=make_actor(name="Rajut Bu Ratna"), role="chair")
    unclaimed = make_actor(name="Syal Tanpa Pemilik")

    sign_in(page, base, leader.email)
    page.goto(f"{base}/direktori/kelola/komunitas/{community.slug}/")
    page.get_by_label("Cari pelaku usaha (nama)").fill("syal")
    choices = page.locator("#member-choices")
    choice = choices.get_by_label("Syal Tanpa Pemilik", exact=False)
    choice.wait_for()
    assert "belum diklaim: langsung ditambahkan" in choices.inner_text()
    choice.check()
    page.get_by_role("button", name="Tambah atau undang").click()
    # (the Ketua's row lists the other members as successors: find the row by its first cell)
    row = page.locator("#anggota tbody tr").filter(has=page.locator("td:first-child", has_text="Syal Tanpa Pemilik"))
    row.wait_for()
    assert "ditambahkan pengurus · profil belum diklaim" in row.inner_text()
    assert mail.outbox == []
    page.goto(f"{base}/direktori/komunitas/{community.slug}/")
    assert "ditambahkan pengurus, belum dikonfirmasi pemilik usaha" in page.locator("main").inner_text()

    # Its owner claims the profile later, finds the membership on the dashboard and leaves.
    claimant = UserFactory(full_name="Yusuf Pengklaim")
    claim = services.claim_create(by=claimant, actor=unclaimed, message="Saya pemiliknya; NIB terlampir.")
    services.claim_decide(by=None, claim=claim, approve=True, reason="NIB cocok")
    sign_in(page, base, claimant.email)
    page.goto(f"{base}/dasbor/")
    mine = page.locator("#komunitas-saya li", has_text="Komunitas Rajut Depok")
    assert "ditambahkan pengurus sebelum Anda mengklaim profil ini" in mine.inner_text()
    mine.get_by_role("button", name="Keluar dari komunitas").click()
    page.get_by_text("Syal Tanpa Pemilik sudah keluar dari Komunitas Rajut Depok.").wait_for()
    page.goto(f"{base}/direktori/komunitas/{community.slug}/")
    assert "Syal Tanpa Pemilik" not in page.locator("main").inner_text()
