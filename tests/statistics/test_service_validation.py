"""Statistics services report model validation and review steps properly.

Model validation in the statistics services is reported as a ServiceError naming the field (the one way
a service says "invalid data": pages show it at the field, the API as 400), never a bare ValidationError."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse

from sinergi.core.errors import ServiceError
from sinergi.statistics import services
from sinergi.statistics.models import Dataset, PublicationComment
from tests.statistics.helpers import analyst, example, head, ratio_run

pytestmark = pytest.mark.django_db


def test_an_overlong_region_name_is_a_located_service_error_and_nothing_is_stored() -> None:
    with pytest.raises(ServiceError) as caught:
        services.dataset_upload(
            by=analyst(),
            kind="pdrb",
            name="PDRB",
            region_code="99.99",
            region_name="K" * 121,
            upload=ContentFile(example("pdrb.csv"), name="pdrb.csv"),
        )
    assert list(caught.value.field_errors) == ["region_name"]
    assert not Dataset.objects.exists()


def test_the_review_page_names_each_step_in_the_readers_language(client: Any) -> None:
    a, h = analyst(), head()
    run = ratio_run(a)
    run.refresh_from_db()
    pub = services.publication_prepare(by=a, run=run, title="Draf")
    services.publication_submit(by=a, publication=pub, comment="Siap ditinjau")
    services.publication_return(by=h, publication=pub, comment="Tambahkan ringkasan")
    assert list(pub.comments.values_list("kind", flat=True)) == [
        PublicationComment.Kind.SUBMITTED,
        PublicationComment.Kind.RETURNED,
    ]
    client.force_login(a)
    url = reverse("statistics:publication", kwargs={"pk": pub.pk})
    html = client.get(url).content.decode()
    assert "· diajukan" in html
    assert "· dikembalikan" in html
    assert "· returned" not in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(url).content.decode()
    assert "· submitted" in html
    assert "· returned for changes" in html
