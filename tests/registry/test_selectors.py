import pytest

from sinergi.registry import selectors
from sinergi.registry.models import Status
from tests.factories import kelurahan, make_actor

pytestmark = pytest.mark.django_db


def test_public_lists_show_verified_actors_only_and_filter_by_subsector_and_kecamatan() -> None:
    batik = make_actor(name="Batik Tulis Sawangan", kbli_code="13134", kelurahan=kelurahan("32.76.03.1001"))
    make_actor(name="Kaos Draf", status=Status.DRAFT)
    apps = make_actor(name="Studio Aplikasi", kbli_code="62019")
    public = selectors.actor_list()
    assert set(public) == {batik, apps}
    assert list(selectors.actor_list(subsector="APL")) == [apps]
    assert list(selectors.actor_list(kecamatan="32.76.03")) == [batik]
    assert list(selectors.actor_list(q="batik sawangan")) == [batik]


def test_kecamatan_summary_lists_every_kecamatan() -> None:
    make_actor(kbli_code="14111")
    rows = selectors.kecamatan_summary()
    assert len(rows) == 11
    pancoran = next(r for r in rows if r.kode == "32.76.01")
    assert pancoran.total == 1
    assert pancoran.by_subsector == {"FSN": 1}
