"""The Kalimantan Timur demo (`make run REGION=64`): a province installation's offices and users.

A province fosters its creative economy through the provincial offices: Bappeda plans and produces the
PDRB Ekraf statistics, the Dinas Pariwisata (tourism and creative economy) keeps the directory of actors,
Dekranasda fosters crafts; a kab/kota office (Dinas Pariwisata Kota Samarinda) works beside them. Every
name, address, official and NIP here is fictitious and labelled demo. Idempotent as `seed.accounts`.
The statistics demo finds the Bappeda head and analyst by the same e-mail addresses as in the first demo.
"""

from __future__ import annotations

from typing import Any

from sinergi.accounts.models import OfficeFunction, Organisation, OrganisationKind, Role, User
from sinergi.demo.seed.accounts import DemoOrganisation, DemoUser, seed_set

DEMO_PASSWORD = "Sinergi-Kaltim-2026"  # noqa: S105 -- a published demo password, printed and documented on purpose
REGION = "64"

ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(
        "bappeda",
        "demo-bappeda-kaltim",
        "Badan Perencanaan Pembangunan Daerah Provinsi Kalimantan Timur",
        "Bappeda Kaltim",
        OrganisationKind.OFFICE,
        "Perencanaan daerah provinsi; menyusun dan menyetujui statistik PDRB Ekraf.",
        frozenset({OfficeFunction.STATISTICS}),
    ),
    DemoOrganisation(
        "dispar",
        "demo-dispar-kaltim",
        "Dinas Pariwisata Provinsi Kalimantan Timur",
        "Dispar Kaltim",
        OrganisationKind.OFFICE,
        "Membina ekonomi kreatif provinsi: direktori pelaku, komunitas dan acara.",
        frozenset({OfficeFunction.REGISTRY}),
    ),
    DemoOrganisation(
        "dekranasda",
        "demo-dekranasda-kaltim",
        "Dewan Kerajinan Nasional Daerah Provinsi Kalimantan Timur",
        "Dekranasda Kaltim",
        OrganisationKind.OFFICE,
        "Membina perajin dan kriya daerah (tenun ulap doyo, manik-manik, anjat).",
    ),
    DemoOrganisation(
        "diskominfo",
        "demo-diskominfo-kaltim",
        "Dinas Komunikasi dan Informatika Provinsi Kalimantan Timur",
        "Diskominfo Kaltim",
        OrganisationKind.OFFICE,
        "Mengelola platform Sinergi provinsi.",
    ),
    DemoOrganisation(
        "dispar_samarinda",
        "demo-dispar-samarinda",
        "Dinas Pariwisata Kota Samarinda",
        "Dispar Samarinda",
        OrganisationKind.OFFICE,
        "Perangkat daerah kota yang membina ekonomi kreatif di Kota Samarinda.",
        frozenset({OfficeFunction.REGISTRY}),
        area="64.72",
    ),
)

PROFILE = {
    "name": "Sinergi Kalimantan Timur (demo)",
    "government_name": "Pemerintah Provinsi Kalimantan Timur",
    "statistics_release_title": "Statistik PDRB Ekonomi Kreatif Provinsi Kalimantan Timur",
}
LETTERHEADS: dict[str, dict[str, str]] = {
    "dispar": {
        "letterhead_address": "Jl. Jenderal Sudirman No. 22, Samarinda 75121 (alamat demo)",
        "letterhead_phone": "(0541) 000-001",
        "letterhead_website": "dispar.demo.sinergi.id",
        "signatory_name": "Dra. Pejabat Demo Dispar, M.Si.",
        "signatory_title": "Kepala Dinas Pariwisata",
        "signatory_nip": "197104042000032004",
        "letter_place": "Samarinda",
    },
    "bappeda": {
        "letterhead_address": "Jl. Kesuma Bangsa No. 2, Samarinda 75123 (alamat demo)",
        "letterhead_phone": "(0541) 000-002",
        "letterhead_website": "bappeda.demo.sinergi.id",
        "signatory_name": "Ir. Pejabat Demo Bappeda, M.T.",
        "signatory_title": "Kepala Badan Perencanaan Pembangunan Daerah",
        "signatory_nip": "197305052001121005",
        "letter_place": "Samarinda",
    },
    "dispar_samarinda": {
        "letterhead_address": "Jl. Basuki Rahmat No. 1, Samarinda 75117 (alamat demo)",
        "letterhead_phone": "(0541) 000-003",
        "letterhead_website": "dispar-samarinda.demo.sinergi.id",
        "signatory_name": "Pejabat Demo Dispar Samarinda, S.E.",
        "signatory_title": "Kepala Dinas Pariwisata Kota Samarinda",
        "signatory_nip": "197606062002121006",
        "letter_place": "Samarinda",
    },
}

