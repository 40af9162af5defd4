"""Wilayah speaks English in Python and keeps its Indonesian columns (issue 12 item 7).

`kode` → `code`, `nama` → `name`, `kode_bps` → `bps_code`, `luas_ha` → `area_ha`: attribute names only.
The table, its columns and the shipped CSV columns stay as they were, so the migration is state only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection, migrations
from django.db.migrations.loader import MigrationLoader

from sinergi.wilayah import reference
from sinergi.wilayah.models import Level, Wilayah
from sinergi.wilayah.services import wilayah_load
from tests.schema_shape import table_shape

pytestmark = pytest.mark.django_db

COLUMNS = {"code": "kode", "name": "nama", "bps_code": "kode_bps", "area_ha": "luas_ha"}


def test_english_attributes_keep_the_indonesian_columns() -> None:
    assert {attr: Wilayah._meta.get_field(attr).column for attr in COLUMNS} == COLUMNS
    with connection.cursor() as cursor:
        table = {c.name for c in connection.introspection.get_table_description(cursor, Wilayah._meta.db_table)}
    assert set(COLUMNS.values()) <= table
    assert not set(COLUMNS) & table  # no new column was added beside the old one


def test_the_rename_migration_changes_only_the_state() -> None:
    """No database operation, and the table it describes before and after is the same, column for column
    (`sqlmigrate wilayah 0002` prints "(no-op)" on PostgreSQL and SQLite)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    migration = loader.disk_migrations[("wilayah", "0002_wilayah_english_attribute_names")]
    assert all(
        isinstance(op, migrations.SeparateDatabaseAndState) and not op.database_operations
        for op in migration.operations
    )

    def shape_at(name: str) -> tuple[Any, ...]:
        return table_shape(loader.project_state(("wilayah", name)).apps.get_model("wilayah", "Wilayah"))

    before, after = shape_at("0001_initial"), shape_at("0002_wilayah_english_attribute_names")
    assert after == before
    assert after == table_shape(Wilayah)


def test_lookups_and_values_read_the_english_names() -> None:
    kelurahan = Wilayah.objects.select_related("parent").get(code="32.76.01.1006")
    assert (kelurahan.name, kelurahan.bps_code, str(kelurahan.area_ha)) == ("Depok", "3276020011", "368.62")
    assert kelurahan.label == "Depok, Pancoran Mas"
    assert str(kelurahan) == "Depok"
    names = Wilayah.objects.filter(level=Level.KECAMATAN, parent__code="32.76").values_list("name", flat=True)
    assert "Pancoran Mas" in set(names)
    codes = Wilayah.objects.filter(code__startswith="32.76.01.").order_by("code").values_list("code", flat=True)
    assert codes[0] == "32.76.01.1006"


def test_the_loader_reads_the_source_columns_into_the_english_attributes(tmp_path: Path) -> None:
    source = tmp_path / "wilayah_sendiri.csv"
    source.write_text(
        "kode,nama,level,parent_kode\n32,Jawa Barat,provinsi,\n32.76,Kota Depok,kota,32\n"
        "32.76.01,Pancoran Mas Baru,kecamatan,32.76\n",
        encoding="utf-8",
    )
    assert wilayah_load(wilayah_file=source).created == 0
    kecamatan = Wilayah.objects.get(code="32.76.01")
    assert (kecamatan.name, kecamatan.parent.code) == ("Pancoran Mas Baru", "32.76")  # type: ignore[union-attr]


def test_the_region_reference_speaks_english_too() -> None:
    samarinda = reference.region("64.72")
    assert (samarinda.code, samarinda.name, samarinda.parent_code, samarinda.zone) == (
        "64.72",
        "Kota Samarinda",
        "64",
        "WITA",
    )
