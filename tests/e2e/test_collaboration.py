"""A community proposes an initiative; staff open it; two people support it (the count updates); an
organisation pledges; the office head answers; the author sees the notification; a milestone is reported.

Drives the real pages with Playwright on Debian's chromium (`page` from tests/e2e/conftest.py fails the
test on any CSP violation in the browser console).
"""

from __future__ import annotations

import io
import os
import re
from typing import Any

import pytest
from django.core.management import call_command

from sinergi.accounts.models import OrganisationKind, Role
from sinergi.collaboration.models import DecisionRecord, Initiative, Phase, Pledge
from tests.e2e.journeys import sign_in
from tests.factories import OrganisationFactory, UserFactory, user_with_role

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Pelatihan sertifikasi halal untuk UMKM kuliner Tapos"


@pytest.fixture
def reference_data(transactional_db: Any) -> None:
    """Transactional tests flush the database after each test, reference data included: load it again."""
    call_command("load_reference", verbosity=0, stdout=io.StringIO())


def test_propose_support_pledge_answer_notify_and_report(live_server: Any, page: Any, reference_data: None) -> None:
    base = live_server.url
    community = OrganisationFactory(kind=OrganisationKind.COMMUNITY, name="Paguyuban Kuliner Tapos")
    leader = user_with_role(Role.LEADER, organisation=community)
    office = OrganisationFactory(kind=OrganisationKind.OFFICE, name="Disdagin Uji")
    staff = user_with_role(Role.STAFF, organisation=office)
    head = user_with_role(Role.HEAD, organisation=office)
    campus = user_with_role(Role.STAFF, kind=OrganisationKind.CAMPUS)
    supporters = [UserFactory(), UserFactory()]

    # 1. The community leader proposes on behalf of the community and submits.
    sign_in(page, base, leader.email)
    page.goto(base + "/kolaborasi/usul/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_proposer_organisation").select_option(label="Paguyuban Kuliner Tapos")
    page.locator("#id_problem").fill("Banyak anggota belum bersertifikat halal, sulit masuk ritel modern.")
    page.locator("#id_goal").fill("Mendampingi 60 UMKM kuliner sampai sertifikat halal terbit.")
    page.locator("#id_kecamatan").select_option(label="Tapos")
    page.get_by_role("button", name="Simpan dan ajukan").click()
    page.get_by_role("heading", name=TITLE).wait_for()
    initiative = Initiative.objects.get(title=TITLE)
    assert initiative.phase == Phase.SUBMITTED
    assert initiative.proposer_organisation == community

    # 2. Office staff open it for support.
    sign_in(page, base, staff.email)
    page.goto(f"{base}/kolaborasi/{initiative.pk}/")
    page.locator("#id_threshold").fill("2")
    page.get_by_role("button", name="Buka untuk dukungan").click()
    page.locator('[data-phase="open"]').wait_for()

    # 3. Two people support it; the count updates in place.
    for expected, supporter in enumerate(supporters, start=1):
        sign_in(page, base, supporter.email)
        page.goto(f"{base}/kolaborasi/{initiative.pk}/")
        page.locator("[data-support-button]", has_text="Dukung").click()
        page.locator("[data-support-button]", has_text="Tarik dukungan").wait_for()
        assert page.locator("[data-support-count]").inner_text() == str(expected)
    initiative.refresh_from_db()
    assert initiative.support_count == 2

    # 4. A campus pledges mentors.
    sign_in(page, base, campus.email)
    page.goto(f"{base}/kolaborasi/{initiative.pk}/")
    page.locator("[data-pledge-form] summary").click()
    pledge_form = page.locator(f'form[action="/kolaborasi/{initiative.pk}/sumbangan/"]')
    pledge_form.locator('select[name="organisation"]').select_option(index=1)
    pledge_form.locator('select[name="kind"]').select_option("mentors")
    pledge_form.locator('textarea[name="description"]').fill("Dua dosen pangan halal sebagai pendamping.")
    pledge_form.get_by_role("button", name="Tawarkan").click()
    page.get_by_text("Dua dosen pangan halal sebagai pendamping.").wait_for()
    assert Pledge.objects.filter(initiative=initiative, helix="academia").count() == 1

    # 5. Staff start the review; the office head accepts with an official answer.
    sign_in(page, base, staff.email)
    page.goto(f"{base}/kolaborasi/{initiative.pk}/")
    page.get_by_role("button", name="Mulai kajian").click()
    page.locator('[data-phase="review"]').wait_for()
    sign_in(page, base, head.email)
    page.goto(f"{base}/kolaborasi/{initiative.pk}/")
    decision = page.locator("form[data-decision-form]")
    decision.locator('select[name="outcome"]').select_option("accept")
    decision.locator('textarea[name="answer"]').fill("Diterima: pendamping halal mulai bulan depan.")
    decision.locator('textarea[name="grounds"]').fill("Rapat pimpinan Disdagin.")
    decision.get_by_role("button", name="Simpan keputusan dan jawaban resmi").click()
    page.locator('[data-phase="accepted"]').wait_for()
    assert DecisionRecord.objects.get(initiative=initiative).outcome == "accepted"

    # 6. The author signs in and, through the bell, sees the answer in their activity.
    sign_in(page, base, leader.email)
    page.get_by_test_id("bell").click()
    page.get_by_role("button", name=re.compile("Jawaban resmi.*diterima")).wait_for()

    # 7. Staff add a milestone and report progress; it shows on the initiative page.
    sign_in(page, base, staff.email)
    page.goto(f"{base}/kolaborasi/{initiative.pk}/")
    page.get_by_text("Tambah tonggak").click()
    milestone_form = page.locator(f'form[action="/kolaborasi/{initiative.pk}/tonggak/"]')
    milestone_form.locator('input[name="title"]').fill("Kelas dasar jaminan produk halal")
    milestone_form.get_by_role("button", name="Tambah").click()
    milestone = page.locator("[data-milestone]", has_text="Kelas dasar jaminan produk halal")
    milestone.wait_for()
    milestone.locator('input[name="progress"]').fill("40")
    milestone.get_by_role("button", name="Laporkan kemajuan").click()
    page.locator("[data-milestone]", has_text="Kelas dasar jaminan produk halal").locator(
        "[data-progress]", has_text="40%"
    ).wait_for()

    # The public sees it too.
    page.context.clear_cookies()
    page.goto(f"{base}/kolaborasi/{initiative.pk}/")
    assert "40%" in page.locator("[data-milestone]").inner_text()


