"""English attribute names for KbliCode (kode → code, judul → title, kategori → section,
golongan_pokok → division, golongan → group, subgolongan → class_code).

State only: every column keeps its name through `db_column`, and the unique constraint covers the
same columns, so the database does not change (`sqlmigrate classification 0002` prints no SQL on
PostgreSQL or SQLite).
"""

from django.db import migrations, models

RENAMES = [
    ("kode", "code"),
    ("judul", "title"),
    ("kategori", "section"),
    ("golongan_pokok", "division"),
    ("golongan", "group"),
    ("subgolongan", "class_code"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("classification", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveConstraint(model_name="kblicode", name="kbli_unique_version_code"),
                *[migrations.RenameField(model_name="kblicode", old_name=old, new_name=new) for old, new in RENAMES],
                migrations.AlterField(
                    model_name="kblicode",
                    name="code",
                    field=models.CharField(db_column="kode", max_length=5, verbose_name="kode"),
                ),
                migrations.AlterField(
                    model_name="kblicode",
                    name="title",
                    field=models.CharField(db_column="judul", max_length=400, verbose_name="judul"),
                ),
                migrations.AlterField(
                    model_name="kblicode",
                    name="section",
                    field=models.CharField(db_column="kategori", max_length=1, verbose_name="kategori"),
                ),
                migrations.AlterField(
                    model_name="kblicode",
                    name="division",
                    field=models.CharField(blank=True, db_column="golongan_pokok", max_length=2),
                ),
                migrations.AlterField(
                    model_name="kblicode",
                    name="group",
                    field=models.CharField(blank=True, db_column="golongan", max_length=3),
                ),
                migrations.AlterField(
                    model_name="kblicode",
                    name="class_code",
                    field=models.CharField(blank=True, db_column="subgolongan", max_length=4),
                ),
                migrations.AlterModelOptions(
                    name="kblicode",
                    options={
                        "ordering": ["version", "code"],
                        "verbose_name": "kode KBLI",
                        "verbose_name_plural": "kode KBLI",
                    },
                ),
                migrations.AddConstraint(
                    model_name="kblicode",
                    constraint=models.UniqueConstraint(fields=("version", "code"), name="kbli_unique_version_code"),
                ),
            ],
        ),
    ]
