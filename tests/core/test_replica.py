"""A read replica: anonymous visitors' public pages read from it; writes, transactions and signed-in
people stay on the primary. PgBouncer's transaction mode turns server-side cursors off."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client
from django.test.utils import CaptureQueriesContext

from sinergi.core.replica import REPLICA, lag_tolerant
from sinergi.registry.models import Actor
from tests.factories import UserFactory, make_actor

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.fixture(scope="module")
def replica_alias(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """A `replica` database: the test database through a connection of its own, as a streaming replica
    is the primary's data through another server (so it sees committed data only: transactional tests).
    Module-scoped, so it exists before each test's database access is set up."""
    connections.settings[REPLICA] = {**connections[DEFAULT_DB_ALIAS].settings_dict}
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


@pytest.fixture
def replica(replica_alias: None, transactional_db: None) -> BaseDatabaseWrapper:
    """The replica; the reference data a transactional test's flush removed is loaded again."""
    call_command("load_reference", verbosity=0, stdout=io.StringIO())
    return connections[REPLICA]


with_replica = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])


def _tables(queries: CaptureQueriesContext) -> str:
    return "\n".join(query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize("path", ["/direktori/", "/produk/", "/statistik/", "/direktori/pelaku/{slug}/"])
@with_replica
def test_anonymous_public_pages_read_from_the_replica(client: Client, replica: BaseDatabaseWrapper, path: str) -> None:
    actor = make_actor(name="Batik Replika")
    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(connections["default"]) as on_primary:
        response = client.get(path.format(slug=actor.slug))
    assert response.status_code == 200
    assert on_replica.captured_queries, "no read reached the replica"
    assert not on_primary.captured_queries, _tables(on_primary)
    if "{slug}" in path:
        assert "Batik Replika" in response.content.decode()


@with_replica
def test_signed_in_people_read_the_primary_so_they_see_what_they_just_saved(
    client: Client, replica: BaseDatabaseWrapper
) -> None:
    make_actor(name="Batik Replika")
    client.force_login(UserFactory())
    with CaptureQueriesContext(replica) as on_replica:
        response = client.get("/direktori/")
    assert response.status_code == 200
    assert not on_replica.captured_queries, _tables(on_replica)


@with_replica
def test_reads_inside_a_transaction_and_all_writes_stay_on_the_primary(replica: BaseDatabaseWrapper) -> None:
    actor = make_actor(name="Batik Baru")
    with CaptureQueriesContext(replica) as on_replica, lag_tolerant():
        actor.description = "Diubah."
        actor.save(update_fields=["description"])  # a write
        with transaction.atomic():
            Actor.objects.filter(pk=actor.pk).update(name="Batik Diubah")
            assert Actor.objects.get(pk=actor.pk).name == "Batik Diubah"  # read-after-write
    assert not on_replica.captured_queries, _tables(on_replica)
    with CaptureQueriesContext(replica) as on_replica, lag_tolerant():
        assert Actor.objects.filter(name="Batik Diubah").exists()  # outside a transaction: lag is fine
    assert on_replica.captured_queries


@with_replica
def test_reads_outside_lag_tolerant_views_stay_on_the_primary(replica: BaseDatabaseWrapper) -> None:
    with CaptureQueriesContext(replica) as on_replica:
        Actor.objects.count()
    assert not on_replica.captured_queries


def _settings(**environ: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC), "DJANGO_SETTINGS_MODULE": "sinergi.settings.local", **environ}
    code = (
        "import json; from django.conf import settings; print(json.dumps({alias: {"
        "'cursors': db['DISABLE_SERVER_SIDE_CURSORS'], 'host': db.get('HOST'), 'test': db.get('TEST')}"
        " for alias, db in settings.DATABASES.items()}))"
    )
    return subprocess.run(  # noqa: S603 -- our own interpreter and code
        [sys.executable, "-c", code], check=False, env=env, capture_output=True, text=True, timeout=60
    )


def test_the_replica_and_pgbouncer_settings() -> None:
    plain = _settings(DATABASE_URL="postgres://sinergi@db.internal/sinergi")
    assert plain.returncode == 0, plain.stderr
    assert json.loads(plain.stdout) == {"default": {"cursors": False, "host": "db.internal", "test": None}}
    scaled = _settings(
        DATABASE_URL="postgres://sinergi@pgbouncer.internal:6432/sinergi",
        SINERGI_DATABASE_REPLICA_URL="postgres://sinergi@replica.internal/sinergi",
        SINERGI_DB_PGBOUNCER_TRANSACTION_MODE="1",
    )
    assert scaled.returncode == 0, scaled.stderr
    assert json.loads(scaled.stdout) == {
        "default": {"cursors": True, "host": "pgbouncer.internal", "test": None},
        "replica": {"cursors": True, "host": "replica.internal", "test": {"MIRROR": "default"}},
    }


def test_a_replica_beside_sqlite_is_refused() -> None:
    refused = _settings(
        DATABASE_URL="sqlite:////tmp/sinergi.sqlite3", SINERGI_DATABASE_REPLICA_URL="postgres://replica.internal/s"
    )
    assert refused.returncode != 0
    assert "SINERGI_DATABASE_REPLICA_URL: a read replica needs PostgreSQL" in refused.stderr