def test_a_refused_attachment_is_shown_at_its_field_and_nothing_is_proposed(
    live_server: Any, page: Any, reference_data: None, tmp_path: Any
) -> None:
    """Proposing is one step: a file that is not what it claims is refused at the attachment field, the
    typed text stays, no draft is left behind; with a real PDF the same form proposes and submits."""
    base = live_server.url
    author = UserFactory()
    fake = tmp_path / "rencana.pdf"
    fake.write_bytes(b"bukan pdf sama sekali")
    real = tmp_path / "rencana-asli.pdf"
    real.write_bytes(b"%PDF-1.4 rencana kegiatan")

    sign_in(page, base, author.email)
    page.goto(base + "/kolaborasi/usul/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_problem").fill("Banyak anggota belum bersertifikat halal.")
    page.locator("#id_goal").fill("Mendampingi 60 UMKM kuliner.")
    page.locator("#id_attachment").set_input_files(str(fake))
    page.get_by_role("button", name="Simpan dan ajukan").click()
    error = page.locator("#id_attachment_error")
    error.wait_for()
    assert "Hanya PDF, JPG atau PNG" in error.inner_text()
    assert page.locator("#id_attachment").get_attribute("aria-describedby") == "id_attachment_error"
    assert page.locator("#id_title").input_value() == TITLE
    assert not Initiative.objects.filter(title=TITLE).exists()

    page.locator("#id_attachment").set_input_files(str(real))
    page.get_by_role("button", name="Simpan dan ajukan").click()
    page.get_by_role("heading", name=TITLE).wait_for()
    initiative = Initiative.objects.get(title=TITLE)
    assert initiative.phase == Phase.SUBMITTED
    assert [a.name for a in initiative.attachments.all()] == ["rencana-asli.pdf"]
    assert page.get_by_text("rencana-asli.pdf").count() >= 1
