"""Official documents fit to hand out (issue 11 item 7, issue 14 §1): the surat keterangan binaan and the
certificate carry the installation's letterhead, a stored per-office number, the date, the signatory's
name, position and NIP, wrapped text and a verification QR; nothing comes from code. The PDFs are read
back with poppler's pdftotext, as a person reading the page would."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import date
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sinergi.core.errors import ServiceError
from sinergi.core.models import InstallationProfile
from sinergi.programs import documents, services
from sinergi.programs.models import FosteringLetter
from tests.factories import OrganisationFactory, make_actor
from tests.programs.factories import GOOD_ANSWERS, make_program

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext)"),
]

A4_WIDTH = 595.28
MARGIN = 2.5 * 28.3465 + 6  # the page margin and the frame's padding
LONG_PURPOSE = (
    "permohonan pendaftaran merek dagang kolektif untuk seluruh produk olahan kopi dan turunannya"
    " pada Direktorat Jenderal Kekayaan Intelektual beserta keringanan biaya permohonannya"
)


def _png() -> SimpleUploadedFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), "darkgreen").save(buffer, "PNG")
    return SimpleUploadedFile("lambang.png", buffer.getvalue(), content_type="image/png")


def _text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)  # noqa: S607
    return " ".join(out.stdout.decode().split())


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.words: list[tuple[float, float]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "word":
            a = dict(attrs)
            self.words.append((float(a["xmin"] or 0), float(a["xmax"] or 0)))


def _word_boxes(pdf: bytes) -> list[tuple[float, float]]:
    out = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True)  # noqa: S607
    parser = _Words()
    parser.feed(out.stdout.decode())
    return parser.words


@pytest.fixture
def office():
    InstallationProfile.objects.create(government_name="Pemerintah Kabupaten Contoh Raya", logo=_png())
    return OrganisationFactory(
        name="Dinas Perindustrian dan Perdagangan",
        short_name="Disperindag",
        letterhead_address="Jl. Merdeka No. 7, Contoh Raya 12345",
        letterhead_phone="(021) 555-0101",
        letterhead_website="disperindag.contohraya.go.id",
        signatory_name="Dra. Sri Wahyuni, M.Si.",
        signatory_title="Kepala Dinas",
        signatory_nip="196805121994032007",
        letter_place="Kota Baru",
    )


def test_fostering_letter_has_letterhead_number_date_signatory_and_verification(office):
    actor = make_actor(fostered_by=office, name="Kopi Tapos", address="Jl. Kenanga Raya Blok C No. 12 " * 4)
    letter = services.fostering_letter_issue(by=None, actor=actor, purpose=LONG_PURPOSE, on=date(2026, 3, 9))
    url = f"https://sinergi.example/program/verifikasi/{letter.code}/"
    pdf = documents.letter_pdf(letter, verify_url=url)
    text = _text(pdf)

    assert "PEMERINTAH KABUPATEN CONTOH RAYA" in text
    assert "DINAS PERINDUSTRIAN DAN PERDAGANGAN" in text
    assert "Jl. Merdeka No. 7, Contoh Raya 12345" in text
    assert "(021) 555-0101" in text
    assert "disperindag.contohraya.go.id" in text
    assert "Nomor: 001/SKB/DISPERINDAG/2026" in text
    assert "Kota Baru, 9 Maret 2026" in text
    assert "Dra. Sri Wahyuni, M.Si." in text
    assert "NIP. 196805121994032007" in text
    assert "Kepala Dinas" in text
    assert LONG_PURPOSE in text  # the whole sentence, wrapped rather than cut
    assert letter.code in text
    assert url in text
    right_edge = A4_WIDTH - MARGIN + 1
    assert max(xmax for _, xmax in _word_boxes(pdf)) <= right_edge  # nothing runs past the margin
    assert b"/Subtype /Image" in pdf  # the logo from the installation profile


def test_letter_numbers_are_a_per_office_per_year_sequence_assigned_once(office):
    other = OrganisationFactory(short_name="Dkum")
    first = services.fostering_letter_issue(by=None, actor=make_actor(fostered_by=office), on=date(2026, 1, 5))
    second = services.fostering_letter_issue(by=None, actor=make_actor(fostered_by=office), on=date(2026, 2, 5))
    elsewhere = services.fostering_letter_issue(by=None, actor=make_actor(fostered_by=other), on=date(2026, 2, 5))
    next_year = services.fostering_letter_issue(by=None, actor=make_actor(fostered_by=office), on=date(2027, 1, 2))
    assert [first.number, second.number, elsewhere.number, next_year.number] == [
        "001/SKB/DISPERINDAG/2026",
        "002/SKB/DISPERINDAG/2026",
        "001/SKB/DKUM/2026",
        "001/SKB/DISPERINDAG/2027",
    ]
    first.refresh_from_db()
    assert first.number == "001/SKB/DISPERINDAG/2026"  # stored, not recomputed


def test_a_reprinted_letter_keeps_the_signatory_who_signed_it(office):
    letter = services.fostering_letter_issue(by=None, actor=make_actor(fostered_by=office))
    office.signatory_name = "Ir. Pengganti Baru"
    office.signatory_nip = "197501012001121001"
    office.save()
    letter.refresh_from_db()
    text = _text(documents.letter_pdf(letter, verify_url="https://sinergi.example/v/"))
    assert "Dra. Sri Wahyuni, M.Si." in text
    assert "196805121994032007" in text
    assert "Pengganti" not in text


def test_no_letter_without_a_signatory_set_in_the_admin():
    office = OrganisationFactory(signatory_name="", signatory_title="")
    with pytest.raises(ServiceError, match="Penanda tangan dokumen resmi"):
        services.fostering_letter_issue(by=None, actor=make_actor(fostered_by=office))
    assert not FosteringLetter.objects.filter(organisation=office).exists()


def test_certificate_has_letterhead_number_signatory_and_verification(office):
    program = make_program(organiser=office, title="Kelas Pengemasan Produk Kopi", cohort_size=1)
    app = services.application_submit(
        by=None,
        program=program,
        actor=make_actor(name="Kopi Tapos"),
        answers=GOOD_ANSWERS,
    )
    services.application_review(by=None, application=app, score=90, notes="", decision="accepted")
    participant = services.participant_complete(by=None, participant=app.participant, on=date(2026, 6, 1))
    assert participant.certificate_number == "001/SERT/DISPERINDAG/2026"
    url = f"https://sinergi.example/program/verifikasi/{participant.certificate_code}/"
    pdf = documents.certificate_pdf(participant, verify_url=url)
    text = _text(pdf)
    assert "PEMERINTAH KABUPATEN CONTOH RAYA" in text
    assert "DINAS PERINDUSTRIAN DAN PERDAGANGAN" in text
    assert "Nomor: 001/SERT/DISPERINDAG/2026" in text
    assert "Kopi Tapos" in text
    assert "Kelas Pengemasan Produk Kopi" in text
    assert "Kota Baru, 1 Juni 2026" in text
    assert "Dra. Sri Wahyuni, M.Si." in text
    assert "NIP. 196805121994032007" in text
    assert participant.certificate_code in text
    assert url in text
    assert re.search(r"\bDepok\b", text) is None


def test_a_letter_downloaded_in_english_mode_stays_in_indonesian(office):
    from django.utils import translation

    letter = services.fostering_letter_issue(by=None, actor=make_actor(fostered_by=office), on=date(2026, 3, 9))
    with translation.override("en"):
        text = _text(documents.letter_pdf(letter, verify_url="https://sinergi.example/v/"))
    assert "Telepon (021) 555-0101" in text
    assert "9 Maret 2026" in text
    assert "Telephone" not in text
    assert "March" not in text


def test_the_purpose_continues_the_sentence(office):
    letter = services.fostering_letter_issue(by=None, actor=make_actor(fostered_by=office))
    text = _text(documents.letter_pdf(letter, verify_url="https://sinergi.example/v/"))
    assert "untuk keperluan permohonan pendaftaran merek (keringanan biaya) dan dapat" in text


def test_the_public_check_names_the_number_and_signatory(client, office):
    from django.urls import reverse

    letter = services.fostering_letter_issue(by=None, actor=make_actor(fostered_by=office, name="Kopi Tapos"))
    page = client.get(reverse("programs:verify", args=[letter.code])).content.decode()
    assert letter.number in page
    assert "Ditandatangani: Dra. Sri Wahyuni, M.Si., Kepala Dinas" in page
    program = make_program(organiser=office, cohort_size=1)
    app = services.application_submit(by=None, program=program, actor=make_actor(), answers=GOOD_ANSWERS)
    services.application_review(by=None, application=app, score=90, notes="", decision="accepted")
    done = services.participant_complete(by=None, participant=app.participant, on=date(2026, 6, 1))
    page = client.get(reverse("programs:verify", args=[done.certificate_code])).content.decode()
    assert "Nomor sertifikat: <strong>001/SERT/DISPERINDAG/2026</strong>" in page
    assert "Ditandatangani: Dra. Sri Wahyuni, M.Si., Kepala Dinas" in page


def test_certificates_given_before_numbers_existed_get_numbered(office):
    from importlib import import_module

    from django.apps import apps

    from sinergi.programs.models import Participant

    program = make_program(organiser=office, cohort_size=3)
    done = []
    for day in (date(2025, 5, 1), date(2025, 4, 1), date(2026, 1, 9)):
        app = services.application_submit(by=None, program=program, actor=make_actor(), answers=GOOD_ANSWERS)
        services.application_review(by=None, application=app, score=90, notes="", decision="accepted")
        done.append(services.participant_complete(by=None, participant=app.participant, on=day))
    Participant.objects.filter(pk__in=[done[0].pk, done[2].pk]).update(certificate_number=None)
    migration = import_module("sinergi.programs.migrations.0004_number_earlier_certificates")
    migration.number_earlier_certificates(apps, None)
    numbers = {p.pk: p.certificate_number for p in Participant.objects.all()}
    # the April 2025 one keeps 002 (it was numbered second); the others get the first free numbers
    assert numbers[done[1].pk] == "002/SERT/DISPERINDAG/2025"
    assert numbers[done[0].pk] == "001/SERT/DISPERINDAG/2025"
    assert numbers[done[2].pk] == "001/SERT/DISPERINDAG/2026"


def test_a_deleted_programs_certificates_leave_no_number_to_repeat(office):
    first = make_program(organiser=office, cohort_size=2)
    graduates = []
    for _ in range(2):
        app = services.application_submit(by=None, program=first, actor=make_actor(), answers=GOOD_ANSWERS)
        services.application_review(by=None, application=app, score=90, notes="", decision="accepted")
        graduates.append(services.participant_complete(by=None, participant=app.participant, on=date(2026, 2, 1)))
    graduates[0].delete()  # one of two certificates is gone: counting alone would give 002 again
    second = make_program(organiser=office, cohort_size=1)
    app = services.application_submit(by=None, program=second, actor=make_actor(), answers=GOOD_ANSWERS)
    services.application_review(by=None, application=app, score=90, notes="", decision="accepted")
    later = services.participant_complete(by=None, participant=app.participant, on=date(2026, 3, 1))
    assert later.certificate_number == "003/SERT/DISPERINDAG/2026"


def test_staff_are_told_on_the_page_when_their_office_has_no_signatory(client):
    from django.urls import reverse

    from sinergi.accounts.models import Role
    from tests.factories import user_with_role

    office = OrganisationFactory(short_name="Dkum", signatory_name="", signatory_title="")
    actor = make_actor(fostered_by=office)
    client.force_login(user_with_role(Role.STAFF, organisation=office))
    page = client.post(reverse("programs:letter_issue"), {"actor": actor.slug, "purpose": ""})
    assert page.status_code == 200
    assert "Penanda tangan dokumen resmi Dkum belum diisi" in page.content.decode()
    assert not FosteringLetter.objects.exists()


def test_a_letter_is_downloaded_by_its_office_and_the_business_owner_only(office, client):
    """`programs.download_letter`: the issuing office's staff and the fostered business's owner; anyone
    else (another person, another office's staff) is refused with 403."""
    from sinergi.accounts.models import Role
    from tests.factories import UserFactory, office_with, user_with_role

    owner = UserFactory()
    letter = services.fostering_letter_issue(by=None, actor=make_actor(by=owner, fostered_by=office))
    url = f"/program/surat-binaan/{letter.code}.pdf"
    for person, status in (
        (owner, 200),
        (user_with_role(Role.STAFF, organisation=office), 200),
        (UserFactory(), 403),
        (user_with_role(Role.STAFF, organisation=office_with(name="Dinas Lain")), 403),
    ):
        client.force_login(person)
        assert client.get(url).status_code == status
    assert client.get("/program/surat-binaan/TIDAKADA.pdf").status_code == 404
