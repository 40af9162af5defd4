"""Upload → validation → preview → commit, for any registered kind.

Validation streams the file: rows are cleaned one by one by the kind's importer (no query per row),
checked against stored data a chunk at a time, and written to two private spool files (`spool`: signed
pickle frames, a chunk each): the typed valid rows (read back at commit without parsing the spreadsheet
again) and every row as the user wrote it (for the error report). Nothing of the domain is written before
commit; commit is one transaction, so a file with one bad row stores nothing.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sinergi.core import cells
from sinergi.core.errors import ServiceError
from sinergi.notifications.services import emit

from . import exports, readers, spool
from .kinds import ERROR_COLUMN, CellError, Importer, importer_for
from .models import ImportJob, JobStatus

logger = logging.getLogger(__name__)

CHUNK = 5000  # rows cleaned before one check against stored data (one query) and one progress update
SHOWN = 200  # errors and warnings kept on the job for the page; the report has them all
PREVIEW_ROWS = 20
FORMULA_MARKERS = tuple("'" + s for s in cells.FORMULA_STARTS)


@contextmanager
def local_path(field: Any) -> Iterator[Path]:
    """A filesystem path for a stored file (copied to a temporary file if the storage has none)."""
    try:
        yield Path(field.path)
        return
    except NotImplementedError:
        pass
    with tempfile.NamedTemporaryFile(suffix=Path(field.name).suffix) as handle:
        field.open("rb")
        try:
            for block in field.chunks():
                handle.write(block)
        finally:
            field.close()
        handle.flush()
        yield Path(handle.name)


FINISHED = frozenset({JobStatus.VALIDATED, JobStatus.INVALID, JobStatus.COMMITTED, JobStatus.FAILED})


def _update(job: ImportJob, **fields: Any) -> None:
    """Every state change of a job goes through here; one that ends a step tells the uploader."""
    for key, value in fields.items():
        setattr(job, key, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields, updated_at=timezone.now())
    if fields.get("status") in FINISHED:
        emit("imports.job.finished", job=job.pk, status=str(fields["status"]))


def _unmark(value: Any) -> Any:
    """Text neutralised by a spreadsheet export ('=…, '+…) comes back without the apostrophe."""
    if isinstance(value, str):
        value = value.strip()
        if value.startswith(FORMULA_MARKERS):
            return value[1:]
    return value


def _is_empty(values: Sequence[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def map_headers(importer: Importer, headers: Sequence[str]) -> dict[int, str]:
    """Position → column name; refuses missing, unknown and repeated headers, naming them as written."""
    known = {readers.normalise_header(c.name): c.name for c in importer.columns}
    positions: dict[int, str] = {}
    unknown, seen, repeated = [], set(), []
    for position, header in enumerate(headers):
        key = readers.normalise_header(header)
        if key == ERROR_COLUMN:
            continue
        if not key:
            if header == "":
                unknown.append(_("(kolom ke-%(number)s tanpa judul)") % {"number": position + 1})
            continue
        if key not in known:
            unknown.append(header)
        elif known[key] in seen:
            repeated.append(header)
        else:
            seen.add(known[key])
            positions[position] = known[key]
    missing = [c.name for c in importer.columns if c.name not in seen]
    problems = []
    if missing:
        problems.append(
            ngettext("kolom hilang: %(columns)s", "kolom hilang: %(columns)s", len(missing))
            % {"columns": ", ".join(missing)}
        )
    if unknown:
        problems.append(
            ngettext("judul kolom tidak dikenal: %(columns)s", "judul kolom tidak dikenal: %(columns)s", len(unknown))
            % {"columns": ", ".join(unknown)}
        )
    if repeated:
        problems.append(
            ngettext("judul kolom ganda: %(columns)s", "judul kolom ganda: %(columns)s", len(repeated))
            % {"columns": ", ".join(repeated)}
        )
    if problems:
        raise readers.FileRejected(
            _(
                "Judul kolom tidak sesuai templat (%(problems)s). Unduh templat dan salin judulnya persis, tanpa "
                "mengubah ejaan."
            )
            % {"problems": "; ".join(problems)},
            code="headers",
        )
    return positions


class _Spool:
    """Temporary files written during validation (a frame per chunk) and handed to storage at the end."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self.valid: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 -- closed in close()
        self.raw: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 -- closed in close()
        self.valid_rows = spool.SpoolWriter(self.valid, job_id=job_id)
        self.raw_rows = spool.SpoolWriter(self.raw, job_id=job_id)

    def close(self) -> None:
        self.valid.close()
        self.raw.close()


