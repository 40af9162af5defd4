"""Model validation in the statistics services is reported as a ServiceError naming the field (the one way
a service says "invalid data": pages show it at the field, the API as 400), never a bare ValidationError."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from sinergi.core.errors import ServiceError
from sinergi.statistics import services
from sinergi.statistics.models import Dataset
from tests.statistics.helpers import analyst, example

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
