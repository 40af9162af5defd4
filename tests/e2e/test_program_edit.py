"""Organiser staff edit a program from its manage page and see the change on the public program page."""

from __future__ import annotations

import os
from typing import Any

import pytest

from sinergi.accounts.models import Role
from tests.e2e.journeys import sign_in
from tests.factories import user_with_role
from tests.programs.factories import make_program

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_organiser_staff_edit_a_program_and_see_it_publicly(live_server: Any, page: Any) -> None:
    base = live_server.url
    staff = user_with_role(Role.STAFF)
    program = make_program(title="Pelatihan Kemasan")

    sign_in(page, base, staff.email)
    page.goto(f"{base}/program/{program.slug}/kelola/")
    page.get_by_role("link", name="Ubah data program").click()
    page.get_by_role("heading", name="Ubah data program").wait_for()
    page.get_by_label("Nama program").fill("Pelatihan Kemasan Pangan")
    page.get_by_label("Deskripsi").fill("Kemasan aman untuk pangan olahan rumahan.")
    page.get_by_label("Jumlah peserta").fill("25")
    page.get_by_role("button", name="Simpan perubahan").click()
    page.get_by_text("Program “Pelatihan Kemasan Pangan” diperbarui.").wait_for()
    assert "kuota 25 peserta" in page.locator(".lead").inner_text()

    page.context.clear_cookies()  # what a visitor sees
    page.goto(f"{base}/program/{program.slug}/")
    page.get_by_role("heading", name="Pelatihan Kemasan Pangan").wait_for()
    assert "Kemasan aman untuk pangan olahan rumahan." in page.content()
