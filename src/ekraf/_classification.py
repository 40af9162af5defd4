"""Classifications: subsector lists, KBLI code lists, the PDRB lapangan-usaha structure and the
versioned KBLI→subsector mapping."""

from __future__ import annotations

import csv
import functools
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from ekraf._errors import ClassificationError, Issue, IssueCollector
from ekraf._tabular import parse_float, read_table, sha256_of_file

__all__ = [
    "DEFAULT_MAPPING_NAME",
    "DEFAULT_MAPPING_VERSION",
    "JOIN_17_TO_16",
    "KbliCodeList",
    "KbliConcordance",
    "KbliMapping",
    "LapanganUsaha",
    "LapanganUsahaStructure",
    "MappingEntry",
    "Subsector",
    "SubsectorList",
    "convert_subsector_code",
    "default_mapping",
    "kbli_codes",
    "lapangan_usaha_structure",
    "load_concordance",
    "load_kbli_list",
    "load_mapping",
    "subsector_list",
]

DEFAULT_MAPPING_NAME = "kbli2020_ekraf_provisional"
#: The shipped mapping's one version label: the CLI, the manifest and the web platform all use it.
DEFAULT_MAPPING_VERSION = "2025.1"
LIST_ALIASES = {"17": "kemenparekraf_17", "16": "bekraf_16", "14": "kemendag_14_plus_kuliner"}
#: The Bekraf-era list joins Aplikasi and Game developer into one subsector.
JOIN_17_TO_16 = {"APL": "APG", "GAM": "APG"}
MAPPING_COLUMNS = ("kbli_code", "kbli_version", "subsector_code")
MAPPING_OPTIONAL = ("judul", "creative_share", "basis", "rule", "confidence", "source_url")


def _data_path(name: str) -> Path:
    return Path(str(resources.files("ekraf") / "data" / name))


def _read_csv_rows(name: str) -> list[dict[str, str]]:
    with Path(_data_path(name)).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True, slots=True)
class Subsector:
    code: str
    name_id: str
    name_en: str


@dataclass(frozen=True, slots=True)
class SubsectorList:
    """An ordered list of ekraf subsectors (``kemenparekraf_17``, ``bekraf_16`` …)."""

    name: str
    subsectors: tuple[Subsector, ...]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.subsectors)

    def name_of(self, code: str) -> str:
        for subsector in self.subsectors:
            if subsector.code == code:
                return subsector.name_id
        return code


@functools.cache
def subsector_list(name: str = "kemenparekraf_17") -> SubsectorList:
    """The subsector list ``name`` (``"17"`` and ``"16"`` are accepted as short names)."""
    era = LIST_ALIASES.get(name, name)
    rows = [r for r in _read_csv_rows("ekraf_subsectors.csv") if r["era"] == era]
    if not rows:
        known = ", ".join(sorted(set(LIST_ALIASES) | set(LIST_ALIASES.values())))
        raise ClassificationError([Issue(f"daftar subsektor '{name}' tidak dikenal; pilih {known} (unknown list)")])
    subsectors = tuple(Subsector(r["code"], r["name_id"], r["name_en"]) for r in rows)
    return SubsectorList(era, tuple(sorted(subsectors, key=lambda s: s.code)))


def convert_subsector_code(code: str, source: str, target: str) -> str:
    """Map a subsector code between lists; only 17 → 16 (APL, GAM → APG) and identity exist."""
    source, target = LIST_ALIASES.get(source, source), LIST_ALIASES.get(target, target)
    if source == target:
        return code
    if source == "kemenparekraf_17" and target == "bekraf_16":
        return JOIN_17_TO_16.get(code, code)
    raise ClassificationError(
        [
            Issue(
                f"konversi {source} → {target} tidak tersedia; hanya 17 → 16 (APL+GAM → APG) yang dapat"
                " dilakukan tanpa data tambahan (conversion not available)"
            )
        ]
    )


