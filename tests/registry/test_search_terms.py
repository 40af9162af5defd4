"""A word search's subsector and place as terms of one index (PostgreSQL, registry 0013, issue 17).

`actor_list` asks `registry_actor_terms(search_vector, subsector_ids, kelurahan_id) @@ query` instead of
three filters, and the last word is the words of `registry_actor_searchword` that start with it. Both
are only a faster way to the same rows: these tests compare every search with the separate filters, and
check that the table of words follows every writer (a word missing from it would hide a profile)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.db import connection

from sinergi.accounts.models import Role
from sinergi.registry import filters, search, selectors, services
from sinergi.registry.bulk import ActorImporter, actors_bulk_create
from sinergi.registry.models import Actor, Status
from sinergi.registry.selectors.scope import subsector_condition
from tests.factories import kbli, kelurahan, make_actor, user_with_role

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the terms index is PostgreSQL's"),
]

# Two kecamatan of the reference data (Pancoran Mas, Cimanggis), two kelurahan in the first.
PANMAS, CIMANGGIS = "32.76.01", "32.76.02"
PANMAS_A, PANMAS_B, BEJI_A = "32.76.01.1006", "32.76.01.1008", "32.76.02.1009"


def _separate(q: str, subsector: str | None = None, kecamatan: str | None = None, **place: str) -> set[int]:
    """The same search with the filters one by one (what the terms replace)."""
    qs = search.text_filter(Actor.objects.filter(status=Status.VERIFIED), q)
    if subsector:
        pk = filters.subsector_pk(subsector)
        assert pk is not None
        qs = qs.filter(subsector_condition(pk))
    if kecamatan or place:
        qs = qs.filter(kelurahan_id__in=filters.kelurahan_pks(kecamatan=kecamatan, **place))
    return set(qs.values_list("pk", flat=True))


def _listed(**filters_: Any) -> set[int]:
    return set(selectors.actor_list(**filters_).values_list("pk", flat=True))


def _prefix_query(prefix: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT registry_actor_prefix_query(%s)::text", [prefix])
        return str(cursor.fetchone()[0])


@pytest.fixture
def actors() -> dict[str, Actor]:
    return {
        "batik": make_actor(name="Batik Tulis Sawangan", kbli_code="14111", kelurahan=kelurahan(PANMAS_A)),
        "batu": make_actor(name="Batu Alam Beji", kbli_code="23961", kelurahan=kelurahan(BEJI_A)),
        "bata": make_actor(name="Bata Merah Kreatif", kbli_code="14111", kelurahan=kelurahan(PANMAS_B)),
        "kopi": make_actor(name="Kopi Batavia", kbli_code="56303", kelurahan=kelurahan(PANMAS_A)),
        "studio": make_actor(name="Studio Batik Digital", kbli_code="62019", kelurahan=kelurahan(BEJI_A)),
        "draft": make_actor(name="Batik Belum Terbit", kbli_code="14111", status=Status.DRAFT),
    }


SEARCHES: list[dict[str, str]] = [
    {"q": "bat"},
    {"q": "batik"},
    {"q": "ba", "subsector": "FSN"},
    {"q": "bat", "kecamatan": PANMAS},
    {"q": "bat", "subsector": "FSN", "kecamatan": PANMAS},
    {"q": "bat", "kelurahan": PANMAS_A},
    {"q": "kopi bat", "kecamatan": PANMAS},
    {"q": "studio bat", "subsector": "APL", "kecamatan": CIMANGGIS},
    {"q": "batik", "subsector": "KUL"},
    {"q": "tulis saw"},
    {"q": "zzz"},
    {"q": "sawangan batik"},
    {"q": "b", "kecamatan": CIMANGGIS},
]


@pytest.mark.parametrize("search_", SEARCHES, ids=lambda s: "&".join(f"{k}={v}" for k, v in s.items()))
def test_a_word_search_holds_the_same_rows_as_the_separate_filters(
    actors: dict[str, Actor], search_: dict[str, str]
) -> None:
    place = {k: search_[k] for k in ("kelurahan",) if k in search_}
    expected = _separate(search_["q"], search_.get("subsector"), search_.get("kecamatan"), **place)
    assert _listed(**search_) == expected
    page = selectors.actor_directory_page(per_page=20, sort="relevance", **search_)
    assert {row.pk for row in page.rows} == expected
    assert page.count == len(expected)


def test_the_searches_find_what_a_visitor_expects(actors: dict[str, Actor]) -> None:
    assert _listed(q="bat") == {actors[k].pk for k in ("batik", "batu", "bata", "kopi", "studio")}
    assert _listed(q="bat", subsector="FSN", kecamatan=PANMAS) == {actors["batik"].pk, actors["bata"].pk}
    assert _listed(q="kopi bat", kecamatan=CIMANGGIS) == set()
    # Staff see the draft too, through the same condition.
    staff = user_with_role(Role.STAFF)
    assert actors["draft"].pk in set(selectors.actor_list(user=staff, q="batik").values_list("pk", flat=True))


def test_the_last_word_is_the_words_that_start_with_it(actors: dict[str, Actor]) -> None:
    assert _prefix_query("bat") == "'bata' | 'batavia' | 'batik' | 'batu'"
    assert _prefix_query("batik") == "'batik'"
    assert _prefix_query("qqq") == "'qqq':*"  # no such word: the prefix itself, which matches nothing
    assert _prefix_query("bat_") == "'bat':*"  # not letters and digits: as to_tsquery reads it
    assert _prefix_query("o'") == "'o':*"


def test_a_prefix_of_more_than_32_words_stays_a_prefix() -> None:
    names = [f"Kata{chr(97 + i // 26)}{chr(97 + i % 26)} Usaha" for i in range(33)]
    made = {make_actor(name=name, kbli_code="14111").pk for name in names}
    assert _prefix_query("kata") == "'kata':*"
    assert _prefix_query("kataa").startswith("'kataaa' | 'kataab'")
    assert _listed(q="kata") == made
    assert len(_listed(q="kataa")) == 26


def test_the_table_of_words_follows_every_writer(actors: dict[str, Actor]) -> None:
    # An update of the search text (any path: here a bare UPDATE).
    Actor.objects.filter(pk=actors["kopi"].pk).update(search_text="roti bakar margonda")
    assert _listed(q="marg") == {actors["kopi"].pk}
    assert _listed(q="kopi") == set()  # the old word stays in the table and matches nothing
    # The service's update.
    kbli_choice = services.KbliChoice(primary=kbli("23961"), others=[])
    services.actor_update(by=None, actor=actors["batu"], data={"name": "Batu Ukir Nusantara"}, kbli=kbli_choice)
    assert _listed(q="ukir nusa") == {actors["batu"].pk}
    # The bulk import's COPY.
    importer = ActorImporter()
    context = importer.start()
    values = {
        "jenis_pelaku": "badan_usaha", "bentuk_usaha": "CV", "kbli_lain": "", "deskripsi": "", "alamat_usaha": "",
        "kode_kelurahan": PANMAS_A, "tahun_angka": None, "modal_usaha": None, "omzet_tahunan": None,
        "tenaga_kerja_perempuan": None, "tenaga_kerja_laki_laki": None, "nama_usaha": "Wayang Golekan Impor",
        "nib": "9120000000999", "kbli_utama": "14111",
    }  # fmt: skip
    outcome = importer.clean_row(context, 2, values)
    assert outcome.typed is not None, outcome.errors
    assert actors_bulk_create(by=None, rows=[outcome.typed], status=Status.VERIFIED) == 1
    imported = Actor.objects.get(name="Wayang Golekan Impor")
    assert _listed(q="golek", subsector="FSN", kecamatan=PANMAS) == {imported.pk}


def test_a_word_search_with_a_subsector_and_kecamatan_is_one_index_scan(actors: dict[str, Actor]) -> None:
    qs = selectors.actor_list(q="bat", subsector="FSN", kecamatan=PANMAS).select_related(None).prefetch_related(None)
    sql, params = qs.values_list("id").query.sql_with_params()
    with connection.cursor() as cursor:
        # A tiny table: rule out the scans that read every row and the status indexes (the transaction is
        # rolled back), so the plan shows which index answers the search.
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'registry_actor' AND indexdef LIKE '%%status%%'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        for scan in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{scan} = off")
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        raw = cursor.fetchone()[0]
    plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]["Plan"]

    def nodes(node: dict[str, Any]) -> list[dict[str, Any]]:
        return [node, *(n for child in node.get("Plans", []) for n in nodes(child))]

    # One index condition holds the word, the subsector and the kecamatan's kelurahan; no node checks
    # them apart (the status may come from another index on a table this small).
    terms = [n for n in nodes(plan) if n.get("Index Name") == "registry_actor_terms"]
    assert len(terms) == 1, json.dumps(plan, indent=1)
    condition = terms[0]["Index Cond"]
    assert "registry_actor_prefix_query('bat'" in condition
    assert "~s" in condition, condition
    assert "~k" in condition, condition
    for node in nodes(plan):
        checks = " ".join(str(node.get(key, "")) for key in ("Index Cond", "Filter", "Recheck Cond"))
        assert "subsector_ids @>" not in checks, node
        assert "kelurahan_id" not in checks.replace("kelurahan_id)", ""), node


def test_a_place_of_more_kelurahan_than_place_terms_stays_a_filter_of_its_own(
    actors: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A province's whole kab/kota has hundreds of kelurahan: past PLACE_TERMS they are not terms of the
    search but `kelurahan_id IN …` beside it (here forced with a limit of 1 for a kecamatan's 6)."""
    from sinergi.registry.selectors import scope

    monkeypatch.setattr(scope, "PLACE_TERMS", 1)
    area = filters.kelurahan_pks(kecamatan=PANMAS)
    assert len(area) > 1
    terms = scope.search_condition("bat", subsector=filters.subsector_pk("FSN"), kelurahan=area)
    assert terms is not None
    assert (terms.subsector, terms.place) == (True, False)
    sql = str(selectors.actor_list(q="bat", subsector="FSN", kecamatan=PANMAS).query)
    assert 'kelurahan_id" IN' in sql
    assert _listed(q="bat", subsector="FSN", kecamatan=PANMAS) == _separate("bat", "FSN", PANMAS)
    assert _listed(q="bat", subsector="FSN", kecamatan=PANMAS) == {actors["batik"].pk, actors["bata"].pk}
