"""`sinergi purge_unactivated_accounts [--days N]`: delete sign-ups never activated (run daily from a timer)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sinergi.accounts.services import unactivated_accounts_purge


class Command(BaseCommand):
    help = (
        "Delete accounts whose activation link was never opened, older than SINERGI_UNACTIVATED_ACCOUNT_DAYS "
        "(default 30), with nothing attached to them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days", type=int, default=None, help="age in days (default SINERGI_UNACTIVATED_ACCOUNT_DAYS, 30)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else settings.SINERGI_UNACTIVATED_ACCOUNT_DAYS
        if not 1 <= days <= 3650:
            raise CommandError("--days must be between 1 and 3650")
        deleted = unactivated_accounts_purge(older_than=timedelta(days=days))
        self.stdout.write(f"unactivated accounts deleted: {deleted} (signed up more than {days} days ago)")
