"""Federation as its people use it (issue 14 §3): the province's administrator adds Kota Samarinda's
catalogue in the admin and harvests it; a visitor follows the footer link to the kab/kota publications
and finds Samarinda's publication, linked to its page on Samarinda's own Sinergi, with the harvest time.
Samarinda is a second, real Sinergi server on loopback (tests/federation/kabkota_instance.py)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sinergi.accounts.models import Role
from sinergi.federation.models import HarvestSource
from tests.e2e.journeys import sign_in
from tests.factories import user_with_role
from tests.federation.kabkota_instance import TITLE, serving
from tests.servers import free_port

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PORT = free_port()


@pytest.fixture
def samarinda(tmp_path: Path) -> Iterator[str]:
    with serving(tmp_path, PORT) as url:
        yield url


def test_admin_adds_a_kab_kota_catalogue_harvests_it_and_a_visitor_finds_the_publication(
    samarinda: str, live_server: Any, page: Any, settings: Any
) -> None:
    settings.SINERGI_REGION_CODE = "64"  # a province: its footer links its kab/kota's publications
    admin = user_with_role(Role.ADMIN)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    sign_in(page, live_server.url, admin.email)

    page.goto(live_server.url + "/admin/federation/harvestsource/add/")
    page.get_by_label("Nama").fill("Kota Samarinda")
    page.get_by_label("Alamat katalog DCAT").fill(f"{samarinda}/statistik/dcat.jsonld")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_url(re.compile(r"/admin/federation/harvestsource/$"))
    row = page.get_by_role("row", name=re.compile("Kota Samarinda"))
    row.get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("harvest_now")
    page.locator("button[name=index]").click()
    page.get_by_text("Panen 1 sumber diantrekan").wait_for()
    page.reload()
    assert "1" in page.get_by_role("row", name=re.compile("Kota Samarinda")).inner_text()
    assert HarvestSource.objects.get().last_error == ""

    page.context.clear_cookies()  # a visitor
    for width in (390, 1366):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + "/")
        page.locator("footer").get_by_role("link", name="Publikasi kabupaten/kota").click()
        page.wait_for_url(re.compile(r"/publikasi-daerah/$"))
        section = page.locator("main section", has_text="Kota Samarinda")
        assert re.search(r"Dipanen \d{1,2} \w+ \d{4} \d{2}:\d{2} WIB", section.inner_text())
        link = section.get_by_role("link", name=TITLE)
        assert link.get_attribute("href").startswith(f"{samarinda}/statistik/")  # type: ignore[union-attr]
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    link.click()  # to the publication on Samarinda's own Sinergi
    page.wait_for_url(re.compile(rf"^{re.escape(samarinda)}/statistik/"))
    assert TITLE in page.locator("main").inner_text()
