"""What a domain app supplies to import or export a kind of record, and the register of kinds.

An app declares its columns and row rules in its own `bulk.py` and calls `register(...)`; this module
never imports a domain app (see `ImportsConfig.ready`, which discovers every app's bulk.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from django.utils.functional import Promise

if TYPE_CHECKING:
    from sinergi.accounts.models import User

ERROR_COLUMN = "kesalahan"


@dataclass(frozen=True)
class Column:
    """One column of a template: its Indonesian header, whether it must be filled, and how to fill it."""

    name: str
    required: bool = False
    help: str | Promise = ""  # a lazy translation: str() it where plain text is needed (openpyxl)
    example: str = ""
    text: bool = False  # formatted as text in the template, so Excel keeps leading zeros and long digits
    personal: bool = False  # masked in exports unless the user may export personal data
    choices: tuple[str, ...] = ()


# (column name, message): an error on one cell; the column is '' for the row as a whole.
CellError = tuple[str, str]


@dataclass
class RowOutcome:
    typed: dict[str, Any] | None
    errors: list[CellError] = field(default_factory=list)


class Importer(Protocol):
    slug: str
    title: str | Promise
    permission: str

    @property
    def columns(self) -> Sequence[Column]: ...

    def start(self) -> Any:
        """Load what validation needs (reference tables) once; returns a context passed back below."""

    def clean_row(self, context: Any, row: int, values: Mapping[str, Any]) -> RowOutcome:
        """Validate one row; `values` is keyed by column name. No database queries per row."""

    def check_chunk(self, context: Any, rows: Sequence[tuple[int, dict[str, Any]]]) -> dict[int, list[CellError]]:
        """Checks against stored data for a chunk of valid rows (one query per chunk)."""

    def finish(self, context: Any) -> list[dict[str, Any]]:
        """Warnings shown before commit (likely duplicates): dicts with row, column, message."""

    def preview_headers(self) -> list[str]: ...

    def preview_row(self, context: Any, typed: Mapping[str, Any]) -> list[str]: ...

    def commit(self, *, by: User | None, job: Any, rows: Iterable[dict[str, Any]]) -> int:
        """Store every row in one transaction; raise ServiceError to roll everything back."""


class Exporter(Protocol):
    slug: str
    title: str | Promise
    permission: str
    personal_permission: str

    def headers(self) -> list[str]: ...

    def personal_columns(self) -> set[str]: ...

    def text_columns(self) -> set[str]: ...

    def parse_filters(self, querydict: Mapping[str, Any]) -> dict[str, Any]:
        """The export's filters; raises ServiceError (field_errors by parameter) when one names nothing."""
        ...

    def rows(self, *, user: User, filters: Mapping[str, Any], masked: bool = True) -> Iterator[list[Any]]: ...

    def record(self, *, user: User, filters: Mapping[str, Any], count: int, masked: bool, file_format: str) -> None:
        """Write the audit entry for this export."""


_importers: dict[str, Importer] = {}
_exporters: dict[str, Exporter] = {}


def register(*, importer: Importer | None = None, exporter: Exporter | None = None) -> None:
    if importer is not None:
        _importers[importer.slug] = importer
    if exporter is not None:
        _exporters[exporter.slug] = exporter


def importer_for(slug: str) -> Importer | None:
    return _importers.get(slug)


def exporter_for(slug: str) -> Exporter | None:
    return _exporters.get(slug)


def importers() -> list[Importer]:
    return list(_importers.values())


def exporters() -> list[Exporter]:
    return list(_exporters.values())
