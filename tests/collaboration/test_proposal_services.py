"""Proposing and revising an initiative is one service each (draft, attachment, submission together),
and exporting initiatives is audited by a service: pages and the API call them, never a chain."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sinergi.collaboration import services
from sinergi.collaboration.models import Initiative, Phase, UserBlock
from sinergi.core.errors import NotAllowed, ServiceError
from sinergi.core.models import AuditEntry
from tests.collaboration.factories import Cast, make_initiative

pytestmark = pytest.mark.django_db

FIELDS = {"title": "Kelas batik tulis", "problem": "Belum ada kelas.", "goal": "30 pembatik baru."}


def test_propose_saves_the_draft_its_attachment_and_submits_in_one_step() -> None:
    cast = Cast()
    initiative = services.initiative_propose(
        by=cast.author,
        data=FIELDS,
        coauthors=[cast.coauthor],
        attachment=SimpleUploadedFile("rencana.pdf", b"%PDF-1.4 rencana"),
        submit=True,
    )
    initiative.refresh_from_db()
    assert initiative.phase == Phase.SUBMITTED
    assert initiative.submitted_at is not None
    assert [a.name for a in initiative.attachments.all()] == ["rencana.pdf"]
    entries = AuditEntry.objects.filter(target_id=str(initiative.pk), action__startswith="collaboration.")
    actions = list(entries.values_list("action", flat=True))
    assert sorted(actions) == [
        "collaboration.attachment.added",
        "collaboration.initiative.created",
        "collaboration.initiative.submitted",
    ]


def test_propose_keeps_nothing_when_the_attachment_is_refused() -> None:
    cast = Cast()
    with pytest.raises(ServiceError) as caught:
        services.initiative_propose(
            by=cast.author, data=FIELDS, attachment=SimpleUploadedFile("rencana.pdf", b"not a pdf"), submit=True
        )
    assert "file" in caught.value.field_errors
    assert not Initiative.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="collaboration.").exists()


def test_propose_refuses_a_blocked_person() -> None:
    cast = Cast()
    UserBlock.objects.create(user=cast.author, reason="Spam", blocked_by=cast.staff)
    with pytest.raises(NotAllowed):
        services.initiative_propose(by=cast.author, data=FIELDS)
    assert not Initiative.objects.exists()


def test_revise_changes_attaches_and_submits_a_draft_in_one_step() -> None:
    cast = Cast()
    initiative = make_initiative(cast)
    services.initiative_revise(
        by=cast.author,
        initiative=initiative,
        data={**FIELDS, "budget_estimate": ""},
        attachment=SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * 16),
        submit=True,
    )
    initiative.refresh_from_db()
    assert initiative.title == FIELDS["title"]
    assert initiative.budget_estimate is None
    assert initiative.phase == Phase.SUBMITTED
    assert initiative.attachments.count() == 1


def test_revise_refuses_a_stranger_and_keeps_the_draft() -> None:
    cast = Cast()
    initiative = make_initiative(cast)
    with pytest.raises(NotAllowed):
        services.initiative_revise(by=cast.stranger, initiative=initiative, data=FIELDS, submit=True)
    initiative.refresh_from_db()
    assert initiative.title != FIELDS["title"]
    assert initiative.phase == Phase.DRAFT


def test_export_is_audited_by_the_service_and_refused_to_non_staff() -> None:
    cast = Cast()
    make_initiative(cast, Phase.OPEN)
    with pytest.raises(NotAllowed):
        services.initiatives_export(by=cast.author, filters={}, file_format="csv")
    assert not AuditEntry.objects.filter(action="collaboration.initiatives.exported").exists()
    sheets = services.initiatives_export(by=cast.staff, filters={}, file_format="csv")
    assert len(sheets["inisiatif"][1]) == 1
    entry = AuditEntry.objects.get(action="collaboration.initiatives.exported")
    assert entry.by == cast.staff
    assert entry.data == {"count": 1, "personal_data": False, "format": "csv"}


def test_proposal_page_shows_a_refused_attachment_at_its_field(client: Any) -> None:
    cast = Cast()
    client.force_login(cast.author)
    upload = SimpleUploadedFile("rencana.pdf", b"not a pdf")
    response = client.post("/kolaborasi/usul/", {**FIELDS, "attachment": upload, "submit": "1"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["attachment"] == ["Hanya PDF, JPG atau PNG (isi berkas harus sesuai jenisnya)."]
    assert not Initiative.objects.exists()
