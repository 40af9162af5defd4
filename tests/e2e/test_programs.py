"""Browser journeys of fostering programs: Disdagin staff take a program from draft through open,
selection and running to closed on the manage page; a business owner finds the open program in the
public list and applies; the public sees each step."""

from __future__ import annotations

import os
import re
from typing import Any

import pytest

from sinergi.accounts.models import Role
from sinergi.programs.models import ApplicationStatus, ProgramApplication
from tests.e2e.journeys import sign_in
from tests.factories import UserFactory, make_actor, user_with_role
from tests.programs.factories import GOOD_ANSWERS, make_program

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def set_status(page: Any, label: str) -> None:
    page.get_by_label("Ubah status menjadi").select_option(label=label)
    page.get_by_role("button", name="Ubah status").click()
    page.get_by_text(f"Status program sekarang “{label}”.").wait_for()
    assert page.locator("#program-status-now").inner_text() == label


def test_staff_take_a_program_from_draft_to_closed_and_an_owner_applies(live_server: Any, page: Any) -> None:
    base = live_server.url
    staff = user_with_role(Role.STAFF)
    owner = UserFactory()
    make_actor(by=owner, name="Keripik Tempe Bu Sri")
    program = make_program(status="draft", title="Kelas Foto Produk Kuliner")

    # A draft is not public: 404 to visitors, absent from the list.
    response = page.goto(f"{base}/program/{program.slug}/")
    assert response.status == 404
    page.goto(base + "/program/")
    assert page.get_by_text("Kelas Foto Produk Kuliner").count() == 0

    # Disdagin staff open the call from the manage page.
    sign_in(page, base, staff.email)
    page.goto(f"{base}/program/{program.slug}/kelola/")
    assert page.locator("#program-status-now").inner_text() == "Draf"
    options = page.get_by_label("Ubah status menjadi").locator("option").all_inner_texts()
    assert options == ["Pendaftaran dibuka"]
    set_status(page, "Pendaftaran dibuka")

    # The business owner finds it in the public list and applies.
    sign_in(page, base, owner.email)
    page.goto(base + "/program/")
    page.get_by_role("link", name="Kelas Foto Produk Kuliner").click()
    page.locator("main").get_by_role("link", name="Daftar", exact=True).click()
    page.get_by_label("Motivasi").fill("Ingin foto produk yang menjual di marketplace")
    page.get_by_label("Sudah punya P-IRT?").select_option(label="Ya")
    page.get_by_role("button", name="Kirim pendaftaran").click()
    page.get_by_text("Pendaftaran terkirim").wait_for()
    application = ProgramApplication.objects.get(program=program)

    # Staff close the call, select, run and close the program.
    sign_in(page, base, staff.email)
    page.goto(f"{base}/program/{program.slug}/kelola/")
    set_status(page, "Seleksi")
    card = page.locator(f"#app-{application.pk}")
    assert "Keripik Tempe Bu Sri" in card.inner_text()
    card.get_by_label(re.compile("Nilai")).fill("85")
    card.get_by_label("Keputusan").select_option(label="Diterima")
    card.get_by_role("button", name="Simpan").click()
    page.get_by_text("Keputusan untuk Keripik Tempe Bu Sri tersimpan.").wait_for()
    assert ProgramApplication.objects.get().status == ApplicationStatus.ACCEPTED
    set_status(page, "Berjalan")
    set_status(page, "Selesai")
    assert page.get_by_label("Ubah status menjadi").count() == 0

    # The public sees a closed program: listed, no longer offering to apply.
    page.context.clear_cookies()
    page.goto(f"{base}/program/{program.slug}/")
    assert "Selesai" in page.locator(".lead").inner_text()
    assert page.locator("main").get_by_role("link", name="Daftar", exact=True).count() == 0
    sign_in(page, base, owner.email)
    page.goto(f"{base}/program/{program.slug}/daftar/")
    page.get_by_text("Pendaftaran program ini sedang tidak dibuka.").wait_for()
    assert page.url.endswith(f"/program/{program.slug}/")


