"""Every statistics service checks its named permission with core.access.check_perm and says what it
refused (never a bare "not allowed"); the platform itself (`by` None) may not act in statistics: uploading,
computing, preparing, reviewing and approving figures are a person's acts, recorded as theirs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import TestCase

from sinergi.classification.models import KbliMapping
from sinergi.core.errors import NotAllowed
from sinergi.core.models import AuditEntry
from sinergi.statistics import services
from sinergi.statistics.models import Dataset, Publication, PublicationStatus, Run
from tests.factories import UserFactory

from .helpers import REGION, analyst, example, head, ratio_run

pytestmark = pytest.mark.django_db


class World:
    """A succeeded run, a draft and a publication in review, prepared by an analyst."""

    def __init__(self) -> None:
        self.analyst = analyst()
        self.head = head()
        self.run = ratio_run(self.analyst)
        self.dataset = Dataset.objects.filter(kind="pdrb").get()
        self.draft = services.publication_prepare(by=self.analyst, run=self.run, title="Draf")
        self.in_review = services.publication_prepare(by=self.analyst, run=self.run, title="Ditinjau")
        services.publication_submit(by=self.analyst, publication=self.in_review)


def _upload(by: Any, world: World) -> Dataset:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return services.dataset_upload(
            by=by, kind="pdrb", name="pdrb", region_code=REGION[0], region_name=REGION[1],
            upload=ContentFile(example("pdrb.csv"), name="pdrb.csv"),
        )  # fmt: skip


def _run(by: Any, world: World) -> Run:
    return services.run_create(
        by=by, method="ratio", region_code=REGION[0], region_name=REGION[1],
        datasets={"pdrb": world.dataset, "establishments": Dataset.objects.get(kind="establishments")},
        mapping=KbliMapping.objects.get(is_active=True), parameters={"benchmark_year": 2021}, enqueue=False,
    )  # fmt: skip


# name: (what is done by `by`, the start of the message that says what was refused)
CASES: dict[str, tuple[Callable[[Any, World], Any], str]] = {
    "dataset_upload": (_upload, "Anda tidak berhak mengunggah dataset."),
    "dataset_delete": (
        lambda by, w: services.dataset_delete(by=by, dataset=w.dataset),
        "Anda tidak berhak menghapus dataset.",
    ),
    "dataset_set_note": (
        lambda by, w: services.dataset_set_note(by=by, dataset=w.dataset, note="catatan"),
        "Anda tidak berhak mengubah catatan dataset.",
    ),
    "dataset_retry": (
        lambda by, w: services.dataset_retry(by=by, dataset=w.dataset),
        "Anda tidak berhak memeriksa dataset.",
    ),
    "run_create": (_run, "Anda tidak berhak menjalankan proses hitung."),
    "run_retry": (lambda by, w: services.run_retry(by=by, run=w.run), "Anda tidak berhak menjalankan proses hitung."),
    "publication_prepare": (
        lambda by, w: services.publication_prepare(by=by, run=w.run, title="Lain"),
        "Anda tidak berhak menyiapkan publikasi.",
    ),
    "publications_prepare_regions": (
        lambda by, w: services.publications_prepare_regions(by=by, run=w.run),
        "Anda tidak berhak menyiapkan publikasi.",
    ),
    "publication_submit": (
        lambda by, w: services.publication_submit(by=by, publication=w.draft),
        "Anda tidak berhak mengajukan publikasi ini untuk ditinjau.",
    ),
    "publication_return": (
        lambda by, w: services.publication_return(by=by, publication=w.in_review, comment="Perbaiki."),
        "Anda tidak berhak mengembalikan publikasi ini untuk diperbaiki.",
    ),
    "publication_comment": (
        lambda by, w: services.publication_comment(by=by, publication=w.in_review, body="Komentar"),
        "Anda tidak berhak mengomentari publikasi ini.",
    ),
    "publication_approve": (
        lambda by, w: services.publication_approve(by=by, publication=w.in_review),
        "Anda tidak berhak menyetujui dan menerbitkan publikasi ini.",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_person_without_the_permission_is_told_what_was_refused(name: str) -> None:
    call, message = CASES[name]
    world = World()
    before = (
        Dataset.objects.count(), Run.objects.count(), Publication.objects.count(), AuditEntry.objects.count()
    )  # fmt: skip
    with pytest.raises(NotAllowed) as refused:
        call(UserFactory(), world)
    assert refused.value.message == message
    after = (Dataset.objects.count(), Run.objects.count(), Publication.objects.count(), AuditEntry.objects.count())
    assert after == before


@pytest.mark.parametrize("name", ["dataset_upload", "run_create", "publication_prepare", "publication_approve"])
def test_the_platform_itself_may_not_act_in_statistics(name: str) -> None:
    call, message = CASES[name]
    world = World()
    with pytest.raises(NotAllowed) as refused:
        call(None, world)
    assert refused.value.message == message
    world.in_review.refresh_from_db()
    assert world.in_review.status == PublicationStatus.IN_REVIEW
