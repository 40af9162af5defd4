"""Demo organisations and one user per role, with fixed demo credentials (docs/operations/demo-accounts.md).

Idempotent: organisations are found by their fixed slug, users by their e-mail address; what already
exists is left as it is (a demo user who changed the password keeps it). Nothing is ever deleted.
Other apps' demo seeders find these records through `demo_organisation(key)` and `demo_user(key)`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.files.base import ContentFile
from django.db import transaction

from sinergi.accounts.models import OfficeFunction, Organisation, OrganisationKind, Role, User
from sinergi.accounts.services import membership_set, organisation_create
from sinergi.core import audit
from sinergi.core.models import InstallationProfile
from sinergi.wilayah.models import Wilayah

DEMO_PASSWORD = "Sinergi-Depok-2026"  # noqa: S105 -- a published demo password, printed and documented on purpose
DEMO_NOTE = "Organisasi demo Sinergi (dibuat oleh `sinergi seed_demo`)."


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    slug: str
    name: str
    short_name: str
    kind: str
    description: str
    functions: frozenset[str] = frozenset()
    #: The kab/kota (Kemendagri code) an office of a province installation works in; "" = the whole region.
    area: str = ""


def _area(code: str) -> Wilayah:
    area = Wilayah.objects.filter(kode=code).first()
    if area is None:
        raise RuntimeError(f"demo: wilayah {code} belum dimuat; jalankan `sinergi load_reference` dulu")
    return area


@dataclass(frozen=True)
class DemoUser:
    key: str
    email: str
    full_name: str
    organisation: str  # DemoOrganisation.key, or "" for none
    role: str  # Role value, or "" for none
    superuser: bool
    what: str  # what this account shows in the demo (for the printed table and the docs)


ORGANISATIONS: tuple[DemoOrganisation, ...] = (
    DemoOrganisation(
        "bappeda",
        "demo-bappeda",
        "Badan Perencanaan Pembangunan Daerah Kota Depok",
        "Bappeda",
        OrganisationKind.OFFICE,
        "Perencanaan daerah; menyusun dan menyetujui statistik PDRB Ekraf.",
        frozenset({OfficeFunction.STATISTICS}),
    ),
    DemoOrganisation(
        "disdagin",
        "demo-disdagin",
        "Dinas Perdagangan dan Perindustrian Kota Depok",
        "Disdagin",
        OrganisationKind.OFFICE,
        "Membina IKM dan komunitas kreatif (Sinergitas Komunitas).",
        frozenset({OfficeFunction.REGISTRY}),
    ),
    DemoOrganisation(
        "dkum",
        "demo-dkum",
        "Dinas Koperasi dan Usaha Mikro Kota Depok",
        "DKUM",
        OrganisationKind.OFFICE,
        "Membina koperasi dan usaha mikro.",
    ),
    DemoOrganisation(
        "dekranasda",
        "demo-dekranasda",
        "Dewan Kerajinan Nasional Daerah Kota Depok",
        "Dekranasda",
        OrganisationKind.OFFICE,
        "Membina perajin dan kriya daerah.",
    ),
    DemoOrganisation(
        "diskominfo",
        "demo-diskominfo",
        "Dinas Komunikasi dan Informatika Kota Depok",
        "Diskominfo",
        OrganisationKind.OFFICE,
        "Mengelola platform Sinergi dan ekosistem aplikasi/startup.",
    ),
    DemoOrganisation(
        "kampus",
        "demo-kampus",
        "Kampus Demo Depok (akademisi)",
        "Kampus Demo",
        OrganisationKind.CAMPUS,
        "Perguruan tinggi fiktif untuk demo pentahelix.",
    ),
    DemoOrganisation(
        "media",
        "demo-media",
        "Media Demo Depok",
        "Media Demo",
        OrganisationKind.MEDIA,
        "Media lokal fiktif untuk demo pentahelix.",
    ),
    DemoOrganisation(
        "asosiasi",
        "demo-asosiasi",
        "Asosiasi Usaha Kreatif Demo Depok",
        "Asosiasi Demo",
        OrganisationKind.BUSINESS,
        "Asosiasi usaha fiktif untuk demo pentahelix.",
    ),
)

# The installation profile and the offices' letterheads and signatories for the Depok demo: fictitious
# addresses, officials and NIPs, each labelled demo, so the documents look as they would in real use.
DEMO_PROFILE = {
    "name": "Sinergi Depok (demo)",
    "government_name": "Pemerintah Kota Depok",
    "statistics_release_title": "Statistik PDRB Ekonomi Kreatif Kota Depok",
}
LETTERHEADS: dict[str, dict[str, str]] = {
    "disdagin": {
        "letterhead_address": "Jl. Margonda Raya No. 54, Depok 16431 (alamat demo)",
        "letterhead_phone": "(021) 000-0001",
        "letterhead_website": "disdagin.demo.sinergi.id",
        "signatory_name": "Drs. Pejabat Demo Disdagin, M.Si.",
        "signatory_title": "Kepala Dinas Perdagangan dan Perindustrian",
        "signatory_nip": "197001012000031001",
        "letter_place": "Depok",
    },
    "bappeda": {
        "letterhead_address": "Jl. Margonda Raya No. 54, Depok 16431 (alamat demo)",
        "letterhead_phone": "(021) 000-0002",
        "letterhead_website": "bappeda.demo.sinergi.id",
        "signatory_name": "Ir. Pejabat Demo Bappeda, M.T.",
        "signatory_title": "Kepala Badan Perencanaan Pembangunan Daerah",
        "signatory_nip": "197202022001122002",
        "letter_place": "Depok",
    },
    "dkum": {
        "letterhead_address": "Jl. Margonda Raya No. 54, Depok 16431 (alamat demo)",
        "letterhead_phone": "(021) 000-0003",
        "letterhead_website": "dkum.demo.sinergi.id",
        "signatory_name": "Dra. Pejabat Demo DKUM",
        "signatory_title": "Kepala Dinas Koperasi dan Usaha Mikro",
        "signatory_nip": "197503032002122003",
        "letter_place": "Depok",
    },
}


def _demo_logo() -> ContentFile[bytes]:
    """A plain placeholder emblem marked DEMO (not the city's coat of arms)."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (200, 240), "white")
    draw = ImageDraw.Draw(image)
    draw.polygon([(10, 10), (190, 10), (190, 150), (100, 230), (10, 150)], fill="#1f5f8b", outline="#c9a227")
    draw.text((100, 100), "DEMO", fill="white", anchor="mm", font=ImageFont.load_default(size=44))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="logo-demo.png")


