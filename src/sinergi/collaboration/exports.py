"""Export of initiatives with authors, dates, supports, endorsements, pledges, comments and answers.

Every text cell is made spreadsheet-safe (no formulas). Supporters' e-mail addresses appear only
when the caller may export personal data (office heads); everyone else gets counts.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from sinergi.core.cells import neutralise
from sinergi.imports.exports import write_workbook

from .models import Comment, Endorsement, Initiative, Pledge, Support

INITIATIVE_HEADER = [
    "id", "judul", "tahap", "jenis_pengusul", "organisasi_pengusul", "pengusul", "pengusul_bersama", "kecamatan",
    "subsektor", "masalah", "tujuan", "penerima_manfaat", "perkiraan_anggaran", "dibuat", "diajukan", "dibuka",
    "ambang_dukungan", "batas_dukungan", "dukungan_daring", "dukungan_luring", "jumlah_endorsement",
    "jumlah_sumbangan", "jumlah_komentar", "jawaban_resmi", "dijawab", "diputuskan_oleh", "dasar_keputusan",
]  # fmt: skip


def _date(value: Any) -> str:
    return value.isoformat() if value else ""


def initiative_rows(initiatives: Iterable[Initiative]) -> Iterator[list[Any]]:
    for i in initiatives:
        decision = getattr(i, "decision", None) if hasattr(i, "decision") else None
        yield [
            i.pk, i.title, i.get_phase_display(), i.get_proposer_type_display(),
            str(i.proposer_organisation or ""), str(i.author), "; ".join(str(u) for u in i.coauthors.all()),
            i.kecamatan.name if i.kecamatan else "", "; ".join(s.code for s in i.subsectors.all()),
            i.problem, i.goal, i.beneficiaries, int(i.budget_estimate) if i.budget_estimate is not None else "",
            _date(i.created_at), _date(i.submitted_at), _date(i.opened_at), i.support_threshold,
            _date(i.support_deadline), i.support_count, i.offline_support_count, i.endorsements.count(),
            i.pledges.count(), i.comments.count(), i.answer, _date(i.answered_at),
            decision.decided_by_label if decision else "", decision.grounds if decision else "",
        ]  # fmt: skip


def sheets(initiatives: list[Initiative], *, with_personal_data: bool) -> dict[str, tuple[list[str], list[list[Any]]]]:
    ids = [i.pk for i in initiatives]
    out: dict[str, tuple[list[str], list[list[Any]]]] = {
        "inisiatif": (INITIATIVE_HEADER, list(initiative_rows(initiatives))),
        "endorsement": (
            ["inisiatif_id", "organisasi", "heliks", "pernyataan", "waktu"],
            [
                [e.initiative_id, str(e.organisation), e.get_helix_display(), e.statement, _date(e.created_at)]
                for e in Endorsement.objects.filter(initiative_id__in=ids).select_related("organisation")
            ],
        ),
        "sumbangan": (
            [
                "inisiatif_id",
                "organisasi",
                "heliks",
                "jenis",
                "uraian",
                "nilai",
                "status",
                "ditawarkan",
                "dikonfirmasi",
                "diserahkan",
            ],
            [
                [
                    p.initiative_id,
                    str(p.organisation),
                    p.get_helix_display(),
                    p.get_kind_display(),
                    p.description,
                    int(p.amount) if p.amount is not None else "",
                    p.get_status_display(),
                    _date(p.created_at),
                    _date(p.confirmed_at),
                    _date(p.delivered_at),
                ]
                for p in Pledge.objects.filter(initiative_id__in=ids).select_related("organisation")
            ],
        ),
        "komentar": (
            [
                "inisiatif_id",
                "komentar_id",
                "balasan_untuk",
                "penulis",
                "sikap",
                "isi",
                "waktu",
                "disembunyikan",
                "alasan_disembunyikan",
            ],
            [
                [
                    c.initiative_id,
                    c.pk,
                    c.parent_id or "",
                    str(c.author),
                    c.get_stance_display(),
                    c.body,
                    _date(c.created_at),
                    "ya" if c.is_hidden else "",
                    c.hidden_reason,
                ]
                for c in Comment.objects.filter(initiative_id__in=ids).select_related("author")
            ],
        ),
    }
    if with_personal_data:
        out["pendukung"] = (
            ["inisiatif_id", "nama", "email", "waktu"],
            [
                [s.initiative_id, str(s.user), s.user.email, _date(s.created_at)]
                for s in Support.objects.filter(initiative_id__in=ids).select_related("user")
            ],
        )
    return out


def _safe(rows: list[list[Any]]) -> Iterator[list[Any]]:
    for row in rows:
        yield [neutralise(v) for v in row]


def to_xlsx(data: dict[str, tuple[list[str], list[list[Any]]]]) -> bytes:
    return write_workbook((name, header, rows) for name, (header, rows) in data.items())


def to_csv(data: dict[str, tuple[list[str], list[list[Any]]]], sheet: str = "inisiatif") -> str:
    """One sheet as CSV (`inisiatif` by default; endorsement, sumbangan, komentar, pendukung)."""
    header, rows = data[sheet]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(_safe(rows))
    return buffer.getvalue()
