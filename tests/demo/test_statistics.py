from __future__ import annotations

import io

import pytest

from sinergi.demo.seed import statistics as demo
from sinergi.statistics.models import Publication, PublicationStatus, PublishedFigure

pytestmark = pytest.mark.django_db


def _pdrb(pub: Publication, code: str, basis: str, year: int) -> float:
    return PublishedFigure.objects.get(publication=pub, indicator="pdrb", code=code, price_basis=basis, year=year).value


def test_demo_is_calibrated_to_the_published_figures_and_idempotent(client) -> None:  # type: ignore[no-untyped-def]
    demo.seed(io.StringIO())
    pub = Publication.objects.get(is_demo=True)
    assert pub.status == PublicationStatus.PUBLISHED
    assert round(_pdrb(pub, "TOTAL", "ADHB", 2021) / 1e6, 2) == 74.38
    assert round(_pdrb(pub, "TOTAL", "ADHB", 2022) / 1e6, 2) == 81.17
    assert round(_pdrb(pub, "TOTAL", "ADHK", 2019) / 1e6, 2) == 49.07
    assert round(_pdrb(pub, "TOTAL", "ADHK", 2021) / 1e6, 2) == 49.95
    assert round(_pdrb(pub, "TOTAL", "ADHK", 2022) / 1e6, 2) == 52.56
    total22 = _pdrb(pub, "TOTAL", "ADHB", 2022)
    for code, share in {"C": 28.9, "G": 21.11, "F": 20.92}.items():
        assert round(_pdrb(pub, code, "ADHB", 2022) / total22 * 100, 2) == share
    growth = (_pdrb(pub, "TOTAL", "ADHK", 2022) / _pdrb(pub, "TOTAL", "ADHK", 2021) - 1) * 100
    assert growth == pytest.approx(5.24, abs=0.02)
    share = PublishedFigure.objects.get(
        publication=pub, indicator="contribution", code="TOTAL", price_basis="ADHB", year=2022
    ).value
    assert 1 < share < 30
    demo.seed(io.StringIO())
    assert Publication.objects.filter(is_demo=True).count() == 1
    page = client.get("/statistik/wilayah/32.76/").content.decode()
    assert "Estimasi demo" in page
    assert "SINTETIS" in page
    assert "SEMENTARA" in page
    assert "<svg" in page


def test_demo_pdrb_subcategories_sum_to_categories() -> None:
    records = demo.pdrb_records()
    values = {(r.year, r.code, r.price_basis): r.value for r in records}
    assert values[(2015, "C", "ADHB")] == pytest.approx(
        sum(v for (y, c, b), v in values.items() if y == 2015 and b == "ADHB" and c.startswith("C."))
    )


def test_the_demo_run_is_started_through_the_service_by_the_analyst() -> None:
    """Seeding calls the services (issue 12 §5): the run is `run_create`'s, with its audit entry, started by
    the demo analyst (the head approves the publication: four eyes)."""
    from sinergi.accounts.models import Membership
    from sinergi.core.models import AuditEntry
    from sinergi.statistics.models import Run

    demo.seed(io.StringIO())
    run = Run.objects.get(region_code="32.76")
    assert run.created_by is not None
    assert run.created_by.email == "analis.bappeda@demo.sinergi.id"
    created = AuditEntry.objects.get(action="statistics.run.created")
    assert created.by == run.created_by
    assert created.target_id == str(run.pk)
    office = Membership.objects.get(user=run.created_by).organisation
    assert office.produces_statistics
    assert AuditEntry.objects.filter(action="accounts.organisation.created", target_id=str(office.pk)).exists()
