"""Eligibility of an actor for a program, and validation of the answers to the call's own questions.

Both are plain functions over plain values so the rules can be read and tested in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext as _

from sinergi.core.templatetags.ui import format_number

from .models import FosteredRule, QuestionType

QUESTION_TYPES = set(QuestionType.values)


@dataclass(frozen=True)
class Rules:
    subsector_ids: frozenset[int]
    size_classes: frozenset[str]
    kecamatan_ids: frozenset[int]
    fostered: str  # a FosteredRule


@dataclass(frozen=True)
class Applicant:
    subsector_ids: frozenset[int]
    size_class: str
    kecamatan_id: int | None
    is_fostered: bool


def unmet(rules: Rules, applicant: Applicant) -> list[str]:
    """The reasons an applicant is not eligible, in Indonesian; empty when eligible."""
    reasons = []
    if rules.subsector_ids and not rules.subsector_ids & applicant.subsector_ids:
        reasons.append(_("Subsektor usaha tidak termasuk sasaran program."))
    if rules.size_classes and applicant.size_class not in rules.size_classes:
        reasons.append(_("Skala usaha tidak termasuk sasaran program."))
    if rules.kecamatan_ids and applicant.kecamatan_id not in rules.kecamatan_ids:
        reasons.append(_("Lokasi usaha di luar kecamatan sasaran."))
    if rules.fostered == FosteredRule.FOSTERED and not applicant.is_fostered:
        reasons.append(_("Program ini khusus pelaku binaan."))
    if rules.fostered == FosteredRule.NOT_FOSTERED and applicant.is_fostered:
        reasons.append(_("Program ini untuk pelaku yang belum dibina."))
    return reasons


def validate_questions(questions: Any) -> list[str]:
    """Errors in a call's question list (staff input)."""
    if not isinstance(questions, list):
        return [_("Pertanyaan harus berupa daftar.")]
    errors, keys = [], set()
    for i, q in enumerate(questions, 1):
        if not isinstance(q, dict) or not q.get("key") or not q.get("label"):
            errors.append(_("Pertanyaan %(n)d perlu key dan label.") % {"n": i})
            continue
        if q["key"] in keys:
            errors.append(_("Key %(k)s dipakai dua kali.") % {"k": q["key"]})
        keys.add(q["key"])
        if q.get("type", QuestionType.TEXT) not in QUESTION_TYPES:
            errors.append(_("Jenis pertanyaan %(k)s tidak dikenal.") % {"k": q["key"]})
        if q.get("type") == QuestionType.CHOICE and not q.get("choices"):
            errors.append(_("Pertanyaan pilihan %(k)s perlu daftar pilihan.") % {"k": q["key"]})
    return errors


def question_keys(labels: Sequence[str]) -> list[str]:
    """Stable, distinct keys for answers, made from the questions' labels ("Punya P-IRT?" → punya_p_irt)."""
    keys: list[str] = []
    for i, label in enumerate(labels, 1):
        base = slugify(label).replace("-", "_")[:40].strip("_") or f"pertanyaan_{i}"
        key, n = base, 2
        while key in keys:
            key, n = f"{base}_{n}", n + 1
        keys.append(key)
    return keys


def answer_rows(questions: Sequence[Mapping[str, Any]], answers: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, answer as a person reads it) for a reviewer: "Punya P-IRT?", "ya". Answers to questions
    no longer asked keep their key as the label; unanswered questions read "—"."""
    rows: list[tuple[str, str]] = []
    asked = set()
    for q in questions:
        asked.add(q["key"])
        rows.append((str(q["label"]), _display(answers.get(q["key"]), q.get("type", QuestionType.TEXT))))
    for key, value in answers.items():
        if key not in asked:
            rows.append((key, _display(value, QuestionType.TEXT)))
    return rows


def _display(value: Any, kind: str) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("ya") if value else _("tidak")
    if kind == QuestionType.NUMBER:
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return str(value)
        return format_number(number, 0 if number == number.to_integral_value() else 2)
    return str(value)


def clean_answers(
    questions: Sequence[Mapping[str, Any]], answers: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Answers checked against the questions: (clean answers, field errors). Unknown keys are dropped."""
    clean: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for q in questions:
        key, kind = q["key"], q.get("type", QuestionType.TEXT)
        raw = answers.get(key)
        empty = raw is None or (isinstance(raw, str) and not raw.strip())
        if empty:
            if q.get("required"):
                errors[key] = [_("Wajib diisi.")]
            continue
        if kind == QuestionType.NUMBER:
            try:
                clean[key] = str(Decimal(str(raw).replace(".", "").replace(",", ".")))
            except InvalidOperation:
                errors[key] = [_("Isi dengan angka.")]
        elif kind == QuestionType.CHOICE:
            if raw not in _choices(q.get("choices", [])):
                errors[key] = [_("Pilih salah satu pilihan.")]
            else:
                clean[key] = raw
        elif kind == QuestionType.YESNO:
            if str(raw).lower() not in {"ya", "tidak", "true", "false", "on"}:
                errors[key] = [_("Jawab ya atau tidak.")]
            else:
                clean[key] = str(raw).lower() in {"ya", "true", "on"}
        else:
            text = str(raw).strip()
            if len(text) > 2000:
                errors[key] = [_("Paling banyak 2000 karakter.")]
            clean[key] = text[:2000]
    return clean, errors


def _choices(items: Iterable[Any]) -> list[str]:
    return [str(c) for c in items]