def seed_profile(
    organisations: dict[str, Organisation],
    *,
    profile_fields: dict[str, str] | None = None,
    letterheads: dict[str, dict[str, str]] | None = None,
) -> None:
    """The demo's installation profile and office letterheads, filled in only where still blank (what an
    administrator changed in the admin stays)."""
    profile_fields = DEMO_PROFILE if profile_fields is None else profile_fields
    letterheads = LETTERHEADS if letterheads is None else letterheads
    profile = InstallationProfile.current()
    if profile._state.adding:
        profile = InstallationProfile(**profile_fields)
        profile.logo.save("logo-demo.png", _demo_logo(), save=False)
        profile.full_clean()
        profile.save()
        audit.record(actor=None, action="core.installation_profile.changed", target=profile, data={"demo": True})
    for key, fields in letterheads.items():
        office = organisations[key]
        if not office.signatory_name:
            for name, value in fields.items():
                setattr(office, name, value)
            office.full_clean()
            office.save()
            audit.record(actor=None, action="accounts.organisation.letterhead", target=office, data={"demo": True})


USERS: tuple[DemoUser, ...] = (
    DemoUser(
        "admin",
        "admin@demo.sinergi.id",
        "Admin Demo Sinergi",
        "diskominfo",
        Role.ADMIN,
        True,
        "Superuser dan administrator Diskominfo: semua menu, admin Django",
    ),
    DemoUser(
        "kepala_disdagin",
        "kepala.disdagin@demo.sinergi.id",
        "Kepala Bidang Disdagin (demo)",
        "disdagin",
        Role.HEAD,
        False,
        "Kepala bidang Disdagin: verifikasi, pembinaan, keputusan",
    ),
    DemoUser(
        "petugas_disdagin",
        "petugas.disdagin@demo.sinergi.id",
        "Petugas Disdagin (demo)",
        "disdagin",
        Role.STAFF,
        False,
        "Petugas Disdagin: antrean verifikasi, duplikat, data pribadi narahubung",
    ),
    DemoUser(
        "analis_bappeda",
        "analis.bappeda@demo.sinergi.id",
        "Analis Statistik Bappeda (demo)",
        "bappeda",
        Role.ANALYST,
        False,
        "Analis Bappeda: data dan perhitungan PDRB Ekraf",
    ),
    DemoUser(
        "kepala_bappeda",
        "kepala.bappeda@demo.sinergi.id",
        "Kepala Bidang Bappeda (demo)",
        "bappeda",
        Role.HEAD,
        False,
        "Kepala bidang Bappeda: menyetujui publikasi statistik",
    ),
    DemoUser(
        "ketua_komunitas",
        "ketua.komunitas@demo.sinergi.id",
        "Ketua Komunitas (demo)",
        "",
        "",
        False,
        "Pengurus satu komunitas demo: mengelola anggota dan kegiatan",
    ),
    DemoUser(
        "pelaku",
        "pelaku@demo.sinergi.id",
        "Pelaku Ekraf (demo)",
        "",
        "",
        False,
        "Pemilik satu profil pelaku demo: mengubah profil, produk, angka tahunan",
    ),
    DemoUser(
        "warga",
        "warga@demo.sinergi.id",
        "Warga Terdaftar (demo)",
        "",
        "",
        False,
        "Pengguna terdaftar biasa: membuat profil baru, mengklaim profil",
    ),
)


