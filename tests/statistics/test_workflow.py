from __future__ import annotations

import pytest

from sinergi.core.errors import Conflict, NotAllowed, ServiceError
from sinergi.statistics import services
from sinergi.statistics.models import PublicationStatus, PublishedFigure, RunStatus

from .helpers import analyst, head, published, ratio_run

pytestmark = pytest.mark.django_db


def test_run_executes_and_stores_result_and_manifest() -> None:
    run = ratio_run(analyst())
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.error_summary
    assert run.progress == 100
    assert run.manifest["method"] == "ratio"
    assert run.manifest["classification"]["provisional"] is True
    assert {i["role"] for i in run.manifest["inputs"]} == {"pdrb", "establishments"}
    assert all(d.locked for d in run.datasets.all())


def test_worked_example_figures_are_published_exactly() -> None:
    pub = published(analyst(), head())
    assert pub.status == PublicationStatus.PUBLISHED
    level = PublishedFigure.objects.get(publication=pub, indicator="level", code="TOTAL", price_basis="ADHB", year=2021)
    # docs/domain/pdrb-ekraf.md worked example: ekraf 2021 ADHB = 700 miliar = 700 000 juta
    assert level.value == pytest.approx(700.0 * 1000 if level.value > 1000 else 700.0)
    growth = PublishedFigure.objects.get(
        publication=pub, indicator="growth", code="TOTAL", price_basis="ADHK", year=2022
    )
    assert growth.value == pytest.approx(7.946, abs=1e-3)
    assert pub.headline["year"] == 2022


def test_draft_review_publish_and_return() -> None:
    a, h = analyst(), head()
    run = ratio_run(a)
    run.refresh_from_db()
    pub = services.publication_prepare(by=a, run=run, title="Draf")
    assert pub.status == PublicationStatus.DRAFT
    services.publication_comment(by=a, publication=pub, body="Periksa angka KUL")
    with pytest.raises(NotAllowed):
        services.publication_approve(by=h, publication=pub)  # not submitted yet
    services.publication_submit(by=a, publication=pub)
    with pytest.raises(NotAllowed):
        services.publication_approve(by=a, publication=pub)  # analysts cannot approve
    with pytest.raises(ServiceError):
        services.publication_return(by=h, publication=pub, comment=" ")
    pub = services.publication_return(by=h, publication=pub, comment="Tambahkan ringkasan")
    assert pub.status == PublicationStatus.DRAFT
    assert pub.comments.filter(kind="returned").exists()
    services.publication_submit(by=a, publication=pub)
    pub = services.publication_approve(by=h, publication=pub)
    assert pub.status == PublicationStatus.PUBLISHED
    assert pub.approved_by == h
    assert pub.published_at is not None
    with pytest.raises(NotAllowed):
        services.publication_submit(by=a, publication=pub)  # a published publication is never edited


def test_revision_supersedes_and_keeps_previous_with_reason(client) -> None:  # type: ignore[no-untyped-def]
    a, h = analyst(), head()
    first = published(a, h, title="Rilis pertama")
    run = ratio_run(a)
    run.refresh_from_db()
    with pytest.raises(ServiceError):
        services.publication_prepare(by=a, run=run, title="Revisi", revision_of=first, revision_reason="")
    rev = services.publication_prepare(
        by=a, run=run, title="Revisi", revision_of=first, revision_reason="PDRB 2022 diperbarui BPS"
    )
    services.publication_submit(by=a, publication=rev)
    services.publication_approve(by=h, publication=rev)
    first.refresh_from_db()
    assert first.status == PublicationStatus.SUPERSEDED
    assert first.figures.exists()  # previous figures kept
    page = client.get(f"/statistik/{rev.pk}/").content.decode()
    assert "PDRB 2022 diperbarui BPS" in page
    assert "Rilis pertama" in page
    old = client.get(f"/statistik/{first.pk}/")
    assert old.status_code == 200
    assert "digantikan revisi" in old.content.decode()


def test_failed_run_stores_issues_and_leaves_publications_untouched() -> None:
    a, h = analyst(), head()
    pub = published(a, h)
    before = list(PublishedFigure.objects.filter(publication=pub).values_list("id", "value"))
    # establishments only for 2019, while PDRB starts in 2021: θ cannot be estimated for the benchmark year
    bad = b"region,year,kbli,output\nKota Contoh,2019,14111,100\n"
    run = ratio_run(a, establishments=bad)
    assert run.status == RunStatus.FAILED
    assert run.error_issues
    assert run.error_issues[0]["message"]
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.PUBLISHED
    assert list(PublishedFigure.objects.filter(publication=pub).values_list("id", "value")) == before


def test_failed_run_cannot_be_published() -> None:
    a = analyst()
    run = ratio_run(a)
    run.status = RunStatus.FAILED
    run.save()
    with pytest.raises(ServiceError):
        services.publication_prepare(by=a, run=run, title="x")


def test_used_dataset_is_immutable() -> None:
    a = analyst()
    run = ratio_run(a)
    dataset = run.datasets.first()
    assert dataset is not None
    assert dataset.locked
    with pytest.raises(Conflict):
        services.dataset_set_note(by=a, dataset=dataset, note="ubah")
    with pytest.raises(Conflict):
        services.dataset_delete(by=a, dataset=dataset)


