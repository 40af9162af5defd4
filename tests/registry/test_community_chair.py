"""A community always keeps a Ketua: the only one leaves (or steps down) only with a named successor."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sinergi.core.errors import Conflict, ServiceError
from sinergi.registry import services
from sinergi.registry.models import CommunityMember
from tests.factories import UserFactory, make_actor

pytestmark = pytest.mark.django_db


def community_with_chair():
    leader = UserFactory()
    community = services.community_create_with_leader(by=None, data={"name": "Komunitas Rajut Depok"}, leader=leader)
    chair = make_actor(name="Rajut Bu Ratna")
    member = make_actor(name="Syal Pak Dedi")
    services.community_member_set(by=None, community=community, actor=chair, role="chair")
    services.community_member_set(by=None, community=community, actor=member, role="member")
    return leader, community, chair, member


def test_the_only_chair_is_removed_only_with_a_successor() -> None:
    _leader, community, chair, member = community_with_chair()
    with pytest.raises(Conflict) as caught:
        services.community_member_remove(by=None, community=community, actor=chair)
    assert caught.value.field_errors["successor"] == [
        "Rajut Bu Ratna adalah satu-satunya Ketua. Pilih Ketua pengganti sebelum mengeluarkannya."
    ]
    with pytest.raises(ServiceError, match="anggota lain"):
        services.community_member_remove(by=None, community=community, actor=chair, successor=chair)
    assert CommunityMember.objects.filter(community=community).count() == 2

    services.community_member_remove(by=None, community=community, actor=chair, successor=member)
    assert list(CommunityMember.objects.filter(community=community).values_list("actor__name", "role")) == [
        ("Syal Pak Dedi", "chair")
    ]


def test_the_only_chair_cannot_step_down_without_another_chair() -> None:
    _leader, community, chair, member = community_with_chair()
    with pytest.raises(Conflict, match="satu-satunya Ketua"):
        services.community_member_set(by=None, community=community, actor=chair, role="member")
    services.community_member_set(by=None, community=community, actor=member, role="chair")
    services.community_member_set(by=None, community=community, actor=chair, role="member")
    assert CommunityMember.objects.get(actor=chair).role == "member"


def test_the_members_table_asks_for_a_successor(client: Client) -> None:
    leader, community, chair, member = community_with_chair()
    client.force_login(leader)
    url = reverse("registry:community", kwargs={"slug": community.slug})
    page = client.get(url).content.decode()
    assert "Keluarkan dan serahkan jabatan Ketua" in page
    assert f'<option value="{member.pk}">Syal Pak Dedi</option>' in page
    remove = reverse("registry:member_remove", kwargs={"slug": community.slug, "actor_pk": chair.pk})
    refused = client.post(remove, HTTP_HX_REQUEST="true").content.decode()
    assert "Pilih Ketua pengganti sebelum mengeluarkannya." in refused
    assert CommunityMember.objects.filter(community=community).count() == 2
    response = client.post(remove, {"successor": str(member.pk)}, follow=True)
    assert "Anggota dikeluarkan; Syal Pak Dedi sekarang Ketua." in response.content.decode()
    assert CommunityMember.objects.get(community=community).actor == member


def test_leaders_find_new_members_by_name(client: Client) -> None:
    leader, community, _chair, member = community_with_chair()
    wanted = make_actor(name="Rajutan Nenek Depok")
    make_actor(name="Rajutan Lama", status="archived")
    client.force_login(leader)
    search = reverse("registry:member_search", kwargs={"slug": community.slug})
    found = client.get(search, {"cari": "rajut"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Rajutan Nenek Depok" in found
    assert "Rajutan Lama" not in found
    assert "Rajut Bu Ratna" not in found
    assert "Tidak ada pelaku usaha" in client.get(search, {"cari": "zzz"}).content.decode()
    # Without JavaScript the same search runs on the page itself.
    url = reverse("registry:community", kwargs={"slug": community.slug})
    assert f'value="{wanted.pk}"' in client.get(url, {"cari": "nenek"}).content.decode()

    add = reverse("registry:member_add", kwargs={"slug": community.slug})
    missing = client.post(add, {"role": "member"})
    assert missing.status_code == 400
    assert "Cari nama pelaku usaha, lalu pilih salah satu hasilnya." in missing.content.decode()
    twice = client.post(add, {"actor": str(member.pk), "role": "member"})
    assert twice.status_code == 400
    assert "sudah menjadi anggota" in twice.content.decode()
    assert client.post(add, {"actor": str(wanted.pk), "role": "member"}).status_code == 302
    assert CommunityMember.objects.filter(community=community, actor=wanted).exists()