def demo_organisation(key: str) -> Organisation | None:
    """A demo organisation by key ('bappeda', 'disdagin', …), or None if it is not (or no longer) there."""
    spec = next(o for o in ORGANISATIONS if o.key == key)
    return Organisation.objects.filter(slug=spec.slug).first()


def demo_user(key: str) -> User | None:
    """A demo user by key ('admin', 'petugas_disdagin', 'pelaku', …), or None."""
    spec = next(u for u in USERS if u.key == key)
    return User.objects.filter(email__iexact=spec.email).first()


def seed(stdout: Any) -> None:
    """The Depok demo's organisations, installation profile, letterheads and users."""
    seed_set(
        stdout,
        organisations=ORGANISATIONS,
        users=USERS,
        password=DEMO_PASSWORD,
        profile_fields=DEMO_PROFILE,
        letterheads=LETTERHEADS,
    )


@transaction.atomic
def seed_set(
    stdout: Any,
    *,
    organisations: tuple[DemoOrganisation, ...],
    users: tuple[DemoUser, ...],
    password: str,
    profile_fields: dict[str, str],
    letterheads: dict[str, dict[str, str]],
) -> dict[str, Organisation]:
    """One region's demo organisations, installation profile, letterheads and users, through the services."""
    created_orgs = 0
    found: dict[str, Organisation] = {}
    for org in organisations:
        organisation = Organisation.objects.filter(slug=org.slug).first()
        if organisation is None:
            organisation = organisation_create(
                actor=None,
                name=org.name,
                kind=org.kind,
                short_name=org.short_name,
                description=f"{org.description} {DEMO_NOTE}",
                slug=org.slug,
                functions=org.functions,
                area=_area(org.area) if org.area else None,
            )
            created_orgs += 1
        elif not org.functions <= organisation.functions:
            # A demo database seeded before offices had functions: give the demo offices theirs.
            Organisation.objects.filter(pk=organisation.pk).update(
                administers_registry=OfficeFunction.REGISTRY in org.functions,
                produces_statistics=OfficeFunction.STATISTICS in org.functions,
            )
        found[org.key] = organisation
    seed_profile(found, profile_fields=profile_fields, letterheads=letterheads)

    created_users = 0
    password_hash = ""
    for spec in users:
        if User.objects.filter(email__iexact=spec.email).exists():
            continue
        if not password_hash:
            # Hash once (the validators run on it, as in user_signup): hashing is deliberately slow.
            validate_password(password)
            password_hash = make_password(password)
        user = User(
            email=spec.email,
            full_name=spec.full_name,
            password=password_hash,
            is_staff=spec.superuser,
            is_superuser=spec.superuser,
        )
        user.full_clean()
        user.save()
        audit.record(actor=None, action="accounts.user.registered", target=user, data={"demo": True})
        if spec.organisation and spec.role:
            membership_set(actor=None, user=user, organisation=found[spec.organisation], role=spec.role)
        created_users += 1

    stdout.write(f"  organisasi demo: {created_orgs} baru; pengguna demo: {created_users} baru")
    stdout.write(f"  akun demo (kata sandi untuk semua: {password}):")
    for spec in users:
        stdout.write(f"    {spec.email:<36} {spec.what}")
    return found
