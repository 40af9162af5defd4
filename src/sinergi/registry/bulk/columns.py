"""The actor import's columns (the template's headers, help and examples) and the words its cells accept.

Users read these rules in docs/operations/import.md.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy

from sinergi.imports.kinds import Column

from ..models import ActorKind, LegalForm
from ..services import normalise_name

KBLI_VERSION = "2020"
# What a number is, named in its error message ("Tahun berdiri harus antara …").
FOUNDED_YEAR = gettext_lazy("Tahun berdiri")
WORKERS = gettext_lazy("Tenaga kerja")
FIGURES_YEAR = gettext_lazy("Tahun angka")
KELURAHAN_CODE = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
YES = {"ya", "y", "yes", "setuju", "1", "true"}
NO = {"tidak", "t", "no", "tidak setuju", "0", "false"}

COLUMNS: tuple[Column, ...] = (
    Column(
        "nama_usaha",
        required=True,
        help=gettext_lazy("Nama usaha atau nama pelaku, paling banyak 200 huruf."),
        example="Batik Tulis Sawangan",
    ),
    Column(
        "jenis_pelaku",
        required=True,
        help=gettext_lazy("perorangan atau badan_usaha."),
        example="badan_usaha",
        choices=("perorangan", "badan_usaha"),
    ),
    Column(
        "bentuk_usaha",
        help=gettext_lazy(
            "perorangan, ud, cv, pt, pt_perorangan, koperasi, firma, yayasan atau lainnya; kosong = perorangan."
        ),
        example="cv",
        choices=tuple(LegalForm.values),
    ),
    Column(
        "nib",
        text=True,
        help=gettext_lazy("Nomor Induk Berusaha dari OSS, 13 angka; satu NIB untuk satu usaha."),
        example="1234567890123",
    ),
    Column(
        "npwp",
        text=True,
        help=gettext_lazy("16 angka (NPWP lama 15 angka diterima dan diberi 0 di depan)."),
        example="0123456782012345",
    ),
    Column(
        "kbli_utama",
        required=True,
        text=True,
        help=gettext_lazy("Kode KBLI 2020, 5 angka, yang ada di tabel KBLI."),
        example="14111",
    ),
    Column(
        "kbli_lain", text=True, help=gettext_lazy("Kode KBLI 2020 lain, dipisah titik koma (;)."), example="13134;47711"
    ),
    Column("deskripsi", help=gettext_lazy("Apa yang dibuat atau dijual."), example="Batik tulis motif flora."),
    Column(
        "alamat_usaha",
        help=gettext_lazy("Alamat tempat usaha (bukan alamat rumah), paling banyak 300 huruf."),
        example="Jl. Raya Sawangan No. 10",
    ),
    Column(
        "kode_kelurahan",
        required=True,
        text=True,
        help=gettext_lazy(
            "Kode Kemendagri kelurahan, misalnya 32.76.01.1006 (lihat lembar 'kelurahan'); nama saja tidak "
            "cukup karena ada dua kelurahan Curug."
        ),
        example="32.76.01.1006",
    ),
    Column("tahun_berdiri", help=gettext_lazy("Tahun, misalnya 2015."), example="2015"),
    Column("tenaga_kerja_perempuan", help=gettext_lazy("Jumlah orang, bilangan bulat ≥ 0."), example="3"),
    Column("tenaga_kerja_laki_laki", help=gettext_lazy("Jumlah orang, bilangan bulat ≥ 0."), example="2"),
    Column(
        "tahun_angka",
        help=gettext_lazy("Tahun modal dan omzet di bawah ini; wajib bila salah satunya diisi."),
        example="2024",
    ),
    Column(
        "modal_usaha",
        help=gettext_lazy(
            "Rupiah, tanpa tanah dan bangunan; angka saja (15000000 atau 15.000.000), tidak boleh negatif."
        ),
        example="15000000",
    ),
    Column(
        "omzet_tahunan", help=gettext_lazy("Rupiah per tahun; angka saja, tidak boleh negatif."), example="120000000"
    ),
    Column(
        "dibina_oleh",
        help=gettext_lazy("Singkatan perangkat daerah pembina (misalnya DISDAGIN); boleh kosong."),
        example="",
    ),
    Column(
        "nama_narahubung",
        personal=True,
        help=gettext_lazy("Nama narahubung; bila diisi, persetujuan_narahubung harus ya."),
        example="Siti Aminah",
    ),
    Column(
        "nik_narahubung",
        text=True,
        personal=True,
        help=gettext_lazy("NIK 16 angka (data pribadi: disamarkan di ekspor)."),
        example="",
    ),
    Column(
        "telepon_narahubung",
        text=True,
        personal=True,
        help=gettext_lazy("Nomor telepon/WhatsApp, misalnya 081234567890."),
        example="081234567890",
    ),
    Column(
        "persetujuan_narahubung",
        help=gettext_lazy(
            "ya bila narahubung menyetujui pemrosesan data pribadinya (UU 27/2022); wajib ya bila ada data narahubung."
        ),
        example="ya",
        choices=("ya", "tidak"),
    ),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
CONTACT_COLUMNS = ("nama_narahubung", "nik_narahubung", "telepon_narahubung")
KIND_VALUES = {
    "perorangan": ActorKind.INDIVIDUAL,
    "individual": ActorKind.INDIVIDUAL,
    "badan_usaha": ActorKind.BUSINESS,
    "badan usaha": ActorKind.BUSINESS,
    "business": ActorKind.BUSINESS,
}


def _key(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").split())


LEGAL_FORMS = {
    **{_key(value): value for value in LegalForm.values},
    **{_key(str(label)): value for value, label in LegalForm.choices},
    "usaha dagang": LegalForm.UD,
    "pt perseorangan": LegalForm.PT_PERORANGAN,
}


def name_keys(name: str) -> tuple[str, str]:
    """Set-based likeness for bulk work: the normalised name without spaces, and its words sorted."""
    words = normalise_name(name).split()
    return "".join(words), " ".join(sorted(words))
