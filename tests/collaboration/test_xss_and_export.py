"""XSS attempts in every text field stay inert in pages and exports; exports are staff-only and masked."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from openpyxl import load_workbook

from sinergi.collaboration import markup, services
from sinergi.collaboration.models import Phase

from .factories import Cast, make_initiative

pytestmark = pytest.mark.django_db
ATTACKS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[klik](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
]
PAYLOAD = " ".join(ATTACKS)


def _assert_inert(html: str) -> None:
    """No live tag carries the attack (escaped text such as &lt;script&gt; is inert)."""
    lowered = html.lower()
    assert "<script>alert" not in lowered
    assert not re.search(r"<img[^>]*onerror", lowered)
    assert not re.search(r"<a[^>]*href=[\"']?\s*javascript:", lowered)


def test_markdown_is_sanitised() -> None:
    html = str(markup.render("**tebal** [situs](https://depok.go.id) " + PAYLOAD))
    _assert_inert(html)
    assert "<strong>tebal</strong>" in html
    assert 'rel="nofollow noopener"' in html


def test_every_text_field_is_inert_on_the_page_and_in_exports(client: Any) -> None:
    cast = Cast()
    initiative = make_initiative(
        cast,
        Phase.REVIEW,
        title=PAYLOAD[:200],
        problem=PAYLOAD,
        goal=PAYLOAD,
        beneficiaries=PAYLOAD,
        resources_needed=PAYLOAD,
        timeline=PAYLOAD,
    )
    services.endorsement_add(by=cast.leader, initiative=initiative, organisation=cast.community, statement=PAYLOAD)
    services.pledge_offer(
        by=cast.leader,
        initiative=initiative,
        organisation=cast.community,
        kind="mentors",
        description='=HYPERLINK("http://evil") ' + PAYLOAD,
    )
    services.comment_post(by=cast.stranger, initiative=initiative, body=PAYLOAD, stance="against")
    services.initiative_accept(by=cast.head, initiative=initiative, answer=PAYLOAD, grounds=PAYLOAD)
    milestone = services.milestone_add(by=cast.staff, initiative=initiative, title=PAYLOAD[:200], notes=PAYLOAD)
    services.milestone_progress_update(by=cast.staff, milestone=milestone, progress=30, note=PAYLOAD)
    services.initiative_start_implementation(by=cast.staff, initiative=initiative)
    services.result_add(
        by=cast.staff,
        initiative=initiative,
        title=PAYLOAD[:200],
        description=PAYLOAD,
        evidence_url="https://depok.go.id/bukti",
    )
    for url in [f"/kolaborasi/{initiative.pk}/", "/kolaborasi/", "/kolaborasi/tindak-lanjut/"]:
        page = client.get(url)
        assert page.status_code == 200
        _assert_inert(page.content.decode())
    client.force_login(cast.staff)
    _assert_inert(client.get(f"/kolaborasi/{initiative.pk}/").content.decode())
    client.force_login(cast.author)
    _assert_inert(client.get("/kolaborasi/pemberitahuan/").content.decode())

    client.force_login(cast.staff)
    xlsx = client.get("/kolaborasi/ekspor/")
    assert xlsx.status_code == 200
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert "pendukung" not in workbook.sheetnames  # staff without head role: counts, no e-mail addresses
    cells = [c for ws in workbook for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    formula_like = [c for c in cells if c.value.startswith(("=", "+", "-", "@"))]
    assert any(c.value.startswith("=HYPERLINK") for c in formula_like)
    assert all(c.data_type == "s" and c.quotePrefix for c in formula_like)  # text, kept text when edited
    pledges = client.get("/kolaborasi/ekspor/?format=csv&sheet=sumbangan").content.decode()
    rows = list(csv.reader(io.StringIO(pledges)))
    assert rows[1][4].startswith("'=HYPERLINK")


def test_export_is_staff_only_and_emails_only_for_heads(client: Any) -> None:
    cast = Cast()
    initiative = make_initiative(cast, Phase.OPEN)
    services.support_add(by=cast.stranger, initiative=initiative)
    client.force_login(cast.stranger)
    assert client.get("/kolaborasi/ekspor/").status_code == 403
    client.force_login(cast.staff)
    body = client.get("/kolaborasi/ekspor/?format=csv").content.decode()
    assert cast.stranger.email not in body
    header, row = list(csv.reader(io.StringIO(body)))[:2]
    assert row[header.index("dukungan_daring")] == "1"
    client.force_login(cast.head)
    workbook = load_workbook(io.BytesIO(client.get("/kolaborasi/ekspor/").content))
    emails = [c.value for row in workbook["pendukung"].iter_rows() for c in row]
    assert cast.stranger.email in emails


def test_support_button_htmx_returns_live_count(client: Any) -> None:
    cast = Cast()
    initiative = make_initiative(cast, Phase.OPEN)
    client.force_login(cast.stranger)
    response = client.post(f"/kolaborasi/{initiative.pk}/dukung/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong data-support-count>1</strong>" in html
    assert "Tarik dukungan" in html
    poll = client.get(f"/kolaborasi/{initiative.pk}/dukungan/", HTTP_HX_REQUEST="true").content.decode()
    assert "<strong data-support-count>1</strong>" in poll


def test_propose_form_keeps_input_on_error_and_saves_draft(client: Any) -> None:
    cast = Cast()
    client.force_login(cast.author)
    response = client.post("/kolaborasi/usul/", {"title": "Kelas batik", "problem": "", "goal": "Tujuan saya"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kelas batik" in html
    assert "Tujuan saya" in html
    response = client.post("/kolaborasi/usul/", {"title": "Kelas batik", "problem": "Masalah", "goal": "Tujuan"})
    assert response.status_code == 302
    assert cast.author.initiatives.get().phase == Phase.DRAFT
    assert client.get("/kolaborasi/usul/?x").status_code == 200


def test_private_attachments_checked_by_permission(client: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    cast = Cast()
    initiative = make_initiative(cast, Phase.OPEN)
    public = services.attachment_add(
        by=cast.staff, initiative=initiative, upload=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")
    )
    internal = services.attachment_add(
        by=cast.staff, initiative=initiative, upload=SimpleUploadedFile("b.pdf", b"%PDF-1.4 y"), is_internal=True
    )
    response = client.get(f"/kolaborasi/{initiative.pk}/lampiran/{public.pk}/")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert client.get(f"/kolaborasi/{initiative.pk}/lampiran/{internal.pk}/").status_code == 404
    draft = make_initiative(cast, Phase.DRAFT)
    hidden = services.attachment_add(by=cast.author, initiative=draft, upload=SimpleUploadedFile("c.pdf", b"%PDF-1"))
    assert client.get(f"/kolaborasi/{draft.pk}/lampiran/{hidden.pk}/").status_code == 404
    client.force_login(cast.staff)
    response = client.get(f"/kolaborasi/{initiative.pk}/lampiran/{internal.pk}/")
    assert response.status_code == 200
