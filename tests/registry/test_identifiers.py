"""NIK and NPWP: region digits against the wilayah table and python-stdnum, NPWP check digits."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from sinergi.registry.identifiers import clean_nik, clean_npwp
from sinergi.registry.models import ContactPerson
from sinergi.wilayah.selectors import forget_kecamatan_digits, kecamatan_digits
from tests.factories import UserFactory, make_actor

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "nik",
    [
        "3276014506900001",  # Depok, Pancoran Mas: a kecamatan in the wilayah table
        "32.76.11-450690-0001",  # separators are dropped
        "3171011708450001",  # Jakarta Pusat: another city; its province and city codes are known
        "3201017108900002",  # Kabupaten Bogor, a woman born 31 August 1990
        "3218014506900001",  # Kabupaten Pangandaran (2012): missing from python-stdnum's list, yet real
        "6501014506900001",  # Kalimantan Utara (2012)
        "9601014506900001",  # Papua Barat Daya (2022)
    ],
)
def test_real_niks_are_accepted(nik: str) -> None:
    assert clean_nik(nik) == "".join(c for c in nik if c.isdigit())


@pytest.mark.parametrize(
    ("nik", "message"),
    [
        ("3276994506900001", "NIK tidak sah: kode kecamatan 99 (digit 5–6) tidak ada di Kota Depok."),
        ("3276124506900001", "NIK tidak sah: kode kecamatan 12 (digit 5–6) tidak ada di Kota Depok."),
        ("9976014506900001", "NIK tidak sah: kode provinsi 99 (digit 1–2) tidak ada."),
        ("2076014506900001", "NIK tidak sah: kode provinsi 20 (digit 1–2) tidak ada."),
        ("3276013002900001", "NIK tidak sah: tanggal lahir di digit 7–12 tidak mungkin."),  # 30 February
        ("3276014506900000", "NIK tidak sah: nomor urut (4 digit terakhir) tidak boleh 0000."),
        ("327601450690", "NIK harus 16 angka."),
    ],
)
def test_impossible_niks_are_refused_with_what_is_wrong(nik: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        clean_nik(nik)


def test_kecamatan_digits_come_from_the_wilayah_table() -> None:
    forget_kecamatan_digits()
    assert kecamatan_digits("3276") == frozenset(f"{n:02d}" for n in range(1, 12))
    assert kecamatan_digits("3171") == frozenset()  # not in this installation's table: stdnum decides


@pytest.mark.parametrize(
    ("npwp", "stored"),
    [
        ("01.312.166.0-091.000", "0013121660091000"),  # the old 15-digit form, check digit 0
        ("0013121660091000", "0013121660091000"),
        ("0123456782012345", "0123456782012345"),
        ("3276014506900001", "3276014506900001"),  # since 2024 a citizen's NPWP is their NIK
    ],
)
def test_valid_npwps_are_accepted(npwp: str, stored: str) -> None:
    assert clean_npwp(npwp) == stored


@pytest.mark.parametrize(
    ("npwp", "message"),
    [
        ("01.312.166.1-091.000", "NPWP tidak sah: digit pemeriksa tidak cocok."),
        ("0123456789012345", "NPWP tidak sah: digit pemeriksa tidak cocok."),
        ("3276994506900001", "NPWP yang tidak diawali 0 adalah NIK: NIK tidak sah: kode kecamatan 99"),
        ("12345", "NPWP harus 16 angka"),
    ],
)
def test_invalid_npwps_are_refused(npwp: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        clean_npwp(npwp)


def test_the_contact_form_names_the_wrong_kecamatan_and_keeps_the_input() -> None:
    owner = UserFactory()
    actor = make_actor(by=owner)
    client = Client()
    client.force_login(owner)
    url = reverse("registry:contact_create", kwargs={"slug": actor.slug})
    data = {
        "full_name": "Siti Aminah",
        "phone": "0812-3456-7890",
        "nik": "3276994506900001",
        "legal_basis": "consent",
        "purpose": "Pembinaan",
        "consent": "on",
    }
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "kode kecamatan 99 (digit 5–6) tidak ada di Kota Depok" in page
    assert "Siti Aminah" in page
    assert not ContactPerson.objects.exists()