def test_staff_build_a_culinary_call_and_an_eligible_business_applies(live_server: Any, page: Any) -> None:
    base = live_server.url
    staff = user_with_role(Role.STAFF)
    owner = UserFactory()
    make_actor(by=owner, name="Warung Nasi Bu Ani", kbli_code="56101")  # a restaurant: Kuliner, derived

    # Disdagin staff create the program: one "Kuliner" to pick, questions built field by field.
    sign_in(page, base, staff.email)
    page.goto(base + "/program/")
    page.get_by_role("link", name="Program baru").click()
    page.get_by_label("Nama program").fill("Kelas Kemasan Kuliner 2030")
    page.get_by_label("Slug").fill("kelas-kemasan-kuliner-2030")
    page.get_by_label("Jenis:", exact=True).select_option(label="Pelatihan")
    page.get_by_label("Penyelenggara").select_option(index=1)
    page.get_by_label("Mulai:", exact=True).fill("2030-02-01")
    page.get_by_label("Selesai:", exact=True).fill("2030-03-01")
    picker = page.locator("#id_eligible_subsectors")  # checkboxes: every choice in view
    assert picker.get_by_label("Kuliner", exact=True).count() == 1
    picker.get_by_label("Kuliner", exact=True).check()
    first = page.get_by_role("group", name="Pertanyaan 1")
    first.get_by_label("Pertanyaan:", exact=True).fill("Punya P-IRT?")
    first.get_by_label("Jenis jawaban").select_option(label="Ya/tidak")
    first.get_by_label("Wajib dijawab").check()
    second = page.get_by_role("group", name="Pertanyaan 2")
    second.get_by_label("Pertanyaan:", exact=True).fill("Tahu program dari")
    second.get_by_label("Jenis jawaban").select_option(label="Pilih salah satu")
    page.get_by_role("button", name="Simpan", exact=True).click()
    # A choice question without choices: said at the question, nothing typed is lost.
    second = page.get_by_role("group", name="Pertanyaan 2")
    second.get_by_text("Tulis paling sedikit dua pilihan, satu per baris.").wait_for()
    assert page.get_by_label("Nama program").input_value() == "Kelas Kemasan Kuliner 2030"
    second.get_by_label("Pilihan jawaban (satu per baris)").fill("Komunitas\nMedia sosial")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("Program “Kelas Kemasan Kuliner 2030” tersimpan sebagai draf.").wait_for()
    set_status(page, "Pendaftaran dibuka")

    # The culinary business applies: no eligibility warning, the built questions are asked.
    sign_in(page, base, owner.email)
    page.goto(base + "/program/kelas-kemasan-kuliner-2030/daftar/")
    assert page.locator(".message.warning").count() == 0
    page.get_by_label("Punya P-IRT?").select_option(label="Ya")
    page.get_by_label("Tahu program dari").select_option(label="Komunitas")
    page.get_by_role("button", name="Kirim pendaftaran").click()
    page.get_by_text("Pendaftaran terkirim").wait_for()

    # The reviewer reads labelled answers.
    sign_in(page, base, staff.email)
    page.goto(base + "/program/kelas-kemasan-kuliner-2030/kelola/")
    card = page.locator("article.card", has_text="Warung Nasi Bu Ani")
    answers = card.locator("dl.answers")
    assert answers.locator("dt").all_inner_texts() == ["Punya P-IRT?", "Tahu program dari"]
    assert answers.locator("dd").all_inner_texts() == ["ya", "Komunitas"]


def test_staff_record_an_outcome_with_a_digit_too_many_and_correct_it(live_server: Any, page: Any) -> None:
    """An outcome with implausible figures is refused at the fields, keeping what was typed; nothing is
    stored until it is corrected."""
    from decimal import Decimal

    from sinergi.programs import services
    from sinergi.programs.models import Participant

    base = live_server.url
    staff = user_with_role(Role.STAFF)
    program = make_program(title="Kelas Pemasaran Digital")
    actor = make_actor(name="Batik Tulis Ibu Rina")
    application = services.application_submit(by=None, program=program, actor=actor, answers=GOOD_ANSWERS)
    services.application_review(by=None, application=application, score=80, notes="", decision="accepted")
    participant = Participant.objects.get(application=application)

    sign_in(page, base, staff.email)
    page.goto(f"{base}/program/{program.slug}/kelola/")
    page.get_by_role("link", name="Catat capaian").click()
    page.get_by_label("Tanggal").fill("2026-01-05")
    page.get_by_label("Omzet per bulan (Rp)").fill("40000000000000")
    page.get_by_label("Tenaga kerja").fill("3")
    page.get_by_role("button", name="Simpan capaian").click()
    error = page.locator("#id_monthly_sales_error")
    error.wait_for()
    assert "melebihi batas wajar Rp 1.000.000.000.000" in error.inner_text()
    assert page.get_by_label("Omzet per bulan (Rp)").input_value() == "40000000000000"
    assert not participant.outcomes.exists()

    page.get_by_label("Omzet per bulan (Rp)").fill("4000000")
    page.get_by_role("button", name="Simpan capaian").click()
    page.get_by_text("Capaian tersimpan.").wait_for()
    assert participant.outcomes.get().monthly_sales == Decimal(4_000_000)