def test_four_eyes_nobody_approves_what_they_prepared(client) -> None:  # type: ignore[no-untyped-def]
    from tests.factories import UserFactory

    h, other_head = head(), head()
    pub = services.publication_prepare(by=h, run=ratio_run(h), title="Draf kepala")
    services.publication_submit(by=h, publication=pub)
    assert not h.has_perm("statistics.approve_publication", pub)
    assert not services.may_approve(h, pub)
    with pytest.raises(NotAllowed, match="empat mata"):
        services.publication_approve(by=h, publication=pub)
    client.force_login(h)
    page = client.get(f"/statistik/{pub.pk}/").content.decode()
    assert 'data-testid="four-eyes"' in page
    assert "Setujui dan terbitkan" not in page
    assert client.post(f"/statistik/{pub.pk}/setujui/").status_code in {302, 403}
    pub.refresh_from_db()
    assert pub.status == PublicationStatus.IN_REVIEW
    # Not even a superuser approves their own; another head does.
    root = UserFactory(is_superuser=True)
    own = services.publication_prepare(by=root, run=ratio_run(root), title="Draf root")
    services.publication_submit(by=root, publication=own)
    assert root.has_perm("statistics.approve_publication", own)
    assert not services.may_approve(root, own)
    with pytest.raises(NotAllowed):
        services.publication_approve(by=root, publication=own)
    assert services.may_approve(other_head, pub)
    assert services.publication_approve(by=other_head, publication=pub).status == PublicationStatus.PUBLISHED


def _creative_only_establishments() -> bytes:
    """What a registry holds: only creative units (fesyen, kuliner, aplikasi), no non-creative ones."""
    return (
        b"region,year,kbli,output,intermediate,workers,weight,unit\n"
        b"Kota Contoh,2021,14111,100,60,12,2,miliar rupiah\nKota Contoh,2021,56101,50,30,6,3,miliar rupiah\n"
        b"Kota Contoh,2021,62012,40,10,5,1,miliar rupiah\n"
    )


def test_creative_only_frame_is_refused_as_a_theta_source() -> None:
    run = ratio_run(analyst(), establishments=_creative_only_establishments())
    assert run.status == RunStatus.FAILED
    assert "only creative units" in run.error_summary
    assert {i["code"] for i in run.error_issues} == {"C", "I", "J"}


def test_creative_only_frame_when_allowed_is_published_with_the_warning(client) -> None:  # type: ignore[no-untyped-def]
    by_analyst, by_head = analyst(), head()
    run = ratio_run(
        by_analyst, establishments=_creative_only_establishments(), parameters={"allow_creative_only_frame": True}
    )
    assert run.status == RunStatus.SUCCEEDED, run.error_summary
    pub = services.publication_prepare(by=by_analyst, run=run, title="Batas atas")
    services.publication_submit(by=by_analyst, publication=pub)
    pub = services.publication_approve(by=by_head, publication=pub)
    page = client.get(f"/statistik/{pub.pk}/").content.decode()
    assert "batas atas, bukan estimasi" in page
    normal = published(by_analyst, by_head, title="Sensus")
    assert "batas atas, bukan estimasi" not in client.get(f"/statistik/{normal.pk}/").content.decode()


def test_shipped_mapping_has_one_version_label_on_web_and_cli(capsys) -> None:  # type: ignore[no-untyped-def]
    """The same file was "2025.1" on the web and "sinergi-reference-2025" in the CLI (issue 13 §2)."""
    from ekraf.cli import main
    from sinergi.classification.models import KbliMapping

    web = KbliMapping.objects.get(is_active=True)
    assert main(["mapping", "show"]) == 0
    assert f"versi {web.version} " in capsys.readouterr().out
    run = ratio_run(analyst())
    assert run.manifest["classification"]["version"] == web.version


def test_publication_lists_low_confidence_codes_its_figures_rest_on(client) -> None:  # type: ignore[no-untyped-def]
    from .helpers import example

    est = example("establishments.csv").rstrip(b"\n") + b"\nKota Contoh,2021,62022,40,10,5,1,U007,miliar rupiah\n"
    by_analyst, by_head = analyst(), head()
    run = ratio_run(by_analyst, establishments=est)
    assert run.status == RunStatus.SUCCEEDED, run.error_summary
    pub = services.publication_prepare(by=by_analyst, run=run, title="Dengan kode lemah")
    services.publication_submit(by=by_analyst, publication=pub)
    pub = services.publication_approve(by=by_head, publication=pub)
    page = client.get(f"/statistik/{pub.pk}/").content.decode()
    assert "Keyakinan rendah: APL di Kota Contoh" in page
    assert "62022" in page


def test_allowing_a_creative_only_frame_warns_only_when_one_was_used(client) -> None:  # type: ignore[no-untyped-def]
    by_analyst, by_head = analyst(), head()
    run = ratio_run(by_analyst, parameters={"allow_creative_only_frame": True})  # a census-like frame
    assert run.status == RunStatus.SUCCEEDED, run.error_summary
    assert "creative_only_industries" not in run.manifest["parameters"]
    pub = services.publication_prepare(by=by_analyst, run=run, title="Sensus, izin tak terpakai")
    services.publication_submit(by=by_analyst, publication=pub)
    pub = services.publication_approve(by=by_head, publication=pub)
    assert "batas atas, bukan estimasi" not in client.get(f"/statistik/{pub.pk}/").content.decode()
