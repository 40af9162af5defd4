"""Writes of federation: harvesting one source. Keyword-only, atomic, audited, permission-checked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core import audit
from sinergi.core.errors import NotAllowed

from .dcat import CatalogError, Entry, parse_catalog
from .fetch import FetchError, fetch_json
from .models import HarvestedPublication, HarvestSource

if TYPE_CHECKING:
    from sinergi.accounts.models import User


@dataclass(frozen=True)
class Harvest:
    source: HarvestSource
    ok: bool
    count: int = 0
    added: int = 0
    removed: int = 0
    error: str = ""


def harvest_source(*, by: User | None, source: HarvestSource) -> Harvest:
    """Fetch and read the source's catalogue, then replace its publications in one transaction. A failure
    (network, size, format) is recorded on the source, with its message, and the rows of the last good
    harvest stay: nothing is half-written. `by` is None for the task worker and the command."""
    if by is not None and not by.has_perm("federation.harvest_sources"):
        raise NotAllowed(_("Anda tidak berwenang memanen katalog kab/kota."))
    started = timezone.now()
    try:
        data = fetch_json(
            source.catalog_url,
            timeout=settings.SINERGI_FEDERATION_TIMEOUT,
            max_bytes=settings.SINERGI_FEDERATION_MAX_BYTES,
        )
        entries = parse_catalog(data)
        return _replace(by=by, source=source, entries=entries, started=started)
    except (FetchError, CatalogError) as exc:
        return _failed(by=by, source=source, started=started, message=exc.message)


def _failed(*, by: User | None, source: HarvestSource, started: Any, message: str) -> Harvest:
    with transaction.atomic():
        HarvestSource.objects.filter(pk=source.pk).update(last_attempt_at=started, last_error=message)
        audit.record(by=by, action="federation.source.harvest_failed", target=source, data={"error": message})
    source.refresh_from_db()
    return Harvest(source=source, ok=False, count=source.last_count, error=message)


def _replace(*, by: User | None, source: HarvestSource, entries: list[Entry], started: Any) -> Harvest:
    """The source's publications become exactly `entries`, in one transaction. A row the database would
    refuse refuses the whole catalogue, named by its dataset and field."""
    try:
        return _write(by=by, source=source, entries=entries, started=started)
    except _RowRefused as exc:
        return _failed(by=by, source=source, started=started, message=exc.message)


class _RowRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _write(*, by: User | None, source: HarvestSource, entries: list[Entry], started: Any) -> Harvest:
    with transaction.atomic():
        source = HarvestSource.objects.select_for_update().get(pk=source.pk)
        existing = {p.identifier: p for p in source.publications.all()}
        keep = set()
        added = 0
        for entry in entries:
            row = existing.get(entry.identifier) or HarvestedPublication(source=source, identifier=entry.identifier)
            added += row._state.adding
            for field in ("title", "description", "landing_url", "publisher", "spatial", "issued", "modified"):
                setattr(row, field, getattr(entry, field))
            row.harvested_at = started
            try:
                row.full_clean()
            except ValidationError as exc:
                labels = {f.name: str(f.verbose_name) for f in HarvestedPublication._meta.concrete_fields}
                problems = "; ".join(
                    f"{labels.get(name, name)}: {' '.join(errors)}" for name, errors in exc.message_dict.items()
                )
                raise _RowRefused(
                    _("Dataset %(identifier)s ditolak: %(problems)s")
                    % {"identifier": entry.identifier[:80], "problems": problems}
                ) from exc
            row.save()
            keep.add(entry.identifier)
        removed, _deleted = source.publications.exclude(identifier__in=keep).delete()
        source.last_attempt_at = started
        source.last_success_at = started
        source.last_error = ""
        source.last_count = len(entries)
        source.save(update_fields=["last_attempt_at", "last_success_at", "last_error", "last_count", "updated_at"])
        audit.record(
            by=by,
            action="federation.source.harvested",
            target=source,
            data={"count": len(entries), "added": added, "removed": removed},
        )
    return Harvest(source=source, ok=True, count=len(entries), added=added, removed=removed)


def harvest_all(*, by: User | None, source_ids: list[int] | None = None) -> list[Harvest]:
    """Every active source (or the given ones), each on its own: one failing source stops no other."""
    sources = HarvestSource.objects.filter(active=True).order_by("name")
    if source_ids is not None:
        sources = sources.filter(pk__in=source_ids)
    return [harvest_source(by=by, source=source) for source in sources]
