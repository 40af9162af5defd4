"""Provenance: what produced a result, so a published figure can be reproduced exactly."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ekraf._classification import KbliMapping
from ekraf._tabular import sha256_of_file
from ekraf._version import __version__

__all__ = ["InputFingerprint", "Manifest", "fingerprint_file", "fingerprint_text"]


@dataclass(frozen=True, slots=True)
class InputFingerprint:
    role: str  # pdrb, establishments, benchmark, indicator, population, mapping, levels
    name: str
    sha256: str


def fingerprint_file(role: str, path: str | Path) -> InputFingerprint:
    return InputFingerprint(role, Path(path).name, sha256_of_file(path))


def fingerprint_text(role: str, name: str, text: str) -> InputFingerprint:
    """Fingerprint of an in-memory input, from a canonical text rendering of it."""
    return InputFingerprint(role, name, hashlib.sha256(text.encode()).hexdigest())


@dataclass(frozen=True)
class Manifest:
    method: str
    parameters: Mapping[str, str]
    classification_name: str
    classification_version: str
    classification_kbli_version: str
    classification_provisional: bool
    classification_sha256: str
    subsector_list: str
    inputs: tuple[InputFingerprint, ...]
    engine_version: str = __version__
    numbers: str = "float64 (IEEE 754); identities checked to a relative tolerance of 1e-9, input hierarchy to 1e-3"
    notes: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def build(
        cls,
        method: str,
        *,
        parameters: Mapping[str, str],
        mapping: KbliMapping | None,
        subsector_list: str,
        inputs: tuple[InputFingerprint, ...],
        notes: tuple[str, ...] = (),
    ) -> Manifest:
        mapping_notes: tuple[str, ...] = ()
        if mapping is not None and mapping.provisional:
            mapping_notes = (
                "Pemetaan KBLI→subsektor yang dipakai bersifat SEMENTARA (provisional), bukan daftar resmi"
                " BPS/Bekraf; angka tidak sebanding langsung dengan publikasi resmi.",
            )
        return cls(
            method=method,
            parameters=dict(parameters),
            classification_name=mapping.name if mapping else "",
            classification_version=mapping.version if mapping else "",
            classification_kbli_version=mapping.kbli_version if mapping else "",
            classification_provisional=mapping.provisional if mapping else False,
            classification_sha256=mapping.sha256 if mapping else "",
            subsector_list=subsector_list,
            inputs=inputs,
            notes=mapping_notes + tuple(notes),
        )

    @property
    def classification_label(self) -> str:
        if not self.classification_name:
            return "tanpa pemetaan KBLI (no KBLI mapping used)"
        status = "SEMENTARA / provisional" if self.classification_provisional else "resmi/pengguna"
        return (
            f"{self.classification_name} versi {self.classification_version}"
            f" (KBLI {self.classification_kbli_version}; {status})"
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "engine": "ekraf",
            "engine_version": self.engine_version,
            "method": self.method,
            "parameters": dict(self.parameters),
            "classification": {
                "name": self.classification_name,
                "version": self.classification_version,
                "kbli_version": self.classification_kbli_version,
                "provisional": self.classification_provisional,
                "sha256": self.classification_sha256,
                "subsector_list": self.subsector_list,
            },
            "inputs": [{"role": i.role, "name": i.name, "sha256": i.sha256} for i in self.inputs],
            "numbers": self.numbers,
            "notes": list(self.notes),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Manifest:
        cl = data["classification"]
        params = data["parameters"]
        inputs = data["inputs"]
        notes = data.get("notes", [])
        if not (isinstance(cl, dict) and isinstance(params, dict) and isinstance(inputs, list)):
            raise TypeError(data)
        if not isinstance(notes, list):
            raise TypeError(notes)
        return cls(
            method=str(data["method"]),
            parameters={str(k): str(v) for k, v in params.items()},
            classification_name=str(cl["name"]),
            classification_version=str(cl["version"]),
            classification_kbli_version=str(cl["kbli_version"]),
            classification_provisional=bool(cl["provisional"]),
            classification_sha256=str(cl["sha256"]),
            subsector_list=str(cl["subsector_list"]),
            inputs=tuple(InputFingerprint(str(i["role"]), str(i["name"]), str(i["sha256"])) for i in inputs),
            engine_version=str(data["engine_version"]),
            numbers=str(data.get("numbers", "")),
            notes=tuple(str(n) for n in notes),
        )