def validate_job(job: ImportJob) -> ImportJob:
    importer = importer_for(job.kind)
    if importer is None:
        _update(job, status=JobStatus.FAILED, message=_("Jenis impor tidak dikenal."))
        return job
    _update(job, status=JobStatus.VALIDATING, progress_done=0, progress_total=0, message="")
    spooled = _Spool(job.pk)
    try:
        with local_path(job.file) as path:
            table = readers.open_table(
                path, file_format=job.file_format, expected_headers=[c.name for c in importer.columns]
            )
            try:
                _validate_rows(job, importer, table, spooled)
            finally:
                if table.close is not None:
                    table.close()
    except readers.FileRejected as exc:
        spooled.close()
        _update(job, status=JobStatus.INVALID, message=exc.message, validated_at=timezone.now())
        return job
    except Exception:
        spooled.close()
        logger.exception("import job %s: validation failed", job.pk)
        _update(job, status=JobStatus.FAILED, message=_("Pemeriksaan berkas gagal karena kesalahan sistem; coba lagi."))
        raise
    spooled.close()
    return job


def _validate_rows(job: ImportJob, importer: Importer, table: readers.Table, spooled: _Spool) -> None:
    positions = map_headers(importer, table.headers)
    context = importer.start()
    errors: list[dict[str, Any]] = []
    error_count = rows_total = rows_valid = rows_invalid = 0
    preview_rows: list[list[str]] = []
    pending_empty: list[tuple[int, Sequence[Any]]] = []
    chunk: list[tuple[int, Sequence[Any], dict[str, Any] | None, list[CellError]]] = []
    written_header = [ERROR_COLUMN, *table.headers]
    header_of = {name: table.headers[pos] for pos, name in positions.items()}
    total = table.estimated_rows
    _update(job, progress_total=total, notices=table.notices)

    def flush() -> None:
        nonlocal error_count, rows_valid, rows_invalid
        valid = [(number, typed) for number, _raw, typed, errs in chunk if typed is not None and not errs]
        more = importer.check_chunk(context, valid) if valid else {}
        valid_rows: list[dict[str, Any]] = []
        raw_rows: list[list[Any]] = []
        for number, raw, typed, row_errors in chunk:
            errs = row_errors + more.get(number, [])
            if errs:
                rows_invalid += 1
                error_count += len(errs)
                for column, message in errs:
                    if len(errors) < SHOWN:
                        errors.append({"row": number, "column": header_of.get(column, column), "message": message})
            elif typed is not None:
                rows_valid += 1
                valid_rows.append(typed)
                if len(preview_rows) < PREVIEW_ROWS:
                    preview_rows.append(importer.preview_row(context, typed))
            note = "; ".join(f"{header_of.get(c, c)}: {m}" if c else m for c, m in errs)
            raw_rows.append([number, note, *raw])
        spooled.valid_rows.write(valid_rows)
        spooled.raw_rows.write(raw_rows)
        chunk.clear()
        _update(job, progress_done=rows_total, progress_total=max(total, rows_total))

    empty_row = _("Baris kosong di tengah data; hapus baris ini.")
    formula = _("Sel berisi rumus; rumus tidak diterima. Ketik nilainya saja.")
    for number, values in table.rows:
        if _is_empty(values):
            pending_empty.append((number, values))
            continue
        for empty_number, empty_values in pending_empty:
            rows_total += 1
            chunk.append((empty_number, empty_values, None, [("", empty_row)]))
        pending_empty.clear()
        rows_total += 1
        cells: dict[str, Any] = {}
        formula_errors: list[CellError] = []
        for position, name in positions.items():
            value = values[position]
            if isinstance(value, readers.Formula):
                formula_errors.append((name, formula))
                value = None
            cells[name] = _unmark(value)
        outcome = importer.clean_row(context, number, cells)
        chunk.append((number, values, outcome.typed, formula_errors + outcome.errors))
        if len(chunk) >= CHUNK:
            flush()
    flush()
    # Empty rows after the last data row are ignored: spreadsheets keep them invisibly.
    if rows_total == 0:
        raise readers.FileRejected(_("Berkas tidak berisi baris data di bawah judul kolom."), code="no_rows")
    warnings = importer.finish(context) if not rows_invalid else []
    status = JobStatus.INVALID if rows_invalid else JobStatus.VALIDATED
    fields: dict[str, Any] = {
        "status": status,
        "rows_total": rows_total,
        "rows_valid": rows_valid,
        "rows_invalid": rows_invalid,
        "error_count": error_count,
        "errors": errors,
        "warning_count": len(warnings),
        "warnings": warnings[:SHOWN],
        "preview": {"headers": importer.preview_headers(), "rows": preview_rows},
        "progress_done": rows_total,
        "progress_total": rows_total,
        "validated_at": timezone.now(),
    }
    if rows_invalid:
        _store_report(job, importer, written_header, spooled.raw)
    else:
        spooled.valid.seek(0)
        job.validated_rows.save("baris.spool", File(spooled.valid), save=False)
        fields["validated_rows"] = job.validated_rows.name
    _update(job, **fields)


