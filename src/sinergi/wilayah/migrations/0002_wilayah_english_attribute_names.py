"""English attribute names for Wilayah (kode → code, nama → name, kode_bps → bps_code, luas_ha → area_ha).

State only: every column keeps its name through `db_column`, so the database does not change
(`sqlmigrate wilayah 0002` prints no SQL on PostgreSQL or SQLite).
"""

from django.db import migrations, models

RENAMES = [("kode", "code"), ("nama", "name"), ("kode_bps", "bps_code"), ("luas_ha", "area_ha")]


class Migration(migrations.Migration):
    dependencies = [
        ("wilayah", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                *[migrations.RenameField(model_name="wilayah", old_name=old, new_name=new) for old, new in RENAMES],
                migrations.AlterField(
                    model_name="wilayah",
                    name="code",
                    field=models.CharField(db_column="kode", max_length=20, unique=True, verbose_name="kode Kemendagri"),
                ),
                migrations.AlterField(
                    model_name="wilayah",
                    name="name",
                    field=models.CharField(db_column="nama", max_length=120, verbose_name="nama"),
                ),
                migrations.AlterField(
                    model_name="wilayah",
                    name="bps_code",
                    field=models.CharField(
                        blank=True, db_column="kode_bps", db_index=True, max_length=20, verbose_name="kode BPS"
                    ),
                ),
                migrations.AlterField(
                    model_name="wilayah",
                    name="area_ha",
                    field=models.DecimalField(
                        blank=True,
                        db_column="luas_ha",
                        decimal_places=2,
                        max_digits=12,
                        null=True,
                        verbose_name="luas (ha)",
                    ),
                ),
                migrations.AlterModelOptions(
                    name="wilayah",
                    options={"ordering": ["code"], "verbose_name": "wilayah", "verbose_name_plural": "wilayah"},
                ),
            ],
        ),
    ]
