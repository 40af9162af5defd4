"""Federation (issue 14 §3): a province installation harvests a kab/kota installation's DCAT catalogue.

Two real instances on loopback: this test's database is the province; `kabkota_instance` sets up and
serves a second Sinergi (Kota Samarinda) with one published publication on port 8431. The catalogues that
misbehave (too large, malformed, redirecting to file:, never answering) are served by small real HTTP
servers on ports 8432–8433.
"""

from __future__ import annotations

import http.server
import io
import json
import socket
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from sinergi.accounts.models import Role
from sinergi.core.errors import NotAllowed
from sinergi.core.models import AuditEntry
from sinergi.federation.models import HarvestedPublication, HarvestSource
from sinergi.federation.services import harvest_source
from sinergi.federation.tasks import harvest_catalogues
from tests.factories import user_with_role
from tests.servers import free_port

from .kabkota_instance import TITLE, serving

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("federation")]

# Free ports chosen by the system, per test process (parallel workers never collide).
KABKOTA_PORT = free_port()
FAKE_PORT = free_port()
SILENT_PORT = free_port()


@pytest.fixture(scope="module")
def kabkota(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serving(tmp_path_factory.mktemp("kabkota"), KABKOTA_PORT) as url:
        yield url


class _Catalogue(http.server.BaseHTTPRequestHandler):
    """Answers every GET with the class's `status`, `headers` and `body`."""

    status = 200
    headers_out: dict[str, str] = {}
    body = b""

    def do_GET(self) -> None:
        self.send_response(self.status)
        for name, value in {"Content-Type": "application/ld+json", **self.headers_out}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def fake() -> Iterator[type[_Catalogue]]:
    handler = type("Handler", (_Catalogue,), {"headers_out": {}})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", FAKE_PORT), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield handler
    server.shutdown()
    server.server_close()


def _source(url: str, name: str = "Kota Samarinda") -> HarvestSource:
    return HarvestSource.objects.create(name=name, catalog_url=url)


def test_a_province_harvests_a_kab_kota_instance_and_lists_it_with_origin_and_time(kabkota: str, client: Any) -> None:
    source = _source(f"{kabkota}/statistik/dcat.jsonld")
    harvest_catalogues.enqueue()  # the task worker's job (immediate in tests)
    source.refresh_from_db()
    assert source.last_error == ""
    assert source.last_count == 1
    assert source.last_success_at is not None
    publication = HarvestedPublication.objects.get(source=source)
    assert publication.title == TITLE
    assert publication.landing_url.startswith(f"{kabkota}/statistik/")
    assert publication.issued is not None
    assert publication.harvested_at == source.last_success_at
    assert AuditEntry.objects.filter(action="federation.source.harvested").count() == 1

    page = client.get(reverse("federation:publications")).content.decode()
    assert "Kota Samarinda" in page
    assert TITLE in page
    assert f'href="{publication.landing_url}"' in page
    assert "Dipanen" in page
    assert "WIB" in page

    harvest_catalogues.enqueue()  # harvesting again changes nothing
    assert HarvestedPublication.objects.filter(source=source).count() == 1


def test_a_failed_harvest_records_its_error_and_keeps_the_last_good_list(kabkota: str, client: Any) -> None:
    source = _source(f"{kabkota}/statistik/dcat.jsonld")
    assert harvest_source(by=None, source=source).ok
    HarvestSource.objects.filter(pk=source.pk).update(catalog_url=f"{kabkota}/statistik/tidak-ada.jsonld")
    source.refresh_from_db()
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 dari 1 sumber gagal dipanen"):
        call_command("harvest_catalogues", stdout=out, stderr=err)
    assert "Kota Samarinda: Server katalog menjawab HTTP 404." in err.getvalue()
    source.refresh_from_db()
    assert source.last_error == "Server katalog menjawab HTTP 404."
    assert source.last_attempt_at > source.last_success_at  # type: ignore[operator]
    assert HarvestedPublication.objects.get(source=source).title == TITLE  # the last good list stays
    page = client.get(reverse("federation:publications")).content.decode()
    assert TITLE in page
    assert "gagal" in page


def test_a_catalogue_over_the_size_limit_is_refused_and_nothing_is_written(
    fake: type[_Catalogue], settings: Any
) -> None:
    settings.SINERGI_FEDERATION_MAX_BYTES = 1000
    fake.body = json.dumps({"dcat:dataset": [{"dct:title": "x" * 2000}]}).encode()
    source = _source(f"http://127.0.0.1:{FAKE_PORT}/dcat.jsonld")
    result = harvest_source(by=None, source=source)
    assert not result.ok
    assert result.error == "Katalog lebih besar dari batas 1,000 bait; tidak dipanen."
    assert not HarvestedPublication.objects.exists()


def test_one_bad_dataset_refuses_the_whole_catalogue_with_its_location(fake: type[_Catalogue]) -> None:
    good = {"dct:title": "Publikasi baik", "dcat:landingPage": "http://127.0.0.1/pub/1", "dct:identifier": "a"}
    fake.body = json.dumps(
        {"@type": "dcat:Catalog", "dcat:dataset": [good, {"dcat:landingPage": "http://x/2"}]}
    ).encode()
    source = _source(f"http://127.0.0.1:{FAKE_PORT}/dcat.jsonld")
    result = harvest_source(by=None, source=source)
    assert result.error == "Dataset ke-2: judul (dct:title) kosong."
    assert not HarvestedPublication.objects.exists()  # the good first one is not written alone

    fake.body = b'{"dcat:dataset": [ '
    result = harvest_source(by=None, source=source)
    assert result.error.startswith("Katalog bukan JSON yang sah: baris 1")

    fake.body = json.dumps({"dcat:dataset": [{**good, "dcat:landingPage": "javascript:alert(1)"}]}).encode()
    result = harvest_source(by=None, source=source)
    assert "halaman publikasi (dcat:landingPage) harus alamat http(s)" in result.error

    # Read, but refused by the database's own checks: the catalogue is refused whole, the error recorded.
    bad_host = {"dct:title": "Alamat rusak", "dcat:landingPage": "http://bad host/pub", "dct:identifier": "b"}
    fake.body = json.dumps({"dcat:dataset": [good, bad_host]}).encode()
    result = harvest_source(by=None, source=source)
    assert result.error.startswith("Dataset b ditolak: halaman publikasi: ")
    source.refresh_from_db()
    assert source.last_error == result.error
    assert source.last_success_at is None
    assert not HarvestedPublication.objects.exists()


def test_only_http_is_fetched_even_after_a_redirect(fake: type[_Catalogue]) -> None:
    with pytest.raises(ValidationError, match="http:// atau https://"):
        HarvestSource(name="Berkas", catalog_url="file:///etc/passwd").full_clean()
    local = HarvestSource.objects.create(name="Berkas", catalog_url="file:///etc/passwd")
    assert harvest_source(by=None, source=local).error.startswith("Alamat katalog harus diawali http://")

    fake.status = 302
    fake.headers_out = {"Location": "file:///etc/passwd"}
    source = _source(f"http://127.0.0.1:{FAKE_PORT}/dcat.jsonld")
    result = harvest_source(by=None, source=source)
    assert result.error == "Alamat katalog harus diawali http:// atau https://: file:///etc/passwd"
    assert not HarvestedPublication.objects.exists()


def test_a_server_that_never_answers_times_out_with_a_clear_error(settings: Any) -> None:
    settings.SINERGI_FEDERATION_TIMEOUT = 0.5
    with socket.socket() as silent:  # accepts connections (backlog) and never says a word
        silent.bind(("127.0.0.1", SILENT_PORT))
        silent.listen(1)
        source = _source(f"http://127.0.0.1:{SILENT_PORT}/dcat.jsonld")
        result = harvest_source(by=None, source=source)
    assert result.error == "Server katalog tidak menjawab dalam 0.5 detik."
    source.refresh_from_db()
    assert source.last_error == result.error
    assert source.last_success_at is None


def test_harvesting_on_demand_needs_the_permission(kabkota: str, client: Any) -> None:
    source = _source(f"{kabkota}/statistik/dcat.jsonld")
    with pytest.raises(NotAllowed):
        harvest_source(by=user_with_role(Role.STAFF), source=source)
    admin = user_with_role(Role.ADMIN)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    response = client.post(
        reverse("admin:federation_harvestsource_changelist"),
        {"action": "harvest_now", "_selected_action": [source.pk]},
        follow=True,
    )
    assert "Panen 1 sumber diantrekan" in response.content.decode()
    assert HarvestedPublication.objects.get(source=source).title == TITLE  # the worker ran it (immediately here)


def test_harvest_sources_are_set_in_the_admin(client: Any) -> None:
    admin = user_with_role(Role.ADMIN)
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    response = client.post(
        reverse("admin:federation_harvestsource_add"),
        {"name": "Kota Balikpapan", "catalog_url": "ftp://balikpapan.example/dcat.jsonld", "active": "on"},
    )
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["catalog_url"]
    assert not HarvestSource.objects.exists()


def test_the_public_page_says_when_nothing_is_harvested(client: Any) -> None:
    page = client.get(reverse("federation:publications")).content.decode()
    assert "Belum ada katalog kabupaten/kota yang dipanen." in page