USERS: tuple[DemoUser, ...] = (
    DemoUser("admin", "admin@demo.sinergi.id", "Admin Demo Sinergi Kaltim", "diskominfo", Role.ADMIN, True,
             "Superuser dan administrator Diskominfo Kaltim: semua menu, admin Django"),
    DemoUser("kepala_dispar", "kepala.dispar@demo.sinergi.id", "Kepala Bidang Ekraf Dispar (demo)", "dispar",
             Role.HEAD, False, "Kepala bidang ekraf Dispar Kaltim: verifikasi, pembinaan, acara"),
    DemoUser("petugas_dispar", "petugas.dispar@demo.sinergi.id", "Petugas Dispar (demo)", "dispar", Role.STAFF,
             False, "Petugas Dispar Kaltim: antrean verifikasi, data pribadi narahubung"),
    DemoUser("petugas_samarinda", "petugas.samarinda@demo.sinergi.id", "Petugas Dispar Samarinda (demo)",
             "dispar_samarinda", Role.STAFF, False, "Petugas perangkat daerah Kota Samarinda"),
    DemoUser("analis_bappeda", "analis.bappeda@demo.sinergi.id", "Analis Statistik Bappeda (demo)", "bappeda",
             Role.ANALYST, False, "Analis Bappeda Kaltim: data dan perhitungan PDRB Ekraf"),
    DemoUser("kepala_bappeda", "kepala.bappeda@demo.sinergi.id", "Kepala Bidang Bappeda (demo)", "bappeda",
             Role.HEAD, False, "Kepala bidang Bappeda Kaltim: menyetujui publikasi statistik"),
    DemoUser("ketua_komunitas", "ketua.komunitas@demo.sinergi.id", "Ketua Komunitas (demo)", "", "", False,
             "Pengurus satu komunitas demo: mengelola anggota dan kegiatan"),
    DemoUser("pelaku", "pelaku@demo.sinergi.id", "Pelaku Ekraf (demo)", "", "", False,
             "Pemilik satu profil pelaku demo: mengubah profil, produk, angka tahunan"),
    DemoUser("warga", "warga@demo.sinergi.id", "Warga Terdaftar (demo)", "", "", False,
             "Pengguna terdaftar biasa: membuat profil baru, mengklaim profil"),
)  # fmt: skip


def organisation(key: str) -> Organisation:
    """A Kaltim demo organisation by key ('dispar', 'bappeda', …); the accounts demo must have run."""
    spec = next(o for o in ORGANISATIONS if o.key == key)
    return Organisation.objects.get(slug=spec.slug)


def user(key: str) -> User:
    """A Kaltim demo user by key ('petugas_dispar', 'pelaku', …); the accounts demo must have run."""
    spec = next(u for u in USERS if u.key == key)
    return User.objects.get(email__iexact=spec.email)


def seed(stdout: Any) -> None:
    seed_set(
        stdout,
        organisations=ORGANISATIONS,
        users=USERS,
        password=DEMO_PASSWORD,
        profile_fields=PROFILE,
        letterheads=LETTERHEADS,
    )