@dataclass(frozen=True, slots=True)
class KbliCodeList:
    """Five-digit KBLI codes (kelompok) of one KBLI version, with title and kategori.

    ``legacy`` holds codes found in licensing (OSS) dumps of this version that are in fact numbered by an
    earlier version (74100 is KBLI 2015 "aktivitas desain khusus"; KBLI 2020 has 74111…74149): they are
    not codes of this version."""

    version: str
    titles: Mapping[str, str]
    kategori: Mapping[str, str]
    legacy: frozenset[str] = frozenset()

    def __contains__(self, code: object) -> bool:
        return code in self.titles

    def unknown_message(self, code: str) -> str:
        """Why ``code`` is refused, in the words of the issue list."""
        if code in self.legacy:
            return (
                f"kode {code} tidak ada dalam KBLI {self.version}: penomoran KBLI versi sebelumnya (mis. KBLI"
                f" 2015) yang terbawa di OSS (code of an earlier KBLI version); nyatakan versinya di kolom"
                " kbli_version dan berikan tabel padanan"
            )
        return (
            f"kode KBLI {code} tidak ada dalam KBLI {self.version} (code not in KBLI {self.version}); tulis lima digit"
        )


#: KBLI code lists loaded by the user (a region's official KBLI 2015 list…), by version.
_LOADED_LISTS: dict[str, KbliCodeList] = {}
KBLI_LIST_COLUMNS = ("kode", "judul", "kategori")


def kbli_codes(version: str = "2020") -> KbliCodeList:
    """The code list of a KBLI version: one loaded with :func:`load_kbli_list`, else the shipped KBLI 2020."""
    if version in _LOADED_LISTS:
        return _LOADED_LISTS[version]
    if version != "2020":
        raise ClassificationError(
            [
                Issue(
                    f"daftar kode KBLI versi {version} belum dimuat; muat daftarnya (--kbli-list, kolom kode,judul,"
                    f"kategori,kbli_version) (KBLI {version} list not loaded)"
                )
            ]
        )
    return _shipped_kbli2020()


@functools.cache
def _shipped_kbli2020() -> KbliCodeList:
    rows = _read_csv_rows("kbli2020_codes.csv")
    legacy = frozenset(r["kode"] for r in _read_csv_rows("kbli2020_oss_legacy.csv"))
    return KbliCodeList(
        version="2020",
        titles={r["kode"]: r["judul"] for r in rows if r["kode"] not in legacy},
        kategori={r["kode"]: r["kategori"] for r in rows if r["kode"] not in legacy},
        legacy=legacy,
    )


def load_kbli_list(path: str | Path) -> KbliCodeList:
    """Load a KBLI code list (CSV/XLSX: ``kode,judul,kategori,kbli_version``; one version per file) and
    make it the list of its version for every later check and conversion in this process."""
    table = read_table(path, (*KBLI_LIST_COLUMNS, "kbli_version"), ("note",))
    issues = IssueCollector()
    titles: dict[str, str] = {}
    kategori: dict[str, str] = {}
    versions: dict[str, int] = {}
    for row, c in table:
        code = c["kode"].zfill(5) if c["kode"].isdigit() else c["kode"]
        versions.setdefault(c["kbli_version"], row)
        if not (len(code) == 5 and code.isdigit()):
            issues.add(Issue("kode harus lima digit (five-digit code)", file=table.file, row=row, column="kode"))
        elif not (len(c["kategori"]) == 1 and c["kategori"].isalpha()):
            issues.add(Issue("kategori harus satu huruf A-U", file=table.file, row=row, column="kategori", code=code))
        elif code in titles:
            issues.add(Issue("kode ganda (duplicated code)", file=table.file, row=row, code=code))
        else:
            titles[code] = c["judul"]
            kategori[code] = c["kategori"].upper()
    if len(versions) != 1:
        issues.add(
            Issue(
                f"satu berkas harus satu versi KBLI, ditemukan {sorted(versions)} (one KBLI version per file)",
                file=table.file,
                column="kbli_version",
            )
        )
    issues.raise_if_any(ClassificationError)
    codes = KbliCodeList(next(iter(versions)), titles, kategori)
    _LOADED_LISTS[codes.version] = codes
    return codes


@dataclass(frozen=True)
class KbliConcordance:
    """A concordance between two KBLI versions: each source code's value goes to one or more target codes
    by share (shares of a source code sum to 1)."""

    source_version: str
    target_version: str
    targets: Mapping[str, tuple[tuple[str, float], ...]]
    source: str = ""