def _store_report(job: ImportJob, importer: Importer, header: list[str], raw: IO[bytes]) -> None:
    raw.seek(0)

    def rows() -> Iterator[list[Any]]:
        for _number, note, *values in spool.read(raw, job_id=job.pk):
            yield [note, *map(spool.as_written, values)]

    text_columns = {c.name for c in importer.columns if c.text}
    with tempfile.TemporaryFile() as handle:
        if job.file_format == "xlsx":
            exports.write_xlsx(
                handle,
                header,
                rows(),
                sheet_title="data",
                text_columns=text_columns | {ERROR_COLUMN},
                widths={ERROR_COLUMN: 60},
                neutralise_cells=True,  # marks formula-like text quotePrefix; the values stay as uploaded
                error_column=ERROR_COLUMN,
            )
        else:
            exports.write_csv(handle, header, rows(), neutralise_cells=True)
        handle.seek(0)
        job.report.save(f"laporan.{job.file_format}", File(handle), save=False)
    ImportJob.objects.filter(pk=job.pk).update(report=job.report.name)


def _typed_rows(job: ImportJob) -> Iterator[dict[str, Any]]:
    """The validated rows, all of them: a spool that ends early (cut at a frame's end, or an older JSON
    spool missing lines) is as damaged as a changed one, and fails the commit before it ends."""
    job.validated_rows.open("rb")
    try:
        read = 0
        for row in spool.read(job.validated_rows, job_id=job.pk):
            read += 1
            yield row
        if read != job.rows_valid:
            raise spool.SpoolDamaged(f"{read} rows read of the {job.rows_valid} validated")
    except spool.SpoolDamaged as exc:
        logger.error("import job %s: the validated rows do not verify (%s)", job.pk, exc)
        raise ServiceError(
            _("Baris yang sudah diperiksa tidak utuh lagi; unggah ulang berkasnya."), code="spool_damaged"
        ) from exc
    finally:
        job.validated_rows.close()


def commit_job(job: ImportJob) -> ImportJob:
    """All rows or none: the importer writes in one transaction, and the job's final state with it."""
    importer = importer_for(job.kind)
    if importer is None or job.status != JobStatus.COMMITTING:
        return job
    try:
        with transaction.atomic():
            count = importer.commit(by=job.created_by, job=job, rows=_typed_rows(job))
            _update(
                job,
                status=JobStatus.COMMITTED,
                rows_committed=count,
                committed_at=timezone.now(),
                progress_done=count,
                progress_total=count,
            )
    except ServiceError as exc:
        _update(
            job,
            status=JobStatus.FAILED,
            message=_("%(reason)s Tidak ada data yang disimpan.") % {"reason": exc.message},
        )
    except Exception:
        logger.exception("import job %s: commit failed", job.pk)
        _update(
            job,
            status=JobStatus.FAILED,
            message=_("Penyimpanan gagal karena kesalahan sistem; tidak ada data yang disimpan. Coba lagi."),
        )
        raise
    return job
