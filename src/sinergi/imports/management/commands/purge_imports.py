"""`sinergi purge_imports [--days N]`: delete the files of old import jobs (run daily from a timer)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sinergi.imports.services import jobs_purge_files, retention_days


class Command(BaseCommand):
    help = "Delete uploaded files, validated rows and error reports of import jobs older than the retention period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=None, help="retention in days (default SINERGI_IMPORT_RETENTION_DAYS, 30)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else retention_days()
        if days < 1:
            self.stderr.write("--days must be at least 1")
            raise SystemExit(2)
        purged = jobs_purge_files(older_than=timedelta(days=days))
        self.stdout.write(f"import jobs purged: {purged} (uploaded more than {days} days ago)")
