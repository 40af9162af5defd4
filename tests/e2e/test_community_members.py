"""A community leader manages members in the browser: the only Ketua is never removed with one click;
the leader names a successor, and the table shows the new Ketua."""

from __future__ import annotations

import os
from typing import Any

import pytest

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
    page.get_by_role("button", name="Simpan anggota").click()
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
    assert "menunggu jawaban" in pending.inner_text()
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
