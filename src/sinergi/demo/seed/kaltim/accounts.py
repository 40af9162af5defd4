"""The Kalimantan Timur demo (`make run REGION=64`): a province installation's offices and users.

A province fosters its creative economy through the provincial offices: Bappeda plans and produces the
PDRB Ekraf statistics, the Dinas Pariwisata (tourism and creative economy) keeps the directory of actors,
Dekranasda fosters crafts; a kab/kota office (Dinas Pariwisata Kota Samarinda) works beside them. Every
name, address, official and NIP here is fictitious and labelled demo. Idempotent as `seed.accounts`.
The statistics demo finds the Bappeda head and analyst by the same e-mail addresses as in the first demo.
"""

from __future__ import annotations

from typing import Any

from sinergi.accounts.models import Organisation, User
from sinergi.demo.seed.accounts import letterheads, organisations, profile, seed_set, users

DEMO_PASSWORD = "Sinergi-Kaltim-2026"  # noqa: S105 -- a published demo password, printed and documented on purpose
DATA = "kaltim"  # the folder of its data files in `sinergi.demo.data`

ORGANISATIONS = organisations(DATA)
PROFILE = profile(DATA)
LETTERHEADS = letterheads(DATA)
USERS = users(DATA)


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
