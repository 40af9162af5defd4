import itertools
from typing import Any

import pytest
from django.db import connection

from sinergi.registry import selectors
from sinergi.registry.models import Status
from tests.factories import UserFactory, kelurahan, make_actor

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
    pancoran = next(r for r in rows if r.code == "32.76.01")
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
    assert f.kelurahan is None
    assert f.size_class is None
    assert f.page == 1
    assert f.kind == "actor"
    with pytest.raises(InvalidFilters) as excinfo:
        parse_actor_filters({"subsektor": "XXX"}, strict=True)
    assert excinfo.value.field_errors == {"subsektor": ["Subsektor “XXX” tidak dikenal."]}


def test_the_wording_of_refusals_is_chosen_explicitly_not_by_the_parameter_table() -> None:
    """Whose words a refusal is in is a parameter of the reader: the same (copied) table of the API's
    parameter names gives the pages' words unless `wording` asks for the API's."""
    from sinergi.registry.filters import API_PARAMS, InvalidFilters, Wording, parse_actor_filters

    names = dict(API_PARAMS)
    with pytest.raises(InvalidFilters) as excinfo:
        parse_actor_filters({"subsector": "XXX"}, strict=True, names=names, wording=Wording.API)
    assert excinfo.value.field_errors == {
        "subsector": ["Kode subsektor 'XXX' tidak dikenal; lihat /api/v1/subsectors."]
    }
    with pytest.raises(InvalidFilters) as excinfo:
        parse_actor_filters({"subsector": "XXX"}, strict=True, names=API_PARAMS)
    assert excinfo.value.field_errors == {"subsector": ["Subsektor “XXX” tidak dikenal."]}


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the raw SQL directory query is PostgreSQL's")
def test_directory_sql_path_equals_the_orm_path_on_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    """The one-query PostgreSQL path and the portable ORM path: same rows, order, count and page clamping."""
    from sinergi.registry import services
    from tests.factories import OrganisationFactory
    from tests.portal import factories as pf

    office = OrganisationFactory(kind="office")
    places = ["32.76.01.1006", "32.76.03.1001", "32.76.03.1002", "32.76.05.1001"]
    codes = ["13134", "56303", "62019", "14111"]
    words = ["Batik", "Kopi", "Studio", "Kriya"]
    actors = []
    for i in range(36):
        actor = make_actor(
            name=f"{words[i % 4]} {'Jaya' if i % 3 else 'Makmur'} {i:02d}",
            description=("Batik tulis khas Depok. " * (i % 3 + 1)) + ("kopi " * (i % 5)),
            kbli_code=codes[(i // 2) % 4],
            kelurahan=kelurahan(places[i % 4]),
        )
        actors.append(actor)
        if i % 4 == 1:
            services.actor_set_fostering(by=None, actor=actor, office=office, since=None)
    community = pf.community()
    for actor in actors[::5]:
        services.community_member_set(by=None, community=community, actor=actor, role="member")
    # Invited, not yet accepted by its owner: no member on either path.
    invited = make_actor(by=UserFactory(), name="Batik Diundang 99", kbli_code="13134", kelurahan=kelurahan(places[0]))
    services.community_member_set(by=None, community=community, actor=invited, role="member")
    assert invited not in selectors.actor_list(community=community.slug)
    for actor in actors[::7]:
        pf.certification(actor, kind="halal")
    make_actor(name="Batik Draf", kbli_code="13134", status=Status.DRAFT)

    cases: list[dict[str, object]] = [
        {},
        {"q": "batik"},
        {"q": "kop", "sort": "relevance"},
        {"q": "batik kopi", "sort": "relevance"},
        {"q": "batik", "sort": "relevance"},  # every actor: past a limit of 10, in name order
        {"q": "tulis", "kecamatan": "32.76.03", "sort": "relevance"},
        {"q": "jaya", "subsector": "FSN"},
        {"subsector": "KUL", "kecamatan": "32.76.03"},
        {"q": "kriya", "kecamatan": "32.76.01"},
        {"kelurahan": "32.76.03.1002", "fostered": False},
        {"fostered": True, "sort": "-name"},
        {"community": community.slug, "sort": "kecamatan"},
        {"certification": "halal", "sort": "newest"},
        {"subsector": "NOPE"},
        {"q": "!!!", "sort": "relevance"},
        {"sort": "kecamatan"},
        {"size_class": "besar"},
    ]
    from django.test.utils import CaptureQueriesContext

    from sinergi.registry.selectors import directory

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE registry_actor")  # the names' histogram bounds the walk past the limit
    buckets = len(directory._name_histogram(connection.cursor())[1]) - 1
    assert buckets > 20
    # Past a count limit the PostgreSQL page is taken another way: every match sorted, or walks of the
    # name index up to a bound (each try further on) until a walk fills the page, else the sort. Each way
    # is forced here by the reaches the walk is given: none; a first try that reaches one name; every
    # bucket of the histogram in turn.
    ways: dict[str, Any] = {
        "sort": lambda **kw: [],
        "one short walk": lambda **kw: [1],
        "walks": lambda **kw: [max(1, int(kw["table_rows"] * b / buckets)) for b in range(1, buckets + 1)],
    }
    answered_by = {"walk": 0, "sort": 0}
    for case in cases:
        for page in (1, 2, 3, 50):
            sql = selectors._directory_page_sql(page=page, per_page=10, **case)  # type: ignore[arg-type]
            orm = selectors._directory_page_orm(page=page, per_page=10, **case)
            assert (sql.count, sql.number) == (orm.count, orm.number), (case, page)
            assert sql.rows == orm.rows, (case, page)
            orm = selectors._directory_page_orm(page=page, per_page=10, count_limit=10, **case)
            for way, reaches in ways.items():
                monkeypatch.setattr(directory, "walk_reaches", reaches)
                with CaptureQueriesContext(connection) as ran:
                    sql = selectors._directory_page_sql(page=page, per_page=10, count_limit=10, **case)  # type: ignore[arg-type]
                assert (sql.count, sql.count_is_lower_bound, sql.number, sql.name_order_past_limit) == (
                    orm.count,
                    orm.count_is_lower_bound,
                    orm.number,
                    orm.name_order_past_limit,
                ), (case, page, way)
                assert sql.rows == orm.rows, (case, page, way)
                if sql.count_is_lower_bound:
                    sorted_all = any(") SELECT k0 FROM m ORDER BY" in q["sql"] for q in ran.captured_queries)
                    answered_by["sort" if sorted_all else "walk"] += 1
                    assert sorted_all or way != "sort", (case, page)
            # Issue 17: past the limit a relevance-ordered word search is in name order (both paths).
            ranked = case.get("sort") == "relevance" and any(c.isalnum() for c in str(case.get("q", "")))
            assert sql.name_order_past_limit == (sql.count_is_lower_bound and ranked), (case, page)
            if sql.name_order_past_limit:
                by_name = selectors.actor_list(**{**case, "sort": "name"})  # type: ignore[arg-type]
                offset = (sql.number - 1) * 10
                assert [r.slug for r in sql.rows] == [a.slug for a in by_name[offset : offset + 10]], (case, page)
    # Both ways answered pages.
    assert answered_by["walk"], answered_by
    assert answered_by["sort"], answered_by
    # The rule changes the order: within the limit, "batik" by relevance is not in name order.
    ranked_page = selectors._directory_page_sql(page=1, per_page=10, q="batik", sort="relevance")
    assert [r.slug for r in ranked_page.rows] != [a.slug for a in selectors.actor_list(q="batik", sort="name")[:10]]
    assert not ranked_page.name_order_past_limit
    assert selectors._directory_page_sql(page=1, per_page=10).count == 37  # the 36 and the invited one
    assert selectors._directory_page_sql(page=4, per_page=10).rows[-1].name == "Studio Makmur 30"
    assert any(row.subsectors for row in selectors._directory_page_sql(page=1, per_page=10).rows)


def test_the_directory_page_honours_every_filter_actor_list_takes() -> None:
    """One definition of each filter: the directory page (raw SQL on PostgreSQL, the ORM elsewhere) is
    built from `actor_list`'s queryset, so every keyword it takes narrows the page too — the kind of actor
    and the fostering office included, which the hand-written SQL used to ignore."""
    from sinergi.registry import services
    from sinergi.registry.models import ActorKind
    from tests.factories import OrganisationFactory

    office = OrganisationFactory(kind="office", slug="disdagin")
    person = make_actor(name="Perajin Perorangan", kind=ActorKind.INDIVIDUAL)
    business = make_actor(name="Usaha Badan", kind=ActorKind.BUSINESS)
    services.actor_set_fostering(by=None, actor=business, office=office, since=None)
    make_actor(name="Usaha Lain", kind=ActorKind.BUSINESS)
    for kwargs, expected in [
        ({"actor_kind": "individual"}, [person]),
        ({"actor_kind": "business", "fostered_by": "disdagin"}, [business]),
        ({"fostered_by": "disdagin"}, [business]),
    ]:
        assert list(selectors.actor_list(**kwargs)) == expected, kwargs  # type: ignore[arg-type]
        page = selectors.actor_directory_page(**kwargs)
        assert ([row.slug for row in page.rows], page.count) == ([a.slug for a in expected], len(expected)), kwargs


@pytest.mark.parametrize("path", ["portable", "sql"])
def test_the_directory_counts_up_to_its_limit_and_then_says_more(path: str) -> None:
    """Issue 17: the count stops at a limit, so a broad search costs a page, not every match. Up to the
    limit the count is exact; past it the page says "more than <limit>" and pages stop at the limit."""
    if path == "sql" and connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL query")
    page_of = selectors._directory_page_sql if path == "sql" else selectors._directory_page_orm
    for i in range(25):
        make_actor(name=f"Kopi Depok {i:02d}", kbli_code="56303")
    everyone = [a.slug for a in selectors.actor_list(q="kopi")]
    exact = page_of(page=3, per_page=10, count_limit=25, q="kopi")
    assert (exact.count, exact.count_is_lower_bound, exact.number) == (25, False, 3)
    assert [row.slug for row in exact.rows] == everyone[20:]
    more = page_of(page=1, per_page=10, count_limit=24, q="kopi")
    assert (more.count, more.count_is_lower_bound) == (24, True)
    assert [row.slug for row in more.rows] == everyone[:10]
    capped = page_of(page=3, per_page=10, count_limit=20, q="kopi")  # page 3 lies past the limit
    assert (capped.count, capped.count_is_lower_bound, capped.number) == (20, True, 2)
    assert [row.slug for row in capped.rows] == everyone[10:20]
    none = page_of(page=2, per_page=10, count_limit=20, q="tidakadayangcocok")
    assert (none.count, none.count_is_lower_bound, none.number, none.rows) == (0, False, 1, [])


def test_the_directory_count_limit_comes_from_settings(settings: object) -> None:
    settings.SINERGI_DIRECTORY_COUNT_LIMIT = 20  # type: ignore[attr-defined]
    for i in range(21):
        make_actor(name=f"Kopi Depok {i:02d}", kbli_code="56303")
    page = selectors.actor_directory_page(q="kopi", per_page=10)
    assert (page.count, page.count_is_lower_bound) == (20, True)
    with pytest.raises(ValueError, match="count_limit"):
        selectors.actor_directory_page(q="kopi", per_page=10, count_limit=5)


def test_the_walk_past_the_limit_reaches_further_each_try_and_never_past_the_matches() -> None:
    """`walk_reaches`: the first try reads WALK_MARGIN times the rows an even spread needs, each next one
    WALK_GROWTH times more, all below the matches' estimate; none when sorting reads fewer rows."""
    from sinergi.registry.selectors.directory import WALK_GROWTH, WALK_MARGIN, walk_reaches

    # 30,000 of 1,000,000 rows match: page 1 (ends at match 20) lies at ~667 rows if evenly spread.
    reaches = walk_reaches(estimate=30_000, table_rows=1_000_000, end=20)
    assert reaches[0] == -(-WALK_MARGIN * 20 * 1_000_000 // 30_000) == 2_667
    assert all(b == a * WALK_GROWTH for a, b in itertools.pairwise(reaches))
    assert reaches[-1] < 30_000 <= reaches[-1] * WALK_GROWTH
    # A deep page of the same search, or few matches: sorting them reads fewer rows than a first walk.
    assert walk_reaches(estimate=30_000, table_rows=1_000_000, end=10_000) == []
    assert walk_reaches(estimate=5_000, table_rows=1_000_000, end=20) == []
    # No estimate, or statistics never gathered: sort.
    assert walk_reaches(estimate=0, table_rows=1_000_000, end=20) == []
    assert walk_reaches(estimate=30_000, table_rows=0, end=20) == []
