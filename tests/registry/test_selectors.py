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


def test_actor_filters_size_community_certification_fostering_and_kelurahan() -> None:
    from sinergi.registry import services
    from tests.factories import OrganisationFactory
    from tests.portal import factories as pf

    office = OrganisationFactory(kind="office")
    fostered = make_actor(name="Kriya Binaan", kbli_code="13134", kelurahan=kelurahan("32.76.03.1001"))
    services.actor_set_fostering(by=None, actor=fostered, office=office, since=None)
    other = make_actor(name="Kriya Mandiri", kbli_code="13134")
    community = pf.community()
    services.community_member_set(by=None, community=community, actor=other, role="member")
    pf.certification(other, kind="halal")
    assert list(selectors.actor_list(fostered=True)) == [fostered]
    assert list(selectors.actor_list(fostered=False)) == [other]
    assert list(selectors.actor_list(community=community.slug)) == [other]
    assert list(selectors.actor_list(certification="halal")) == [other]
    assert list(selectors.actor_list(certification="pirt")) == []
    assert list(selectors.actor_list(kelurahan="32.76.03.1001")) == [fostered]
    assert list(selectors.actor_list(subsector="NOPE")) == []
    assert list(selectors.actor_list(size_class="besar")) == []


def test_directory_page_matches_actor_list_and_shows_only_public_fields() -> None:
    for i in range(25):
        make_actor(name=f"Kopi Depok {i:02d}", kbli_code="56303")
    make_actor(name="Kopi Draf", kbli_code="56303", status=Status.DRAFT)
    page = selectors.actor_directory_page(q="kopi", sort="name", page=2, per_page=20)
    assert page.count == 25
    assert page.number == 2
    expected = list(selectors.actor_list(q="kopi", sort="name"))[20:]
    assert [row.slug for row in page.rows] == [a.slug for a in expected]
    row = page.rows[0]
    assert row.kelurahan == "Depok"
    assert row.kecamatan == "Pancoran Mas"
    assert row.subsectors == ["Kuliner"]
    assert not hasattr(row, "npwp")
    assert selectors.actor_directory_page(q="kopi", page=99).number == 2  # clamped to the last page


def test_parse_actor_filters_validates_and_reports_in_indonesian() -> None:
    from django.http import QueryDict

    from sinergi.registry.filters import InvalidFilters, parse_actor_filters

    f = parse_actor_filters(QueryDict("q=+batik+&subsektor=fsn&kecamatan=32.76.03&kelurahan=32.76.03.1001&binaan=ya"))
    assert (f.q, f.subsector, f.kecamatan, f.kelurahan, f.fostered) == (
        "batik",
        "FSN",
        "32.76.03",
        "32.76.03.1001",
        True,
    )
    assert f.errors == {}
    f = parse_actor_filters(QueryDict("kelurahan=32.76.03.1001"))
    assert f.kecamatan == "32.76.03"  # implied by the kelurahan
    f = parse_actor_filters(QueryDict("kecamatan=32.76.01&kelurahan=32.76.03.1001&skala=x&halaman=0&jenis=y&urut=z"))
    assert set(f.errors) == {"kelurahan", "skala", "halaman", "jenis", "urut"}
    assert f.kelurahan is None and f.size_class is None and f.page == 1 and f.kind == "actor"
    with pytest.raises(InvalidFilters) as excinfo:
        parse_actor_filters({"subsektor": "XXX"}, strict=True)
    assert excinfo.value.field_errors == {"subsektor": ["Subsektor “XXX” tidak dikenal."]}
