"""`sinergi write_bundles`: write the reproducibility bundle of runs that succeeded before runs kept one."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from ekraf import EkrafError
from sinergi.statistics import services


class Command(BaseCommand):
    help = "Write the reproducibility bundle (bundle.zip) of every succeeded run that has none."

    def handle(self, *args: Any, **options: Any) -> None:
        written = failed = 0
        for run in services.runs_without_bundle():
            try:
                services.run_write_bundle(run_id=run.pk)
            except EkrafError as exc:  # an input the current engine refuses: reported, the others go on
                failed += 1
                self.stderr.write(f"run {run.pk}: {exc.one_line()}")
                continue
            written += 1
            self.stdout.write(f"run {run.pk}: bundle written")
        self.stdout.write(f"bundles written: {written}, failed: {failed}")
        if failed:
            raise SystemExit(1)
