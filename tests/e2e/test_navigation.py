"""Navigation by role: each person's account menu offers exactly the pages their permissions open (built
from the named permissions, so it follows them), every one of those pages opens, and a head of division
finds the publications awaiting approval from the menu and decides there."""

from __future__ import annotations

import re
from typing import Any

import pytest

from sinergi.accounts.models import OrganisationKind, Role
from sinergi.core.navigation import registered
from tests.factories import UserFactory, make_actor, user_with_role
from tests.statistics.helpers import ratio_run

PASSWORD = "rahasia-Sinergi-2026"


def _login(page: Any, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/akun/masuk/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)


def _menu(page: Any) -> dict[str, str]:
    """Open the account menu in the header; {url name: link text} of what it offers."""
    menu = page.get_by_test_id("account-menu")
    menu.locator("summary").click()
    links = menu.locator("a[data-nav]")
    return {links.nth(i).get_attribute("data-nav"): links.nth(i).inner_text() for i in range(links.count())}


def _people() -> dict[str, Any]:
    owner = UserFactory()
    make_actor(by=owner, name="Usaha Pemilik Uji")
    return {
        "warga": UserFactory(),
        "pelaku": owner,
        "ketua komunitas": user_with_role(Role.LEADER, OrganisationKind.COMMUNITY),
        "petugas": user_with_role(Role.STAFF),
        "kepala bidang": user_with_role(Role.HEAD),
        "analis": user_with_role(Role.ANALYST),
        "administrator": user_with_role(Role.ADMIN),
    }


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_each_role_is_offered_exactly_what_it_may_open(live_server: Any, page: Any) -> None:
    base = live_server.url
    offered_to: dict[str, set[str]] = {}
    for role, person in _people().items():
        _login(page, base, person.email)
        menu = _menu(page)
        expected = {i.url_name for i in registered() if i.permission is None or person.has_perm(i.permission)}
        assert set(menu) == expected, role
        offered_to[role] = set(menu)
        for url_name in menu:
            href = page.locator(f'[data-testid=account-menu] a[data-nav="{url_name}"]').get_attribute("href")
            response = page.goto(base + href)
            assert response.status == 200, (role, url_name)  # never a page that answers 403
            page.go_back()
            page.get_by_test_id("account-menu").locator("summary").click()

    assert "registry:queue" not in offered_to["warga"] | offered_to["pelaku"] | offered_to["ketua komunitas"]
    assert "statistics:workspace" not in offered_to["warga"] | offered_to["petugas"]
    assert "statistics:approvals" in offered_to["kepala bidang"]
    assert "statistics:approvals" not in offered_to["analis"] | offered_to["petugas"]
    assert "registry:queue" in offered_to["petugas"]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_head_finds_publications_awaiting_approval_and_decides(live_server: Any, page: Any) -> None:
    from sinergi.statistics import services

    analyst = user_with_role(Role.ANALYST)
    head = user_with_role(Role.HEAD)
    run = ratio_run(analyst)
    run.refresh_from_db()
    publication = services.publication_prepare(by=analyst, run=run, title="PDRB Ekraf untuk Disetujui")
    services.publication_submit(by=analyst, publication=publication)

    _login(page, live_server.url, head.email)
    menu = _menu(page)
    assert menu["statistics:approvals"] == "Persetujuan publikasi"
    page.get_by_test_id("account-menu").get_by_role("link", name="Persetujuan publikasi").click()
    table = page.get_by_test_id("awaiting-approval")
    assert "PDRB Ekraf untuk Disetujui" in table.inner_text()
    assert analyst.get_short_name() in table.inner_text()
    table.get_by_role("link", name="Tinjau dan putuskan").click()
    page.wait_for_url(re.compile(rf"/statistik/{publication.pk}/$"))
    page.get_by_role("button", name="Setujui dan terbitkan").click()
    page.wait_for_load_state()
    publication.refresh_from_db()
    assert publication.status == "published"

    page.goto(live_server.url + "/statistik/kelola/persetujuan/")
    assert page.get_by_test_id("awaiting-approval-empty").is_visible()
