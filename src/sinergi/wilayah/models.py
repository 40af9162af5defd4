"""Administrative areas: provinsi → kota/kabupaten → kecamatan → kelurahan/desa."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINSI = "provinsi", _("Provinsi")
    KOTA = "kota", _("Kota/Kabupaten")
    KECAMATAN = "kecamatan", _("Kecamatan")
    KELURAHAN = "kelurahan", _("Kelurahan/Desa")


# The 38 provinces' Kemendagri codes (Permendagri 100.1.1-6117 of 2022, with the four Papua provinces
# formed in 2022): the first two digits of every NIK. The table below holds only this region's areas.
PROVINCE_CODES = frozenset(
    {
        "11",
        "12",
        "13",
        "14",
        "15",
        "16",
        "17",
        "18",
        "19",
        "21",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "51",
        "52",
        "53",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "72",
        "73",
        "74",
        "75",
        "76",
        "81",
        "82",
        "91",
        "92",
        "93",
        "94",
        "95",
        "96",
    }
)


class Wilayah(models.Model):
    code = models.CharField(_("kode Kemendagri"), max_length=20, unique=True, db_column="kode")
    name = models.CharField(_("nama"), max_length=120, db_column="nama")
    level = models.CharField(_("tingkat"), max_length=20, choices=Level, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("induk"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    bps_code = models.CharField(_("kode BPS"), max_length=20, blank=True, db_index=True, db_column="kode_bps")
    area_ha = models.DecimalField(
        _("luas (ha)"), max_digits=12, decimal_places=2, null=True, blank=True, db_column="luas_ha"
    )
    centroid_lon = models.FloatField(null=True, blank=True)
    centroid_lat = models.FloatField(null=True, blank=True)
    source_url = models.TextField(_("sumber"), blank=True)

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def kecamatan(self) -> Wilayah | None:
        if self.level == Level.KELURAHAN:
            return self.parent
        return self if self.level == Level.KECAMATAN else None

    @property
    def label(self) -> str:
        """Kelurahan names repeat across kecamatan (one city can have two Curug): always say which."""
        if self.level == Level.KELURAHAN and self.parent_id:
            return f"{self.name}, {self.parent.name}"  # type: ignore[union-attr]
        return self.name
