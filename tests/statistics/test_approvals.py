"""The heads' list of publications awaiting approval: who may open it and what it lists."""

from __future__ import annotations

import pytest
from django.test import Client

from sinergi.statistics import services

from .helpers import analyst, head, ratio_run

pytestmark = pytest.mark.django_db
URL = "/statistik/kelola/persetujuan/"


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_heads_see_submitted_publications_and_whose_they_are() -> None:
    prepared_by, deciding_head = analyst(), head()
    run = ratio_run(prepared_by)
    run.refresh_from_db()
    draft = services.publication_prepare(by=prepared_by, run=run, title="Masih Draf")
    submitted = services.publication_prepare(by=prepared_by, run=run, title="Sudah Diajukan")
    services.publication_submit(by=prepared_by, publication=submitted)

    html = _client(deciding_head).get(URL).content.decode()
    assert "Sudah Diajukan" in html
    assert f"/statistik/{submitted.pk}/" in html
    assert "Masih Draf" not in html
    assert f"/statistik/{draft.pk}/" not in html
    assert "Tinjau dan putuskan" in html

    own = services.publication_prepare(by=deciding_head, run=run, title="Disiapkan Kepala Sendiri")
    services.publication_submit(by=deciding_head, publication=own)
    html = _client(deciding_head).get(URL).content.decode()
    assert "Anda yang menyiapkan: kepala bidang lain yang menyetujui." in html  # four eyes, said in words


def test_analysts_and_residents_may_not_open_it() -> None:
    from tests.factories import UserFactory

    assert _client(analyst()).get(URL).status_code == 403
    assert _client(UserFactory()).get(URL).status_code == 403
    assert Client().get(URL).status_code == 302  # to the sign-in page
