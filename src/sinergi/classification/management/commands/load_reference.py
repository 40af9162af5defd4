"""`sinergi load_reference`: wilayah, subsector lists, KBLI 2020 and the provisional mapping."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sinergi.classification import services
from sinergi.core.errors import ServiceError
from sinergi.wilayah.services import wilayah_load


class Command(BaseCommand):
    help = "Muat data rujukan (wilayah, subsektor, KBLI 2020, pemetaan KBLI–subsektor). Aman diulang."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--region",
            help="Kode Kemendagri provinsi atau kabupaten/kota (bawaan: SINERGI_REGION_CODE); "
            "hanya wilayah itu, induknya dan seluruh turunannya yang dimuat",
        )
        parser.add_argument(
            "--wilayah", type=Path, help="CSV wilayah sendiri (kolom kode, nama, level, parent_kode) sebagai ganti"
        )
        parser.add_argument("--crosswalk", type=Path, help="CSV kelurahan dengan kode BPS, luas dan centroid")
        parser.add_argument("--kecamatan", type=Path, help="CSV kecamatan dengan kode BPS, luas dan centroid")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = wilayah_load(
                region_code=options["region"],
                wilayah_file=options["wilayah"],
                crosswalk_file=options["crosswalk"],
                kecamatan_file=options["kecamatan"],
            )
            subsectors = services.subsector_lists_load()
            kbli = services.kbli_load()
            mapping = services.mapping_load()
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"wilayah: {report.created} baru, {report.updated} diperbarui, {report.unchanged} tetap; "
            f"subsektor baru: {subsectors}; KBLI baru: {kbli}; pemetaan aktif: {mapping}"
        )
