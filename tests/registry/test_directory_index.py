"""The directory's place filters are answered from a covering partial index (registry migration 0009):
verified actors by (kelurahan, name, id), so that a kecamatan or kelurahan search (with or without a
subsector) neither reads table rows to check the status nor to sort by name (docs/performance.md: at
1,000,000 actors that read was 63,600 table pages and most of a 1.36 s query). Whether the planner uses
it depends on the table's size and statistics; the plans at a million actors are in docs/performance.md
(`benchmarks/_directory_explain.py`), a test database is too small to show them."""

from __future__ import annotations

import pytest
from django.db import connection

INDEX = "registry_actor_verified_place_name"


def _definition() -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [INDEX])
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND name = %s", [INDEX])
        row = cursor.fetchone()
    return str(row[0]) if row else ""


@pytest.mark.django_db
def test_verified_actors_are_indexed_by_place_then_name() -> None:
    definition = " ".join(_definition().split())
    assert "(kelurahan_id, name, id)" in definition
    assert "WHERE" in definition.upper()
    assert "'verified'" in definition
