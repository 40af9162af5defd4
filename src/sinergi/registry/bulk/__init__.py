"""Bulk import and export of creative actors (pelaku ekraf): the registry's rows for sinergi.imports.

Columns and rules are documented for users in docs/operations/import.md. Validation makes no query per
row: reference tables (kelurahan, KBLI 2020, the active KBLI → subsector mapping, offices) are loaded
once, and stored NIBs are checked a chunk at a time. `actors_bulk_create` writes what `actor_create`
would, for many rows at once: actors, KBLI and subsector links, yearly figures, contact persons,
derived size class and search text, duplicate flags, and ONE audit entry for the whole import.

The package: `columns` (the template), `cells` (cell cleaners), `reference` (reference data loaded once),
`importer` (row validation, preview, commit), `create` (`actors_bulk_create`), `exporter`.
`sinergi.imports` discovers this module and registers the kinds below.
"""

from __future__ import annotations

from sinergi.imports.kinds import register

from .columns import COLUMN_NAMES, COLUMNS, CONTACT_COLUMNS, KBLI_VERSION, LEGAL_FORMS, name_keys
from .create import actors_bulk_create
from .exporter import EXPORT_EXTRA, PERSONAL_COLUMNS, ActorExporter, parse_filters
from .importer import ActorImporter
from .reference import Context, Reference

__all__ = [
    "COLUMNS",
    "COLUMN_NAMES",
    "CONTACT_COLUMNS",
    "EXPORT_EXTRA",
    "KBLI_VERSION",
    "LEGAL_FORMS",
    "PERSONAL_COLUMNS",
    "ActorExporter",
    "ActorImporter",
    "Context",
    "Reference",
    "actors_bulk_create",
    "name_keys",
    "parse_filters",
]

register(importer=ActorImporter(), exporter=ActorExporter())
