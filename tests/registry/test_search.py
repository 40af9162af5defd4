"""Registry text search: query parsing everywhere; full-text search, prefix matching, ranking and the
use of the GIN index on PostgreSQL (skipped on SQLite, where the word filter is the fallback)."""

from __future__ import annotations

import pytest
from django.db import connection

from sinergi.registry import search, selectors
from tests.factories import make_actor

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search needs PostgreSQL")


def test_words_drop_operators_and_limit_the_count() -> None:
    assert search.words("Batik  TULIS!") == ["batik", "tulis"]
    assert search.words("a & b | !c :* ('d')") == ["a", "b", "c", "d"]
    assert len(search.words(" ".join(f"w{i}" for i in range(20)))) == search.MAX_WORDS
    assert search.words("   ") == []


def test_tsquery_text_matches_every_word_and_the_last_as_a_prefix() -> None:
    assert search.tsquery_text("batik tul") == "'batik' & 'tul':*"
    assert search.tsquery_text("kopi") == "'kopi':*"
    assert search.tsquery_text("''") == ""


@pytest.mark.django_db
def test_search_finds_every_word_and_prefixes() -> None:
    batik = make_actor(name="Batik Tulis Sawangan", kbli_code="13134")
    make_actor(name="Kopi Margonda", kbli_code="56303")
    assert list(selectors.actor_list(q="bat")) == [batik]
    assert list(selectors.actor_list(q="tulis BATIK")) == [batik]
    assert list(selectors.actor_list(q="batik kopi")) == []
    assert list(selectors.actor_list(q="!!")) != []  # no words: no text filter


@pytest.mark.django_db
def test_punctuation_in_queries_is_harmless() -> None:
    make_actor(name="Batik O'Neil")
    for q in ["o'neil", "batik & |", "(batik", "batik:*", "\\"]:
        list(selectors.actor_list(q=q))  # never a syntax error


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db
def test_relevance_ranks_better_matches_first() -> None:
    weak = make_actor(name="Studio Foto Depok", description="Kadang menerima pesanan batik.")
    strong = make_actor(name="Batik Batik Depok", description="Batik tulis, batik cap dan batik printing.")
    result = list(selectors.actor_list(q="batik", sort="relevance"))
    assert result == [strong, weak]
    assert result[0].rank > result[1].rank  # type: ignore[attr-defined]


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db
def test_fts_is_word_based_not_substring() -> None:
    """PostgreSQL matches words (and prefixes of the last word), not arbitrary substrings."""
    actor = make_actor(name="Rajutan Nusantara")
    assert list(selectors.actor_list(q="rajut")) == [actor]  # prefix of the last word
    assert list(selectors.actor_list(q="jutan")) == []  # inside a word: no match on PostgreSQL


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db
def test_directory_query_uses_the_gin_index() -> None:
    make_actor(name="Batik Tulis Sawangan", kbli_code="13134")
    from sinergi.registry.models import Community

    # Actors: their terms index (registry 0013, tests/registry/test_search_terms.py); the other tables:
    # the stored vector's own index.
    for qs, index in (
        (selectors.actor_list(q="batik tul").values("id"), "registry_actor_terms"),
        (search.text_filter(Community.objects.values("id"), "batik tul"), "registry_community_search_vector"),
    ):
        sql, params = qs.query.sql_with_params()
        with connection.cursor() as cursor:
            # A tiny table: rule out the alternatives so the plan shows whether the index serves the WHERE clause.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert index in plan, plan
        assert "to_tsvector" not in plan  # the stored vector is read, not recomputed per row
    for table in ("registry_community", "registry_creativehub", "registry_product"):
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [f"{table}_search_vector"])
            assert cursor.fetchone() == (1,)


@pytest.mark.postgres
@postgres_only
@pytest.mark.django_db
def test_the_stored_vector_follows_every_change_of_the_search_text() -> None:
    from sinergi.registry.models import Actor

    actor = make_actor(name="Kopi Kenangan Beji", kbli_code="56303")
    assert list(search.text_filter(Actor.objects.values_list("name", flat=True), "kenang")) == ["Kopi Kenangan Beji"]
    Actor.objects.filter(pk=actor.pk).update(search_text="roti bakar margonda")
    assert not search.text_filter(Actor.objects.all(), "kenang").exists()
    assert search.text_filter(Actor.objects.all(), "roti marg").exists()


def test_the_vector_is_named_beside_the_compiled_search_text_column() -> None:
    assert search.vector_sql('U0."search_text"') == 'U0."search_vector"'
    assert search.vector_sql('"registry_actor"."search_text"') == '"registry_actor"."search_vector"'
    with pytest.raises(ValueError, match="search_text"):
        search.vector_sql('"registry_actor"."name"')
