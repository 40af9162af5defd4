from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.text import slugify

from sinergi.programs import services
from sinergi.programs.models import Program
from tests.factories import city_office


def make_program(*, status: str = "open", **data: Any) -> Program:
    today = timezone.localdate()
    defaults: dict[str, Any] = {
        "title": f"Program Uji {Program.objects.count() + 1}",
        "kind": "training",
        "organiser": city_office(),
        "start_date": today + timedelta(days=10),
        "end_date": today + timedelta(days=60),
        "status": status,
        "call_opens": today - timedelta(days=1),
        "call_closes": today + timedelta(days=5),
        "cohort_size": 3,
        "questions": [
            {"key": "motivasi", "label": "Motivasi", "type": "text", "required": True},
            {"key": "omzet", "label": "Omzet per bulan", "type": "number", "required": False},
            {"key": "punya_pirt", "label": "Sudah punya P-IRT?", "type": "yesno", "required": True},
        ],
    }
    subsectors = data.pop("subsectors", ())
    kecamatan = data.pop("kecamatan", ())
    defaults.update(data)
    defaults.setdefault("slug", slugify(defaults["title"]))
    return services.program_create(by=None, data=defaults, subsectors=subsectors, kecamatan=kecamatan)


GOOD_ANSWERS = {"motivasi": "Ingin naik kelas", "omzet": "5.000.000", "punya_pirt": "tidak"}
