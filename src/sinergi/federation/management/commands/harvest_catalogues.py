"""`sinergi harvest_catalogues`: harvest the kab/kota DCAT catalogues now (for cron or by hand)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sinergi.federation.services import harvest_all


class Command(BaseCommand):
    help = "Panen katalog DCAT kab/kota (semua sumber aktif, atau --source ID)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", type=int, action="append", help="hanya sumber dengan ID ini (boleh diulang)")

    def handle(self, *args: Any, **options: Any) -> None:
        results = harvest_all(by=None, source_ids=options["source"])
        for result in results:
            if result.ok:
                self.stdout.write(
                    f"{result.source.name}: {result.count} publikasi (+{result.added} baru, -{result.removed} hilang)"
                )
            else:
                self.stderr.write(f"{result.source.name}: {result.error}")
        failed = [r for r in results if not r.ok]
        if failed:
            raise CommandError(
                _("%(failed)s dari %(total)s sumber gagal dipanen (galat tercatat pada sumbernya).")
                % {"failed": len(failed), "total": len(results)}
            )
        self.stdout.write(_("%(total)s sumber dipanen.") % {"total": len(results)})
