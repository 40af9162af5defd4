"""Certificates given before certificate numbers existed get theirs: per organising office and year of
graduation, in the order they were given, as participant_complete numbers new ones."""

from typing import Any

from django.db import migrations


def number_earlier_certificates(apps: Any, schema_editor: Any) -> None:
    Participant = apps.get_model("programs", "Participant")
    taken = set(Participant.objects.filter(certificate_number__isnull=False).values_list("certificate_number", flat=True))
    counters: dict[tuple[int, int], int] = {}
    earlier = (
        Participant.objects.filter(certificate_code__isnull=False, certificate_number__isnull=True)
        .exclude(completed_on__isnull=True)
        .select_related("program__organiser")
        .order_by("completed_on", "pk")
    )
    for p in earlier:
        office = p.program.organiser
        key = (office.pk, p.completed_on.year)
        while True:
            counters[key] = counters.get(key, 0) + 1
            number = f"{counters[key]:03d}/SERT/{(office.short_name or office.slug).upper()}/{p.completed_on.year}"
            if number not in taken:
                break
        taken.add(number)
        p.certificate_number = number
        p.save(update_fields=["certificate_number"])


class Migration(migrations.Migration):
    dependencies = [("programs", "0003_signed_documents_certificate_number")]

    operations = [migrations.RunPython(number_earlier_certificates, migrations.RunPython.noop)]
