"""Nothing outside the Depok demo names Depok (issue 14 §1): the region comes from configuration."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.urls import reverse

from sinergi.accounts.models import Role
from sinergi.wilayah import reference
from tests.factories import OrganisationFactory, make_actor, user_with_role

SRC = Path(__file__).resolve().parents[2] / "src"
CODE_SUFFIXES = {".py", ".html", ".txt", ".js", ".css", ".json", ".xml", ".svg"}
# The demo app (sinergi/demo/: the Depok demo) and the data that describe Depok as one region among all
# of Indonesia's.
DEMO_FILES = re.compile(r"^sinergi/demo/|(^|/)(demo\.py|seed_demo\.py)$|(^|/)data/")
# Lines that cite a source rather than name the installation's region, each with its reason.
CITATIONS = {
    # where the older 14-subsector list was used: a fact about the list, shown with it
    ("sinergi/classification/services.py", "BPS Kota Depok 2010–2014"),
}


def _region_names_in_code() -> list[str]:
    found = []
    for path in sorted(SRC.rglob("*")):
        relative = path.relative_to(SRC).as_posix()
        if (
            path.suffix not in CODE_SUFFIXES
            or "__pycache__" in relative
            or ".egg-info/" in relative  # written by pip on install, not ours
            or DEMO_FILES.search(relative)
        ):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "depok" in line.lower() and not any(relative == f and c in line for f, c in CITATIONS):
                found.append(f"{relative}:{number}: {line.strip()}")
    return found


def test_no_template_or_code_outside_the_demo_names_depok():
    assert _region_names_in_code() == []


def test_the_scan_sees_templates_and_code():
    """Guard against a scan that silently looks at nothing."""
    scanned = [p for p in SRC.rglob("*") if p.suffix in CODE_SUFFIXES]
    assert any(p.name == "base.html" for p in scanned)
    assert any(p.name == "documents.py" for p in scanned)
    assert DEMO_FILES.search("sinergi/registry/demo.py")
    assert not DEMO_FILES.search("sinergi/registry/services.py")


@pytest.mark.django_db
def test_a_fostering_letter_is_dated_at_the_configured_region(client, settings):
    samarinda = reference.region("64.72")
    settings.SINERGI_REGION_CODE = samarinda.code
    settings.SINERGI_REGION_NAME = samarinda.name
    settings.SINERGI_REGION_PLACE = samarinda.place_name
    office = OrganisationFactory(kind="office", short_name="DISPAR", name="Dinas Pariwisata")
    actor = make_actor(fostered_by=office, name="Tenun Ulap Doyo")
    client.force_login(user_with_role(Role.STAFF, organisation=office))  # the fostering office issues it
    response = client.post(reverse("programs:letter_issue"), {"actor": actor.slug, "purpose": "pameran"})
    assert response.status_code == 302
    pdf = client.get(response["Location"]).content
    assert pdf.startswith(b"%PDF")
    lines = re.findall(rb"\((.*?)\) Tj", pdf)
    dated = [line for line in lines if re.fullmatch(rb"[A-Za-z ]+, \d{1,2} [A-Za-z]+ \d{4}", line)]
    assert len(dated) == 1
    assert dated[0].startswith(b"Samarinda, ")


@pytest.mark.django_db
def test_the_depok_demo_is_not_seeded_into_another_region(kaltim):
    """A region with a demo of its own (Kalimantan Timur, its areas loaded) gets that demo, never Depok's
    actors."""
    from django.core.management import call_command

    from sinergi.registry.models import Actor

    call_command("seed_demo", stdout=io.StringIO())
    assert Actor.objects.filter(kelurahan__code__startswith="64.").exists()
    assert not Actor.objects.filter(kelurahan__code__startswith="32.76.").exists()
