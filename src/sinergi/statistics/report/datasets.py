"""What the engine found in a dataset, in words for the workspace."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..models import Dataset, DatasetKind


def dataset_summary(dataset: Dataset) -> list[tuple[str, str]]:
    """(label, text) for what the engine found in a dataset: labels in the user's language, values as
    words and lists (a unit is "miliar rupiah", never spelt out letter by letter)."""
    labels = {
        "regions": _("Wilayah"),
        "years": _("Tahun"),
        "codes": _("Kode"),
        "unit": _("Satuan"),
        "bases": _("Dasar harga"),
        "establishments": _("Jumlah usaha"),
        "kbli_codes": _("Jumlah kode KBLI"),
        "kbli_version": _("Versi KBLI"),
    }
    rows: list[tuple[str, str]] = []
    for key, value in (dataset.summary or {}).items():
        if (
            key == "years"
            and isinstance(value, list)
            and len(value) == 2
            and dataset.kind != DatasetKind.ESTABLISHMENTS
        ):
            text = f"{value[0]}–{value[1]}"
        elif isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        else:
            text = str(value)
        rows.append((labels.get(key, key), text))
    return rows
