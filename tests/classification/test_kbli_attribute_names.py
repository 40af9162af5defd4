"""KbliCode speaks English in Python and keeps its Indonesian columns (issue 12 item 7).

`kode` → `code`, `judul` → `title`, `kategori` → `section`, `golongan_pokok` → `division`,
`golongan` → `group`, `subgolongan` → `class_code` (ISIC's section/division/group/class): attribute
names only; the columns, the constraint and the official CSV columns stay as they were.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import IntegrityError, connection, migrations, transaction
from django.db.migrations.loader import MigrationLoader

from sinergi.classification.models import KbliCode
from sinergi.classification.selectors import kbli_get, kbli_search
from sinergi.classification.services import kbli_load
from tests.schema_shape import table_shape

pytestmark = pytest.mark.django_db

COLUMNS = {
    "code": "kode",
    "title": "judul",
    "section": "kategori",
    "division": "golongan_pokok",
    "group": "golongan",
    "class_code": "subgolongan",
}


def test_english_attributes_keep_the_indonesian_columns() -> None:
    assert {attr: KbliCode._meta.get_field(attr).column for attr in COLUMNS} == COLUMNS
    with connection.cursor() as cursor:
        table = {c.name for c in connection.introspection.get_table_description(cursor, KbliCode._meta.db_table)}
    assert set(COLUMNS.values()) <= table
    assert not set(COLUMNS) & table


def test_the_rename_migration_changes_only_the_state() -> None:
    """No database operation, and the table it describes before and after is the same, column for column
    (`sqlmigrate classification 0002` prints "(no-op)" on PostgreSQL and SQLite)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    migration = loader.disk_migrations[("classification", "0002_kbli_code_english_attribute_names")]
    assert all(
        isinstance(op, migrations.SeparateDatabaseAndState) and not op.database_operations
        for op in migration.operations
    )

    def shape_at(name: str) -> tuple[Any, ...]:
        return table_shape(loader.project_state(("classification", name)).apps.get_model("classification", "KbliCode"))

    before, after = shape_at("0001_initial"), shape_at("0002_kbli_code_english_attribute_names")
    assert after == before
    assert after == table_shape(KbliCode)


def test_a_code_reads_through_the_english_names() -> None:
    code = kbli_get("14111")
    assert code is not None
    assert (code.code, code.title, code.section) == ("14111", "Industri Pakaian Jadi (Konveksi) Dari Tekstil", "C")
    assert (code.division, code.group, code.class_code) == ("14", "141", "1411")
    assert str(code) == "14111 Industri Pakaian Jadi (Konveksi) Dari Tekstil"
    assert [k.code for k in kbli_search("1411")] == sorted(k.code for k in kbli_search("1411"))
    assert {k.code for k in kbli_search("konveksi")} >= {"14111"}


def test_the_unique_constraint_still_holds_on_version_and_code() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        KbliCode.objects.create(version="2020", code="14111", title="Duplikat", section="C")


def test_the_loader_reads_the_official_columns(tmp_path: Path) -> None:
    source = tmp_path / "kbli_uji.csv"
    source.write_text("kode,judul,kategori,source\n99991,Kegiatan Uji,U,uji\n", encoding="utf-8")
    assert kbli_load(path=source, version="uji") == 1
    loaded = KbliCode.objects.get(version="uji", code="99991")
    assert (loaded.title, loaded.section, loaded.division, loaded.group, loaded.class_code) == (
        "Kegiatan Uji",
        "U",
        "99",
        "999",
        "9999",
    )