def load_concordance(path: str | Path) -> KbliConcordance:
    """Load ``kbli_from,version_from,kbli_to,version_to[,share]`` (share empty = 1). Every code must be in
    its version's list (loaded or shipped) and a source code's shares must sum to 1."""
    table = read_table(path, ("kbli_from", "version_from", "kbli_to", "version_to"), ("share", "note"))
    issues = IssueCollector()
    pairs: dict[tuple[str, str], int] = {}
    targets: dict[str, list[tuple[str, float]]] = defaultdict(list)
    first_row: dict[str, int] = {}
    for row, c in table:
        pairs.setdefault((c["version_from"], c["version_to"]), row)
        share = parse_float(
            c.get("share", ""), issues, Issue("", file=table.file, row=row, column="share"), allow_empty=True
        )
        code_from = c["kbli_from"].zfill(5) if c["kbli_from"].isdigit() else c["kbli_from"]
        code_to = c["kbli_to"].zfill(5) if c["kbli_to"].isdigit() else c["kbli_to"]
        for code, version, column in (
            (code_from, c["version_from"], "kbli_from"),
            (code_to, c["version_to"], "kbli_to"),
        ):
            try:
                known = kbli_codes(version)
            except ClassificationError as exc:
                issues.add(
                    Issue(exc.issues[0].message, file=table.file, row=row, column=column.replace("kbli", "version"))
                )
                continue
            if code not in known:
                issues.add(Issue(known.unknown_message(code), file=table.file, row=row, column=column, code=code))
        targets[code_from].append((code_to, 1.0 if share is None else share))
        first_row.setdefault(code_from, row)
    if len(pairs) != 1:
        issues.add(Issue(f"satu berkas harus satu pasangan versi, ditemukan {sorted(pairs)}", file=table.file))
    for code, items in targets.items():
        total = sum(sh for _, sh in items)
        if abs(total - 1.0) > 1e-9:
            issues.add(
                Issue(
                    f"jumlah share kode {code} = {total:g}, harus 1 (shares of a source code must sum to 1)",
                    file=table.file,
                    row=first_row[code],
                    column="share",
                    code=code,
                )
            )
    issues.raise_if_any(ClassificationError)
    (source_version, target_version) = next(iter(pairs))
    return KbliConcordance(source_version, target_version, {k: tuple(v) for k, v in targets.items()}, table.file)


@dataclass(frozen=True, slots=True)
class LapanganUsaha:
    code: str
    level: str  # "kategori" or "subkategori"
    parent: str | None
    name_id: str
    kbli_sections: tuple[str, ...]


@dataclass(frozen=True)
class LapanganUsahaStructure:
    """PDRB by lapangan usaha (2010 base): 17 categories and their subcategories."""

    entries: tuple[LapanganUsaha, ...]
    kbli_prefixes: Mapping[str, str] = field(default_factory=dict)

    @functools.cached_property
    def by_code(self) -> dict[str, LapanganUsaha]:
        return {e.code: e for e in self.entries}

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(e.code for e in self.entries if e.level == "kategori")

    def subcategories(self, category: str) -> tuple[str, ...]:
        return tuple(e.code for e in self.entries if e.parent == category)

    @functools.cached_property
    def category_of_section(self) -> dict[str, str]:
        return {s: e.code for e in self.entries if e.level == "kategori" for s in e.kbli_sections}

    def category_of(self, code: str) -> str:
        entry = self.by_code[code]
        return entry.parent if entry.parent is not None else entry.code

    def host(self, kbli_code: str, kbli_kategori: str, subcategory_level: frozenset[str]) -> str | None:
        """The lapangan usaha holding a KBLI code, at subcategory level for the given categories."""
        category = self.category_of_section.get(kbli_kategori)
        if category is None:
            return None
        if category in subcategory_level:
            for length in (3, 2):
                sub = self.kbli_prefixes.get(kbli_code[:length])
                if sub is not None:
                    return sub
            return None
        return category


@functools.cache
def lapangan_usaha_structure() -> LapanganUsahaStructure:
    entries = tuple(
        LapanganUsaha(
            code=r["code"],
            level=r["level"],
            parent=r["parent"] or None,
            name_id=r["name_id"],
            kbli_sections=tuple(s for s in r["kbli2020_sections"].split(",") if s),
        )
        for r in _read_csv_rows("pdrb_lapangan_usaha_2010.csv")
    )
    prefixes = {r["kbli_prefix"]: r["lapangan_usaha_code"] for r in _read_csv_rows("kbli_lapangan_usaha_2010.csv")}
    return LapanganUsahaStructure(entries, prefixes)


