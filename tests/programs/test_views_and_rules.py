from __future__ import annotations

import pytest
from django.urls import reverse

from sinergi.accounts.models import Role
from sinergi.programs import services
from sinergi.programs.models import Participant, ProgramApplication
from tests.factories import OrganisationFactory, UserFactory, make_actor, user_with_role

from .factories import GOOD_ANSWERS, make_program

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "manage", "report", "issue"),
    [
        ("anonymous", False, False, False),
        ("member", False, False, False),
        ("office_staff", True, True, True),
        ("office_analyst", False, True, False),
        ("community_leader", False, False, False),
    ],
)
def test_permission_matrix(who, manage, report, issue):
    from django.contrib.auth.models import AnonymousUser

    users = {
        "anonymous": AnonymousUser,
        "member": UserFactory,
        "office_staff": lambda: user_with_role(Role.STAFF),
        "office_analyst": lambda: user_with_role(Role.ANALYST),
        "community_leader": lambda: user_with_role(Role.LEADER, kind="community"),
    }
    user = users[who]()
    program = make_program()
    draft = make_program(status="draft")
    assert user.has_perm("programs.view_program", program)
    assert user.has_perm("programs.view_program", draft) is manage
    assert user.has_perm("programs.manage_program", program) is manage
    assert user.has_perm("programs.take_attendance", program) is manage
    assert user.has_perm("programs.view_report", program) is report
    assert user.has_perm("programs.issue_letter") is issue


def test_owner_applies_through_the_calls_form(client):
    owner = UserFactory()
    actor = make_actor(by=owner, name="Keripik Mbak Sri")
    program = make_program()
    client.force_login(owner)
    page = client.get(reverse("programs:apply", args=[program.slug]))
    assert "Sudah punya P-IRT?" in page.content.decode()
    bad = client.post(reverse("programs:apply", args=[program.slug]), {"actor": actor.pk, "q_punya_pirt": "ya"})
    assert bad.status_code == 400
    assert "id_q_motivasi_error" in bad.content.decode()
    ok = client.post(
        reverse("programs:apply", args=[program.slug]),
        {"actor": actor.pk, "q_motivasi": "Ekspor", "q_omzet": "1000000", "q_punya_pirt": "ya"},
    )
    assert ok.status_code == 302
    assert ProgramApplication.objects.get().answers == {"motivasi": "Ekspor", "omzet": "1000000", "punya_pirt": True}


def test_staff_selects_takes_attendance_and_certificate_verifies_publicly(client):
    program = make_program()
    app = services.application_submit(
        by=None, program=program, actor=make_actor(name="Batik Ibu Ratna"), answers=GOOD_ANSWERS
    )
    staff = user_with_role(Role.STAFF)
    client.force_login(staff)
    assert client.get(reverse("programs:manage", args=[program.slug])).status_code == 200
    client.post(
        reverse("programs:review", args=[app.pk]),
        {f"a{app.pk}-score": "88", f"a{app.pk}-notes": "Siap", f"a{app.pk}-decision": "accepted"},
    )
    participant = Participant.objects.get()
    client.post(reverse("programs:complete", args=[participant.pk]))
    participant.refresh_from_db()
    pdf = client.get(reverse("programs:certificate", args=[participant.pk]))
    assert pdf.content.startswith(b"%PDF")
    assert participant.certificate_code.encode() in pdf.content  # uncompressed page text
    client.logout()
    page = client.get(reverse("programs:verify", args=[participant.certificate_code]))
    assert "Sertifikat asli" in page.content.decode()
    assert "Batik Ibu Ratna" in page.content.decode()
    assert "tidak dikenal" in client.get(reverse("programs:verify", args=["SALAHKODE123"])).content.decode()
    assert client.get(reverse("programs:certificate", args=[participant.pk])).status_code == 404


def test_fostering_letter_issued_as_pdf_and_verifiable(client):
    office = OrganisationFactory(kind="office", short_name="DISDAGIN", name="Dinas Perdagangan dan Perindustrian")
    actor = make_actor(fostered_by=office, name="Kopi Tapos")
    client.force_login(user_with_role(Role.STAFF, organisation=office))
    response = client.post(reverse("programs:letter_issue"), {"actor": actor.slug, "purpose": ""})
    assert response.status_code == 302
    pdf = client.get(response["Location"])
    assert pdf.content.startswith(b"%PDF")
    assert b"SURAT KETERANGAN BINAAN" in pdf.content
    code = actor.fostering_letters.get().code
    assert "Surat keterangan binaan asli" in client.get(reverse("programs:verify", args=[code])).content.decode()
    not_fostered = client.post(reverse("programs:letter_issue"), {"actor": make_actor().slug})
    assert "belum tercatat sebagai binaan" in not_fostered.content.decode()


def test_staff_creates_a_program_with_its_questions(client):

    from sinergi.programs.models import Program

    staff = user_with_role(Role.STAFF)
    client.force_login(staff)
    office = staff.memberships.get().organisation
    fields = {
        "title": "Kelas Merek",
        "slug": "kelas-merek",
        "kind": "certification",
        "certification": "hki",
        "organiser": office.pk,
        "start_date": "2030-03-01",
        "end_date": "2030-04-01",
        "fostered_rule": "fostered",
        "cohort_size": "10",
        "size_classes": ["mikro"],
    }
    questions = [{"key": "nama_merek", "label": "Nama merek", "type": "text", "required": True}]
    builder = {
        "pertanyaan-TOTAL_FORMS": "1", "pertanyaan-INITIAL_FORMS": "0", "pertanyaan-MIN_NUM_FORMS": "0",
        "pertanyaan-MAX_NUM_FORMS": "30", "pertanyaan-0-label": "Nama merek", "pertanyaan-0-type": "text",
        "pertanyaan-0-required": "on",
    }  # fmt: skip
    response = client.post(reverse("programs:create"), {**fields, **builder})
    assert response.status_code == 302
    program = Program.objects.get(slug="kelas-merek")
    assert program.questions == questions
    assert program.eligible_size_classes == ["mikro"]
    client.post(reverse("programs:status", args=[program.slug]), {"status": "open"})
    client.post(
        reverse("programs:session_add", args=[program.slug]),
        {
            "sesi-title": "Pengantar merek",
            "sesi-starts_at": "2030-03-02T09:00",
            "sesi-ends_at": "2030-03-02T12:00",
            "sesi-venue": "Balai Kota",
            "sesi-capacity": "10",
        },
    )
    program.refresh_from_db()
    assert program.status == "open"
    assert program.sessions.count() == 1
