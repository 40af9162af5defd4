"""Today's ekraf subsectors are one query (`classification.selectors.current_subsectors`): every form,
filter, selector and API endpoint that offers or reads subsectors follows the list in force."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client

from sinergi.classification.models import SubsectorList
from sinergi.classification.selectors import current_subsectors
from sinergi.collaboration import selectors as collaboration_selectors
from sinergi.collaboration.forms import InitiativeForm
from sinergi.programs import selectors as program_selectors
from sinergi.programs.forms import ProgramForm
from sinergi.registry import filters
from sinergi.registry.forms.communities import CommunityForm
from sinergi.registry.forms.products import ProductForm
from sinergi.registry.forms.staff import SubsectorOverrideForm
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OLDER_LIST = "bekraf_16"


@pytest.fixture
def older_list_in_force() -> Iterator[list[str]]:
    """The Bekraf list is put in force (as an administrator could in the admin): the codes it holds."""
    SubsectorList.objects.update(is_current=False)
    SubsectorList.objects.filter(code=OLDER_LIST).update(is_current=True)
    filters.clear_options_cache()
    yield list(SubsectorList.objects.get(code=OLDER_LIST).subsectors.order_by("name_id").values_list("code", flat=True))
    filters.clear_options_cache()


def test_the_current_subsectors_are_those_of_the_list_in_force_in_name_order() -> None:
    current = SubsectorList.objects.get(is_current=True)
    offered = list(current_subsectors())
    assert len(offered) == 17
    assert {s.subsector_list_id for s in offered} == {current.pk}
    assert [s.name_id for s in offered] == sorted(s.name_id for s in offered)
    assert [s.code for s in current_subsectors(codes=["KUL", "FSN", "NOPE"])] == ["FSN", "KUL"]


def test_every_form_filter_selector_and_endpoint_follows_the_list_in_force(older_list_in_force: list[str]) -> None:
    codes = older_list_in_force
    assert 0 < len(codes) != 17
    assert list(current_subsectors().values_list("code", flat=True)) == codes

    def offered(form: object, field: str) -> list[str]:
        queryset = form.fields[field].queryset  # type: ignore[attr-defined]
        return list(queryset.values_list("code", flat=True))

    user = UserFactory()
    assert offered(ProductForm(), "subsector") == codes
    assert offered(SubsectorOverrideForm(), "subsectors") == codes
    assert offered(CommunityForm(), "focus_subsectors") == codes
    assert offered(ProgramForm(user=user), "eligible_subsectors") == codes
    assert offered(InitiativeForm(user=user), "subsectors") == codes
    assert [o.code for o in filters.subsector_options()] == codes

    older = SubsectorList.objects.get(code=OLDER_LIST)
    for read in (collaboration_selectors.current_subsectors, program_selectors.current_subsectors):
        picked = read(codes=codes[:2])
        assert sorted(s.code for s in picked) == sorted(codes[:2])
        assert {s.subsector_list_id for s in picked} == {older.pk}

    body = Client().get("/api/v1/subsectors", {"limit": 100}).json()
    assert [row["code"] for row in body["results"]] == codes