@dataclass(frozen=True, slots=True)
class MappingEntry:
    """One row of a KBLI→subsector mapping. An empty creative share means the code is wholly creative."""

    kbli_code: str
    subsector_code: str
    kbli_version: str = "2020"
    creative_share: float | None = None
    judul: str = ""
    basis: str = ""
    rule: str = ""
    confidence: str = ""
    source_url: str = ""

    @property
    def share(self) -> float:
        return 1.0 if self.creative_share is None else self.creative_share


@dataclass(frozen=True)
class KbliMapping:
    """A validated, versioned KBLI→subsector mapping."""

    name: str
    version: str
    kbli_version: str
    subsector_list: str
    entries: tuple[MappingEntry, ...]
    provisional: bool
    sha256: str

    @classmethod
    def from_entries(
        cls,
        entries: Iterable[MappingEntry],
        *,
        name: str,
        version: str,
        provisional: bool = False,
        file: str | None = None,
        rows: Iterable[int] | None = None,
    ) -> KbliMapping:
        """Validate entries and build a mapping (raises :class:`ClassificationError`)."""
        entries = tuple(entries)
        row_numbers = list(rows) if rows is not None else [i + 2 for i in range(len(entries))]
        issues = IssueCollector()
        versions = {e.kbli_version for e in entries}
        if not entries:
            issues.add(Issue("pemetaan kosong (empty mapping)", file=file))
        if len(versions) > 1:
            issues.add(
                Issue(
                    f"satu pemetaan harus satu versi KBLI, ditemukan {sorted(versions)} (mixed KBLI versions)",
                    file=file,
                )
            )
        list_17 = set(subsector_list("kemenparekraf_17").codes)
        list_16 = set(subsector_list("bekraf_16").codes)
        used = {e.subsector_code for e in entries}
        target = "kemenparekraf_17" if used <= list_17 else "bekraf_16" if used <= list_16 else None
        known = list_17 if target != "bekraf_16" else list_16
        totals: dict[str, float] = defaultdict(float)
        seen: dict[tuple[str, str], int] = {}
        for row, entry in zip(row_numbers, entries, strict=True):
            where = {"file": file, "row": row, "code": entry.kbli_code}
            try:
                codes = kbli_codes(entry.kbli_version)
            except ClassificationError as exc:
                issues.add(Issue(exc.issues[0].message, column="kbli_version", **where))  # type: ignore[arg-type]
                continue
            if entry.kbli_code not in codes:
                issues.add(
                    Issue(
                        codes.unknown_message(entry.kbli_code),
                        column="kbli_code",
                        **where,  # type: ignore[arg-type]
                    )
                )
            if entry.subsector_code not in known:
                issues.add(
                    Issue(
                        f"subsektor '{entry.subsector_code}' tidak dikenal (unknown subsector); gunakan kode dari"
                        " daftar 17 subsektor (atau 16 dengan APG), jangan dicampur",
                        column="subsector_code",
                        **where,  # type: ignore[arg-type]
                    )
                )
            if entry.creative_share is not None and not 0.0 <= entry.creative_share <= 1.0:
                issues.add(
                    Issue(
                        f"porsi kreatif {entry.creative_share} harus antara 0 dan 1 (creative share outside [0, 1])",
                        column="creative_share",
                        **where,  # type: ignore[arg-type]
                    )
                )
            key = (entry.kbli_code, entry.subsector_code)
            if key in seen:
                issues.add(
                    Issue(
                        f"baris ganda untuk KBLI {key[0]} → {key[1]}, sama dengan baris {seen[key]} (duplicated row)",
                        **where,  # type: ignore[arg-type]
                    )
                )
            seen[key] = row
            totals[entry.kbli_code] += entry.share
        for code, total in totals.items():
            if total > 1.0 + 1e-9:
                issues.add(
                    Issue(
                        f"jumlah porsi kreatif kode {code} = {total:g} > 1; kosong berarti 1 (shares of a code sum"
                        " to more than 1)",
                        file=file,
                        code=code,
                        column="creative_share",
                    )
                )
        issues.raise_if_any(ClassificationError)
        digest = hashlib.sha256(
            "\n".join(
                f"{e.kbli_code},{e.kbli_version},{e.subsector_code},"
                f"{'' if e.creative_share is None else repr(e.creative_share)}"
                for e in sorted(entries, key=lambda e: (e.kbli_code, e.subsector_code))
            ).encode()
        ).hexdigest()
        return cls(
            name=name,
            version=version,
            kbli_version=next(iter(versions)),
            subsector_list=target or "kemenparekraf_17",
            entries=entries,
            provisional=provisional,
            sha256=digest,
        )

    @functools.cached_property
    def shares(self) -> dict[str, tuple[tuple[str, float], ...]]:
        """KBLI code → ((subsector, creative share), …)."""
        out: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for e in self.entries:
            out[e.kbli_code].append((e.subsector_code, e.share))
        return {k: tuple(v) for k, v in out.items()}

    @property
    def label(self) -> str:
        status = "SEMENTARA / provisional" if self.provisional else "resmi/pengguna (official or user-supplied)"
        return f"{self.name} versi {self.version} (KBLI {self.kbli_version}, {self.subsector_list}; {status})"

    def to_subsector_list(self, target: str) -> KbliMapping:
        """The same mapping on another subsector list (17 → 16 joins APL and GAM into APG)."""
        target = LIST_ALIASES.get(target, target)
        if target == self.subsector_list:
            return self
        merged: dict[tuple[str, str], MappingEntry] = {}
        for e in self.entries:
            code = convert_subsector_code(e.subsector_code, self.subsector_list, target)
            key = (e.kbli_code, code)
            if key in merged:
                prev = merged[key]
                share = prev.share + e.share
                merged[key] = replace(prev, creative_share=None if share >= 1.0 else share)
            else:
                merged[key] = replace(e, subsector_code=code)
        return KbliMapping.from_entries(
            merged.values(), name=self.name, version=f"{self.version}+{target}", provisional=self.provisional
        )

    def to_csv(self, path: str | Path) -> None:
        with Path(path).open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow((*MAPPING_COLUMNS[:2], "judul", "subsector_code", *MAPPING_OPTIONAL[1:]))
            for e in self.entries:
                share = repr(e.share)  # the share every method uses: 1.0 for a wholly creative code
                writer.writerow(
                    [
                        e.kbli_code,
                        e.kbli_version,
                        e.judul,
                        e.subsector_code,
                        share,
                        e.basis,
                        e.rule,
                        e.confidence,
                        e.source_url,
                    ]
                )


