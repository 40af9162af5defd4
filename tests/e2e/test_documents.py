"""Browser journey of an official letter (issue 11 item 7): Disdagin staff issue a surat keterangan binaan
for a fostered business, open the PDF (the office's letterhead, its number, the signatory and NIP are on
it), and a visitor who scans the letter's QR link sees on the public page that the letter is genuine."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from typing import Any

import pytest

from sinergi.accounts.models import Role
from sinergi.core.models import InstallationProfile
from sinergi.programs.models import FosteringLetter
from tests.factories import OrganisationFactory, make_actor, user_with_role

from .test_programs import sign_in

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)"),
]


def _text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)  # noqa: S607
    return " ".join(out.stdout.decode().split())


def test_staff_issue_a_fostering_letter_and_a_visitor_verifies_it(live_server: Any, page: Any) -> None:
    base = live_server.url
    InstallationProfile.objects.create(government_name="Pemerintah Kota Contoh")
    office = OrganisationFactory(
        name="Dinas Perdagangan dan Perindustrian",
        short_name="Disdagin",
        administers_registry=True,
        letterhead_address="Jl. Balai Kota No. 1",
        signatory_name="Drs. Budi Santoso, M.M.",
        signatory_title="Kepala Dinas Perdagangan dan Perindustrian",
        signatory_nip="197104152000031002",
    )
    staff = user_with_role(Role.STAFF, organisation=office)
    actor = make_actor(fostered_by=office, name="Kopi Tapos Sukmajaya")

    sign_in(page, base, staff.email)
    page.goto(base + "/program/surat-binaan/")
    page.get_by_label("Slug profil pelaku").fill(actor.slug)
    page.get_by_label("Keperluan").fill("Permohonan pendaftaran merek")
    with page.expect_response(lambda r: r.url.endswith(".pdf")) as issued:
        page.get_by_role("button", name="Terbitkan surat (PDF)").click()
    assert issued.value.status == 200
    letter = FosteringLetter.objects.get(actor=actor)
    assert letter.number == f"001/SKB/DISDAGIN/{letter.issued_on.year}"

    # The letter is listed on the page, and its link opens the PDF.
    page.goto(base + "/program/surat-binaan/")
    link = page.get_by_role("link", name=letter.number)
    pdf = page.request.get(base + str(link.get_attribute("href")))
    assert pdf.headers["content-type"] == "application/pdf"
    text = _text(pdf.body())
    assert "PEMERINTAH KOTA CONTOH" in text
    assert "DINAS PERDAGANGAN DAN PERINDUSTRIAN" in text
    assert f"Nomor: {letter.number}" in text
    assert "Drs. Budi Santoso, M.M." in text
    assert "NIP. 197104152000031002" in text
    verify_url = re.search(r"(https?://\S+/program/verifikasi/\S+/)", text)
    assert verify_url is not None, text

    # A visitor (not signed in) follows the QR link and sees the letter is genuine.
    page.context.clear_cookies()
    page.goto(verify_url.group(1))
    verified = page.locator("#verified")
    assert "Surat keterangan binaan asli." in verified.inner_text()
    assert letter.number in verified.inner_text()
    assert "Kopi Tapos Sukmajaya" in verified.inner_text()
