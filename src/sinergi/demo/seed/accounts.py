"""Demo organisations and one user per role, with fixed demo credentials (docs/operations/demo-accounts.md).

Idempotent: organisations are found by their fixed slug, users by their e-mail address; what already
exists is left as it is (a demo user who changed the password keeps it). Nothing is ever deleted.
Other apps' demo seeders find these records through `demo_organisation(key)` and `demo_user(key)`.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction

from sinergi.accounts.models import OfficeFunction, Organisation, OrganisationKind, Role, User
from sinergi.accounts.services import (
    LETTERHEAD_FIELDS,
    PreparedPassword,
    membership_set,
    organisation_create,
    organisation_functions_set,
    organisation_letterhead_set,
    user_create_active,
)
from sinergi.core.models import InstallationProfile
from sinergi.core.services import installation_profile_set
from sinergi.demo.data import DemoDataError, parsed, rows
from sinergi.wilayah.models import Wilayah

DATA = "depok"  # the folder of its data files in `sinergi.demo.data`
DEMO_PASSWORD = "Sinergi-Depok-2026"  # noqa: S105 -- a published demo password, printed and documented on purpose
DEMO_NOTE = "Organisasi demo Sinergi (dibuat oleh perintah sinergi seed_demo)."


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
    area = Wilayah.objects.filter(code=code).first()
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


ORGANISATION_COLUMNS = ("key", "slug", "name", "short_name", "kind", "description", "functions", "area")
USER_COLUMNS = ("key", "email", "full_name", "organisation", "role", "superuser", "what")
LETTERHEAD_COLUMNS = ("organisation", *LETTERHEAD_FIELDS)  # the CSV: which office, then its letterhead
PROFILE_COLUMNS = ("name", "government_name", "statistics_release_title")


def _organisation(row: dict[str, str]) -> DemoOrganisation:
    return DemoOrganisation(
        row["key"],
        row["slug"],
        row["name"],
        row["short_name"],
        OrganisationKind(row["kind"]),
        row["description"],
        frozenset(OfficeFunction(f) for f in row["functions"].split()),
        row["area"],
    )


def _user(row: dict[str, str]) -> DemoUser:
    if row["superuser"] not in {"", "ya"}:
        raise ValueError(f"superuser: 'ya' atau kosong, bukan {row['superuser']!r}")
    role = Role(row["role"]) if row["role"] else ""
    return DemoUser(
        row["key"], row["email"], row["full_name"], row["organisation"], role, row["superuser"] == "ya", row["what"]
    )


def organisations(folder: str) -> tuple[DemoOrganisation, ...]:
    """A region's demo organisations (`data/<folder>/organisations.csv`; functions separated by spaces)."""
    return parsed(folder, "organisations", ORGANISATION_COLUMNS, _organisation)


def users(folder: str) -> tuple[DemoUser, ...]:
    """A region's demo users (`data/<folder>/users.csv`; superuser: 'ya' or empty)."""
    return parsed(folder, "users", USER_COLUMNS, _user)


def letterheads(folder: str) -> dict[str, dict[str, str]]:
    """The letterheads and signatories of a region's demo offices, by organisation key."""
    return {row.pop("organisation"): row for row in rows(folder, "letterheads", LETTERHEAD_COLUMNS)}


def profile(folder: str) -> dict[str, str]:
    """A region's demo installation profile (the one row of `data/<folder>/profile.csv`)."""
    found = rows(folder, "profile", PROFILE_COLUMNS)
    if len(found) != 1:
        raise DemoDataError(f"{folder}/profile.csv: satu baris, bukan {len(found)}")
    return found[0]


ORGANISATIONS = organisations(DATA)

# The installation profile and the offices' letterheads and signatories for the Depok demo: fictitious
# addresses, officials and NIPs, each labelled demo, so the documents look as they would in real use.
DEMO_PROFILE = profile(DATA)
LETTERHEADS = letterheads(DATA)


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
    if not InstallationProfile.objects.exists():
        installation_profile_set(by=None, data=profile_fields, logo=_demo_logo())
    for key, fields in letterheads.items():
        office = organisations[key]
        if not office.signatory_name:
            organisation_letterhead_set(by=None, organisation=office, data=fields)


USERS = users(DATA)


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
                by=None,
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
            # A demo database seeded before offices had functions: give the demo offices theirs (and keep
            # any an administrator added).
            organisation = organisation_functions_set(
                by=None, organisation=organisation, functions=organisation.functions | org.functions
            )
        found[org.key] = organisation
    seed_profile(found, profile_fields=profile_fields, letterheads=letterheads)

    created_users = 0
    prepared: PreparedPassword | None = None
    for spec in users:
        if User.objects.filter(email__iexact=spec.email).exists():
            continue
        # Hashed once for all of them (hashing is deliberately slow); the validators run for each person.
        prepared = prepared or PreparedPassword.of(password)
        user = user_create_active(
            by=None,
            email=spec.email,
            full_name=spec.full_name,
            password=prepared,
            staff=spec.superuser,
            superuser=spec.superuser,
        )
        if spec.organisation and spec.role:
            membership_set(by=None, user=user, organisation=found[spec.organisation], role=spec.role)
        created_users += 1

    stdout.write(f"  organisasi demo: {created_orgs} baru; pengguna demo: {created_users} baru")
    stdout.write(f"  akun demo (kata sandi untuk semua: {password}):")
    for spec in users:
        stdout.write(f"    {spec.email:<36} {spec.what}")
    return found
