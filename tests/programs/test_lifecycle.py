"""A program's lifecycle (draft → open → selection → running → closed) from the manage page, the Django
admin and the API; what the public sees at each step."""

from __future__ import annotations

import pytest
from django.test import Client

from sinergi.accounts.models import Role
from sinergi.accounts.tokens import token_create
from sinergi.core.errors import Conflict, NotAllowed
from sinergi.core.models import AuditEntry
from sinergi.programs import services
from sinergi.programs.models import Program
from tests.factories import OrganisationFactory, UserFactory, make_actor, user_with_role

from .factories import GOOD_ANSWERS, make_program

pytestmark = pytest.mark.django_db


def test_the_whole_lifecycle_one_step_at_a_time_and_audited() -> None:
    staff = user_with_role(Role.STAFF)
    program = make_program(status="draft")
    for status in ("open", "selection", "running", "closed"):
        services.program_set_status(by=staff, program=program, status=status)
        program.refresh_from_db()
        assert program.status == status
    steps = [e.data for e in AuditEntry.objects.filter(action="programs.program.status_changed").order_by("pk")]
    assert steps == [
        {"from": "draft", "status": "open"},
        {"from": "open", "status": "selection"},
        {"from": "selection", "status": "running"},
        {"from": "running", "status": "closed"},
    ]


def test_steps_that_skip_or_undo_too_much_are_refused_in_words() -> None:
    staff = user_with_role(Role.STAFF)
    program = make_program(status="draft")
    with pytest.raises(Conflict) as caught:
        services.program_set_status(by=staff, program=program, status="running")
    assert caught.value.message == "Program berstatus “Draf” tidak dapat diubah menjadi “Berjalan”."
    services.program_set_status(by=staff, program=program, status="open")
    services.application_submit(by=None, program=program, actor=make_actor(), answers=GOOD_ANSWERS)
    with pytest.raises(Conflict, match="sudah punya pendaftar"):
        services.program_set_status(by=staff, program=program, status="draft")
    with pytest.raises(NotAllowed):
        services.program_set_status(by=UserFactory(), program=program, status="selection")
    assert Program.objects.get().status == "open"


def test_manage_page_offers_the_next_steps_and_the_public_follows(client: Client) -> None:
    staff = user_with_role(Role.STAFF)
    program = make_program(status="draft", title="Kelas Foto Produk")
    assert client.get(f"/program/{program.slug}/").status_code == 404
    assert "Kelas Foto Produk" not in client.get("/program/").content.decode()

    client.force_login(staff)
    page = client.get(f"/program/{program.slug}/kelola/").content.decode()
    assert '<option value="open">Pendaftaran dibuka</option>' in page
    response = client.post(f"/program/{program.slug}/status/", {"status": "open"}, follow=True)
    assert "Status program sekarang “Pendaftaran dibuka”." in response.content.decode()
    page = response.content.decode()
    assert '<option value="selection">Seleksi</option>' in page
    assert '<option value="draft">Draf</option>' in page

    client.logout()
    assert "Kelas Foto Produk" in client.get("/program/").content.decode()
    assert f'href="/program/{program.slug}/daftar/"' in client.get(f"/program/{program.slug}/").content.decode()


def test_admin_actions_move_programs_through_the_service(client: Client) -> None:
    from sinergi.accounts.models import User

    admin = User.objects.create_superuser(email="admin@contoh.id", password="rahasia-panjang-123")
    program = make_program(status="draft")
    client.force_login(admin)
    assert client.get("/admin/programs/program/").status_code == 200
    response = client.post(
        "/admin/programs/program/",
        {"action": "set_status_open", "_selected_action": [program.pk]},
        follow=True,
    )
    assert "1 program sekarang berstatus “Pendaftaran dibuka”." in response.content.decode()
    program.refresh_from_db()
    assert program.status == "open"
    response = client.post(
        "/admin/programs/program/", {"action": "set_status_closed", "_selected_action": [program.pk]}, follow=True
    )
    assert "tidak dapat diubah menjadi “Selesai”" in response.content.decode()
    assert Program.objects.get().status == "open"


def bearer(user, scopes=("events:write",)):
    _token, secret = token_create(by=user, user=user, name="uji", scopes=list(scopes))
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_api_creates_a_draft_and_opens_it(client: Client) -> None:
    organiser = OrganisationFactory(slug="disdagin-uji")
    staff = user_with_role(Role.STAFF, organisation=organiser)  # staff organise for their own office
    body = {
        "title": "Akses Pasar Daring",
        "slug": "akses-pasar-daring",
        "kind": "market_access",
        "organiser": "disdagin-uji",
        "start_date": "2027-02-01",
        "end_date": "2027-03-31",
        "eligible_subsectors": ["KUL"],
        "questions": [{"key": "toko", "label": "Punya toko daring?", "type": "yesno", "required": True}],
    }
    assert client.post("/api/v1/programs", body, content_type="application/json").status_code == 401
    refused = client.post("/api/v1/programs", body, content_type="application/json", **bearer(UserFactory()))
    assert refused.status_code == 403
    created = client.post("/api/v1/programs", body, content_type="application/json", **bearer(staff))
    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "draft"
    assert created.json()["eligible_subsectors"] == ["KUL"]
    assert Program.objects.get().organiser == organiser
    assert client.get("/api/v1/programs/akses-pasar-daring").status_code == 404

    url = "/api/v1/programs/akses-pasar-daring/status"
    skipped = client.post(url, {"status": "running"}, content_type="application/json", **bearer(staff))
    assert skipped.status_code == 409
    assert skipped.json()["error"]["fields"]["status"]
    opened = client.post(url, {"status": "open"}, content_type="application/json", **bearer(staff))
    assert opened.status_code == 200
    assert opened.json()["status"] == "open"
    listed = client.get("/api/v1/programs").json()["results"]
    assert [(p["slug"], p["status"]) for p in listed] == [("akses-pasar-daring", "open")]
    other = client.post(url, {"status": "selection"}, content_type="application/json", **bearer(UserFactory()))
    assert other.status_code == 403


def test_api_names_an_unknown_subsector_code(client: Client) -> None:
    staff = user_with_role(Role.STAFF)
    OrganisationFactory(slug="disdagin-uji")
    body = {"title": "X", "slug": "x", "kind": "training", "organiser": "disdagin-uji",
            "start_date": "2027-02-01", "end_date": "2027-03-31", "eligible_subsectors": ["ZZZ"]}  # fmt: skip
    response = client.post("/api/v1/programs", body, content_type="application/json", **bearer(staff))
    assert response.status_code == 400
    assert "ZZZ" in response.json()["error"]["fields"]["eligible_subsectors"][0]
    assert not Program.objects.exists()
