"""Short ticket codes (8 characters, unambiguous alphabet) for every registration, old ones included."""

import secrets

from django.db import migrations, models

import sinergi.events.models

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def give_codes(apps, schema_editor):
    Registration = apps.get_model("events", "Registration")
    taken: set[str] = set()
    for reg in Registration.objects.filter(short_code__isnull=True).only("pk").iterator():
        code = "".join(secrets.choice(ALPHABET) for _ in range(8))
        while code in taken:
            code = "".join(secrets.choice(ALPHABET) for _ in range(8))
        taken.add(code)
        Registration.objects.filter(pk=reg.pk).update(short_code=code)


class Migration(migrations.Migration):
    dependencies = [("events", "0003_sales_bounds")]

    operations = [
        migrations.AddField(
            model_name="registration",
            name="short_code",
            field=models.CharField(editable=False, max_length=8, null=True, verbose_name="kode tiket"),
        ),
        migrations.RunPython(give_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="registration",
            name="short_code",
            field=models.CharField(
                default=sinergi.events.models.new_ticket_code,
                editable=False,
                max_length=8,
                unique=True,
                verbose_name="kode tiket",
            ),
        ),
        migrations.AlterField(
            model_name="registration",
            name="code",
            field=models.CharField(
                default=sinergi.events.models.new_code, max_length=32, unique=True, verbose_name="token tiket"
            ),
        ),
    ]
