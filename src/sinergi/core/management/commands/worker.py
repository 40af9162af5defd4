"""`sinergi worker`: django-tasks-db's `db_worker` (same options) that also records a heartbeat, so pages
can say when queued work has no worker to run it (`sinergi.core.workers`)."""

from __future__ import annotations

import os
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from sinergi.core.workers import Heartbeat


class Command(DbWorkerCommand):
    help = "Jalankan pekerja tugas latar belakang (impor, hitung statistik, e-mail) dengan detak hidup."

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("reload") and not options.get("batch") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true":
            # The autoreloader's watcher only restarts the process that runs tasks: that one beats.
            super().handle(*args, **options)
            return
        heartbeat = Heartbeat(options["worker_id"])
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stop()
