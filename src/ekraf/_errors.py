"""Exception hierarchy of the engine: every error carries a list of located issues."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "MAX_ISSUES",
    "ClassificationError",
    "EkrafError",
    "IdentityError",
    "InputError",
    "Issue",
    "IssueCollector",
]

#: Validation stops collecting after this many issues in one input (the rest are counted).
MAX_ISSUES = 100


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in an input or a result, located as precisely as possible."""

    message: str
    file: str | None = None
    row: int | None = None
    column: str | None = None
    region: str | None = None
    year: int | None = None
    code: str | None = None

    def __str__(self) -> str:
        where: list[str] = []
        if self.file is not None:
            where.append(f"berkas {self.file}")
        if self.row is not None:
            where.append(f"baris {self.row}")
        if self.column is not None:
            where.append(f"kolom {self.column}")
        if self.region is not None:
            where.append(f"wilayah {self.region}")
        if self.year is not None:
            where.append(f"tahun {self.year}")
        if self.code is not None:
            where.append(f"kode {self.code}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class EkrafError(Exception):
    """Base of every error the engine raises on purpose."""

    summary = "masalah pada data (problem in the data)"

    def __init__(self, issues: list[Issue] | tuple[Issue, ...], *, omitted: int = 0) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        self.omitted = omitted
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """A single line: the first issue and how many more there are."""
        if not self.issues:
            return self.summary
        more = len(self.issues) - 1 + self.omitted
        suffix = f" (dan {more} masalah lain / and {more} more)" if more else ""
        return f"{self.summary}: {self.issues[0]}{suffix}"

    def report(self) -> str:
        """Every issue, one per line."""
        lines = [str(issue) for issue in self.issues]
        if self.omitted:
            lines.append(f"... {self.omitted} masalah lain tidak ditampilkan ({self.omitted} more not shown)")
        return "\n".join(lines)


class InputError(EkrafError):
    """An input file or in-memory input is malformed or inconsistent."""

    summary = "data masukan tidak valid (invalid input)"


class ClassificationError(EkrafError):
    """A KBLI→subsector mapping or a subsector list is invalid."""

    summary = "klasifikasi tidak valid (invalid classification)"


class IdentityError(EkrafError):
    """An accounting identity does not hold (for example subsectors do not sum to the total)."""

    summary = "identitas tidak terpenuhi (identity broken)"


class IssueCollector:
    """Collects issues up to :data:`MAX_ISSUES`, counting the rest, then raises them together."""

    def __init__(self, limit: int = MAX_ISSUES) -> None:
        self.limit = limit
        self.issues: list[Issue] = []
        self.omitted = 0

    def add(self, issue: Issue) -> None:
        if len(self.issues) < self.limit:
            self.issues.append(issue)
        else:
            self.omitted += 1

    def __bool__(self) -> bool:
        return bool(self.issues)

    @property
    def full(self) -> bool:
        return len(self.issues) >= self.limit

    def raise_if_any(self, error_type: type[EkrafError]) -> None:
        if self.issues:
            raise error_type(self.issues, omitted=self.omitted)