def test_a_participant_hears_of_tomorrows_session_and_their_certificate(live_server: Any, page: Any) -> None:
    """The daily timer reminds the cohort of tomorrow's session; staff mark a participant graduated on
    the manage page; the owner sees both on the bell and "Aktivitas saya", opens the certificate, and the
    (local) WhatsApp Cloud API received both template messages in the owner's language; staff follow the
    deliveries on "Status pengiriman"."""
    import io
    from datetime import datetime, time, timedelta
    from zoneinfo import ZoneInfo

    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings
    from django.utils import timezone

    from sinergi.notifications.models import PhoneNumber
    from sinergi.notifications.services import mark_read
    from sinergi.programs import services
    from tests.notifications.whatsapp_server import fake_graph

    base = live_server.url
    staff = user_with_role(Role.STAFF)
    owner = UserFactory(full_name="Sri Rahayu", language="id")
    actor = make_actor(by=owner, name="Keripik Tempe Bu Sri")
    program = make_program(title="Inkubasi Kuliner Depok")
    app = services.application_submit(by=owner, program=program, actor=actor, answers=GOOD_ANSWERS)
    services.application_review(by=staff, application=app, score=85, notes="", decision="accepted")
    starts = datetime.combine(timezone.localdate() + timedelta(days=1), time(9, 0), tzinfo=ZoneInfo(settings.TIME_ZONE))
    services.session_create(
        by=staff,
        program=program,
        data={
            "title": "Foto Produk",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=2),
            "venue": "Aula",
            "capacity": 5,
        },
    )
    PhoneNumber.objects.create(user=owner, number="+6281277778888", verified_at=timezone.now())
    mark_read(by=owner)  # the application's receipt and decision, seen before
    with fake_graph() as whatsapp, override_settings(**whatsapp.settings()):
        # 1. The morning timer sends tomorrow's reminders.
        call_command("send_session_reminders", stdout=io.StringIO())
        # 2. Staff mark the participant graduated on the manage page.
        sign_in(page, base, staff.email)
        page.goto(f"{base}/program/{program.slug}/kelola/")
        page.get_by_role("button", name="Luluskan").click()
        page.get_by_role("link", name="PDF").wait_for()
        # 3. The owner sees both on the bell and on "Aktivitas saya", and opens the certificate.
        sign_in(page, base, owner.email)
        assert page.get_by_test_id("bell-count").inner_text() == "2"
        page.get_by_test_id("bell").click()
        page.get_by_role("button", name="Besok: Foto Produk (Inkubasi Kuliner Depok)").wait_for()
        page.get_by_text(f"{starts:%d-%m-%Y} 09.00 {settings.SINERGI_TIME_ZONE_LABEL} di Aula.").wait_for()
        ready = page.get_by_role(
            "button", name="Sertifikat Inkubasi Kuliner Depok untuk Keripik Tempe Bu Sri siap diunduh"
        )
        ready.wait_for()
        with page.expect_response(re.compile(r"/program/sertifikat/\d+\.pdf$")) as pdf:
            ready.click()
        assert pdf.value.status == 200
        assert pdf.value.headers["content-type"] == "application/pdf"
        # 4. WhatsApp received both template messages, in Indonesian.
        names = [(m["template"]["name"], m["template"]["language"]["code"]) for m in whatsapp.received]
        assert names == [("sinergi_pengingat_program", "id"), ("sinergi_sertifikat_siap", "id")]
        assert whatsapp.problems == []
    # 5. Staff follow the deliveries of their program.
    page.goto(base + "/")
    sign_in(page, base, staff.email)
    page.goto(f"{base}/aktivitas/pengiriman/?alur=programs.program&objek={program.pk}")
    rows = page.get_by_test_id("delivery-row")
    texts = rows.all_inner_texts()
    assert len(texts) == 5  # the application's receipt (owner and staff), decision, reminder, certificate
    for kind in ("Sertifikat program siap", "Pengingat sehari sebelum sesi program"):
        (row,) = [text for text in texts if kind in text]
        assert "Sri Rahayu" in row
        assert "WhatsApp: Terkirim" in row
    assert page.locator('[data-testid=delivery-counts] [data-status="failed"] strong').inner_text() == "0"
