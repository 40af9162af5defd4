"""The Kalimantan Timur demo (issue 14 §4): `seed_demo` with SINERGI_REGION_CODE=64 seeds a province
installation with nothing of Depok in it, in WITA; `make run REGION=64` uses its own database file."""

from __future__ import annotations

import io
import os
import subprocess
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone

from sinergi.accounts.models import Membership, Organisation, Role, User
from sinergi.core.models import InstallationProfile
from sinergi.demo.seed.kaltim import events as events_demo
from sinergi.events.models import Event, EventSession
from sinergi.registry.models import Actor, Community, Status
from sinergi.wilayah.models import Level, Wilayah

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# Shipped national reference lists cite where a subsector list was used (BPS Kota Depok's 2010–2014 PDRB
# Ekraf, a news report on Depok): sources of the data, not the installation naming its region.
CITATIONS = {
    ("classification", "subsector", "notes"),
    ("classification", "subsector", "source_url"),
    ("classification", "subsectorlist", "name"),
}


def _depok_in_database() -> list[str]:
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, models.CharField | models.TextField) or field.model is not model:
                continue
            if (model._meta.app_label, model._meta.model_name, field.name) in CITATIONS:
                continue
            for value in model._default_manager.filter(**{f"{field.name}__icontains": "depok"}).values_list(
                field.name, flat=True
            )[:3]:
                found.append(f"{model._meta.label}.{field.name}: {value[:80]}")
    return found


def test_the_kaltim_demo_is_a_province_with_nothing_of_depok(kaltim: None, client: Any) -> None:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "Sinergi-Kaltim-2026" in out.getvalue()
    assert "Depok" not in out.getvalue()

    profile = InstallationProfile.current()
    assert profile.government_name == "Pemerintah Provinsi Kalimantan Timur"
    offices = {o.slug: o for o in Organisation.objects.filter(slug__startswith="demo-")}
    assert offices["demo-dispar-kaltim"].administers_registry
    assert offices["demo-bappeda-kaltim"].produces_statistics
    assert {"demo-dekranasda-kaltim", "demo-dispar-samarinda"} <= set(offices)
    # The Samarinda office verifies Samarinda's actors only (a kab/kota-scoped office of the province).
    samarinda = offices["demo-dispar-samarinda"]
    assert samarinda.administers_registry
    assert samarinda.area is not None
    assert samarinda.area.code == "64.72"
    officer = User.objects.get(email="petugas.samarinda@demo.sinergi.id")
    in_samarinda = Actor.objects.filter(is_demo=True, kelurahan__code__startswith="64.72.").first()
    in_balikpapan = Actor.objects.filter(is_demo=True, kelurahan__code__startswith="64.71.").first()
    assert in_samarinda is not None
    assert in_balikpapan is not None
    assert officer.has_perm("registry.verify_actor", in_samarinda)
    assert not officer.has_perm("registry.verify_actor", in_balikpapan)
    roles = set(Membership.objects.filter(user__email__endswith="@demo.sinergi.id").values_list("role", flat=True))
    assert {Role.ADMIN, Role.HEAD, Role.STAFF, Role.ANALYST, Role.LEADER} <= roles

    actors = Actor.objects.filter(is_demo=True)
    kabkota = set(actors.values_list("kelurahan__parent__parent__code", flat=True))
    assert kabkota == set(Wilayah.objects.filter(level=Level.KOTA).values_list("code", flat=True))
    assert len(kabkota) == 10
    assert actors.filter(status=Status.VERIFIED).count() > 40
    assert all(a.subsectors.exists() for a in actors)  # derived through the services
    assert Community.objects.filter(is_demo=True, members__isnull=False).distinct().count() == 5
    # Every demo community has its chair: a claimed business's owner accepted, none left pending.
    from sinergi.registry.models import CommunityMember, CommunityRole, MembershipStatus

    chairs = CommunityMember.objects.filter(community__is_demo=True, role=CommunityRole.CHAIR)
    assert not chairs.filter(status=MembershipStatus.INVITED).exists()
    assert chairs.filter(status=MembershipStatus.ACCEPTED).count() == 5

    assert _depok_in_database() == []
    event = Event.objects.get(is_demo=True)
    community = Community.objects.filter(is_demo=True).first()
    actor = actors.filter(status=Status.VERIFIED).first()
    assert community is not None
    assert actor is not None
    pages = [
        reverse("portal:home"),
        reverse("portal:directory"),
        reverse("portal:community_list"),
        reverse("portal:community_detail", args=[community.slug]),
        reverse("portal:actor_detail", args=[actor.slug]),
        reverse("events:list"),
        reverse("events:detail", args=[event.slug]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert "depok" not in text.lower(), url
    assert "Kota Samarinda" in client.get(reverse("portal:directory")).content.decode()

    call_command("seed_demo", stdout=io.StringIO())  # idempotent
    assert Actor.objects.filter(is_demo=True).count() == actors.count()
    assert Event.objects.filter(is_demo=True).count() == 1


def test_the_kaltim_event_starts_at_nine_wita_stored_as_one_utc(kaltim: None, client: Any) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    event = Event.objects.get(slug=events_demo.SLUG)
    first = EventSession.objects.filter(event=event).order_by("starts_at").first()
    assert first is not None
    day = event.start_date
    assert first.starts_at == datetime(day.year, day.month, day.day, 1, 0, tzinfo=UTC)
    assert timezone.localtime(first.starts_at).time() == time(9, 0)
    page = client.get(reverse("events:detail", args=[event.slug])).content.decode()
    assert "09:00–21:00 WITA" in page


def test_a_region_without_demo_data_is_refused_and_nothing_is_written(settings: Any) -> None:
    settings.SINERGI_REGION_CODE = "94.04"
    settings.SINERGI_REGION_NAME = "Kabupaten Mimika"
    with pytest.raises(CommandError, match=r"SINERGI_REGION_CODE=94\.04 \(Kabupaten Mimika\).*32\.76, 64"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not Actor.objects.exists()
    assert not Organisation.objects.filter(slug__startswith="demo-").exists()


def test_make_run_region_uses_the_region_and_its_own_database_file(tmp_path: Path) -> None:
    """`make setup REGION=64` runs every step with SINERGI_REGION_CODE=64 on var/sinergi-64.sqlite3; without
    REGION it is the Depok demo's database, as before (stand-in programs record what they were given)."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    log = tmp_path / "calls.log"
    for name in ("python", "sinergi"):
        program = venv / "bin" / name
        program.write_text(f'#!/bin/sh\necho "$1|${{SINERGI_REGION_CODE:-}}|${{DATABASE_URL:-}}" >> {log}\n')
        program.chmod(0o755)
    (venv / ".installed").touch()  # newer than pyproject.toml and the lock: nothing to install
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SINERGI_REGION_CODE", "MAKEFLAGS"}}
    for region in ("64", ""):
        subprocess.run(  # noqa: S603 -- a fixed command line
            ["make", "-s", "setup", f"VENV={venv}", f"REGION={region}"],  # noqa: S607 -- make from PATH, as people run it
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    calls = log.read_text().splitlines()
    assert calls[:3] == [
        f"{step}|64|sqlite:///{ROOT}/var/sinergi-64.sqlite3" for step in ("migrate", "load_reference", "seed_demo")
    ]
    assert calls[3:] == ["migrate||", "load_reference||", "seed_demo||"]