def load_mapping(
    path: str | Path,
    *,
    name: str | None = None,
    version: str | None = None,
    provisional: bool | None = None,
) -> KbliMapping:
    """Load and validate a KBLI→subsector mapping from CSV or XLSX (columns of the provisional file).

    The version defaults to the first 12 hex digits of the file's SHA-256, so two different files never
    share a version label.
    """
    path = Path(path)
    table = read_table(path, MAPPING_COLUMNS, MAPPING_OPTIONAL)
    issues = IssueCollector()
    entries: list[MappingEntry] = []
    rows: list[int] = []
    for row, cells in table:
        where = Issue("", file=table.file, row=row, column="creative_share", code=cells["kbli_code"])
        share = parse_float(cells.get("creative_share", ""), issues, where, allow_empty=True)
        if cells.get("creative_share", "") and share is None:
            continue
        entries.append(
            MappingEntry(
                kbli_code=cells["kbli_code"].zfill(5) if cells["kbli_code"].isdigit() else cells["kbli_code"],
                subsector_code=cells["subsector_code"].upper(),
                kbli_version=cells["kbli_version"] or "2020",
                creative_share=None if share == 1.0 else share,  # 1 and empty both mean wholly creative
                judul=cells.get("judul", ""),
                basis=cells.get("basis", ""),
                rule=cells.get("rule", ""),
                confidence=cells.get("confidence", ""),
                source_url=cells.get("source_url", ""),
            )
        )
        rows.append(row)
    issues.raise_if_any(ClassificationError)
    is_default = path.name == f"{DEFAULT_MAPPING_NAME}.csv"
    return KbliMapping.from_entries(
        entries,
        name=name or path.stem,
        version=version or sha256_of_file(path)[:12],
        provisional=provisional if provisional is not None else is_default,
        file=table.file,
        rows=rows,
    )


@functools.cache
def default_mapping() -> KbliMapping:
    """The provisional KBLI 2020 → 17-subsector mapping shipped with the engine."""
    return load_mapping(
        _data_path(f"{DEFAULT_MAPPING_NAME}.csv"),
        name=DEFAULT_MAPPING_NAME,
        version=DEFAULT_MAPPING_VERSION,
        provisional=True,
    )


def default_mapping_path() -> Path:
    return _data_path(f"{DEFAULT_MAPPING_NAME}.csv")
