"""Members are listed as people read a community's board: Ketua, Sekretaris, Bendahara, Pengurus, then
Anggota — on the leader's page, the public page and in the API (they were sorted by the role's code, so
the Sekretaris and Bendahara came after every Anggota and a Pengurus before the Ketua)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sinergi.registry import selectors, services
from tests.factories import UserFactory, make_actor

pytestmark = pytest.mark.django_db

EXPECTED = ["Ketua Zaki", "Sekretaris Yuni", "Bendahara Xena", "Pengurus Wati", "Anggota Ani", "Anggota Budi"]


def test_members_are_listed_ketua_sekretaris_bendahara_pengurus_anggota() -> None:
    leader = UserFactory()
    community = services.community_create_with_leader(by=None, data={"name": "Komunitas Rajut Depok"}, leader=leader)
    for name, role in [
        ("Anggota Budi", "member"),
        ("Bendahara Xena", "treasurer"),
        ("Pengurus Wati", "board"),
        ("Anggota Ani", "member"),
        ("Sekretaris Yuni", "secretary"),
        ("Ketua Zaki", "chair"),
    ]:
        services.community_member_set(by=None, community=community, actor=make_actor(name=name), role=role)

    client = Client()
    client.force_login(leader)
    page = client.get(reverse("registry:community", kwargs={"slug": community.slug})).content.decode()
    table = page[page.index('id="anggota"') : page.index("</table>")]
    assert re.findall(r"<td>\s*([A-Z][a-z]+ [A-Z][a-z]+)", table) == EXPECTED

    public = Client().get(reverse("portal:community_detail", kwargs={"slug": community.slug})).content.decode()
    assert [n for n in re.findall(r">([A-Z][a-z]+ [A-Z][a-z]+)</a>", public) if n in EXPECTED] == EXPECTED
    body = Client().get(f"/api/v1/communities/{community.slug}").json()
    assert [m["name"] for m in body["members"]] == EXPECTED
    assert [m.name for m in selectors.community_get(slug=community.slug).members.all()] == EXPECTED
    assert [m.name for m in selectors.community_members(community=community)] == EXPECTED
