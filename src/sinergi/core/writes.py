"""What every app's services do to a model before saving it, written once.

- `validate`: run the model's own validation and turn it into a `ServiceError` with field errors (the one
  way a service reports invalid data; pages show it at the field, the API as 400 with `fields`).
- `model_update`: apply the allowed fields of a mapping to an instance and say which changed (the audit
  entry records exactly those), after HackSoft's `model_update`.
- `unique_slug`: a readable slug no other row of the model has (`slug_base`: the candidate it counts up from).
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .errors import ServiceError, from_validation_error


def validate(
    instance: models.Model, *, exclude: Iterable[str] = (), unique: bool = True, message: str | None = None
) -> None:
    """`full_clean` the instance; a broken rule raises `ServiceError` naming each field.

    `unique=False` leaves uniqueness and constraints to the database, for a service that sets the unique
    fields itself after validation (a generated slug) or that reports a clash in its own words. `message`
    says what was wrong in the service's words ("Data akun belum benar."); the default is generic.
    """
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=unique, validate_constraints=unique)
    except ValidationError as exc:
        raise ServiceError(
            message or _("Data belum benar; periksa isian yang ditandai."), field_errors=from_validation_error(exc)
        ) from exc


def model_update(
    instance: models.Model,
    *,
    fields: Iterable[str],
    data: Mapping[str, Any],
    convert: Mapping[str, Callable[[Any], Any]] | None = None,
) -> list[str]:
    """Set each of `fields` that `data` holds on `instance`; return the names whose value changed.

    Text is stripped. `convert` maps a field name to a function applied to its value first (e.g. an empty
    budget to None). Nothing is saved: the caller validates, saves `update_fields=changed` and audits.
    """
    convert = convert or {}
    changed: list[str] = []
    for field in fields:
        if field not in data:
            continue
        value = data[field]
        if isinstance(value, str):
            value = value.strip()
        if field in convert:
            value = convert[field](value)
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed.append(field)
    return changed


def slug_base(text: str, *, fallback: str = "item", max_length: int = 200) -> str:
    """`slugify(text)` cut to `max_length`, or `fallback` when nothing of it is left: the candidate that
    `unique_slug` (and a writer that makes many slugs at once) counts up from."""
    return slugify(text)[:max_length] or fallback


def unique_slug(
    model: type[models.Model],
    text: str,
    *,
    exclude_pk: Any = None,
    fallback: str = "item",
    field: str = "slug",
    max_length: int = 200,
    taken: Container[str] | None = None,
) -> str:
    """`slug_base(text)`, with `-2`, `-3`, … until no other row of `model` has it.

    `taken`: the slugs in use, when the caller already holds them (creating many rows at once: one query
    for all of them instead of one per candidate)."""
    base = slug_base(text, fallback=fallback, max_length=max_length)
    others = model._default_manager.all()
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    candidate, n = base, 1
    while candidate in taken if taken is not None else others.filter(**{field: candidate}).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate
