"""Versioned classifications: ekraf subsector lists, KBLI codes, and KBLI → subsector mappings.

A mapping is data, never code: a region that holds the official list loads it as a new version.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import ConstraintMessages, TimeStampedModel


def subsector_name(name_id: str, name_en: str) -> str:
    """A subsector's name in the active language: the reference list's English name (without its
    parenthesised gloss, "Culinary (food and beverage)" → "Culinary") in English, else Indonesian."""
    from django.utils.translation import get_language

    if name_en and (get_language() or "").startswith("en"):
        return name_en.split(" (", maxsplit=1)[0]
    return name_id


class SubsectorList(models.Model):
    """One list of subsectors: `kemenparekraf_17` (current), `bekraf_16`, `kemendag_14_plus_kuliner`."""

    code = models.CharField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    is_current = models.BooleanField(_("daftar berlaku"), default=False)

    class Meta:
        verbose_name = _("daftar subsektor")
        verbose_name_plural = _("daftar subsektor")

    def __str__(self) -> str:
        return self.name


class Subsector(ConstraintMessages, models.Model):
    subsector_list = models.ForeignKey(SubsectorList, on_delete=models.CASCADE, related_name="subsectors")
    code = models.CharField(_("kode"), max_length=10)
    name_id = models.CharField(_("nama"), max_length=120)
    name_en = models.CharField(_("nama (Inggris)"), max_length=200)
    notes = models.TextField(blank=True)
    source_url = models.TextField(blank=True)

    constraint_messages = {
        "subsector_unique_code": ("code", _("Kode subsektor ini sudah ada di daftar ini.")),
    }

    class Meta:
        verbose_name = _("subsektor")
        verbose_name_plural = _("subsektor")
        ordering = ["subsector_list", "name_id"]
        constraints = [models.UniqueConstraint(fields=["subsector_list", "code"], name="subsector_unique_code")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return subsector_name(self.name_id, self.name_en)


class KbliCode(ConstraintMessages, models.Model):
    version = models.CharField(_("versi KBLI"), max_length=8, default="2020")
    code = models.CharField(_("kode"), max_length=5, db_column="kode")
    title = models.CharField(_("judul"), max_length=400, db_column="judul")
    section = models.CharField(_("kategori"), max_length=1, db_column="kategori")
    division = models.CharField(max_length=2, blank=True, db_column="golongan_pokok")
    group = models.CharField(max_length=3, blank=True, db_column="golongan")
    class_code = models.CharField(max_length=4, blank=True, db_column="subgolongan")
    flag = models.TextField(blank=True)
    source = models.TextField(blank=True)

    constraint_messages = {
        "kbli_unique_version_code": ("code", _("Kode KBLI ini sudah ada untuk versi ini.")),
    }

    class Meta:
        verbose_name = _("kode KBLI")
        verbose_name_plural = _("kode KBLI")
        ordering = ["version", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="kbli_unique_version_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class KbliMapping(TimeStampedModel):
    """A versioned KBLI → subsector mapping. Exactly one is active for deriving actors' subsectors."""

    name = models.CharField(_("nama"), max_length=120)
    version = models.CharField(_("versi"), max_length=40)
    kbli_version = models.CharField(_("versi KBLI"), max_length=8, default="2020")
    subsector_list = models.ForeignKey(SubsectorList, on_delete=models.PROTECT, related_name="mappings")
    is_active = models.BooleanField(_("aktif"), default=False)
    is_provisional = models.BooleanField(_("sementara"), default=True)
    description = models.TextField(_("keterangan"), blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    constraint_messages = {
        "mapping_unique_name_version": ("version", _("Pemetaan dengan nama dan versi ini sudah ada.")),
        "mapping_one_active": (
            "is_active",
            _("Hanya satu pemetaan KBLI yang boleh aktif; nonaktifkan yang lain dulu."),
        ),
    }

    class Meta:
        verbose_name = _("pemetaan KBLI–subsektor")
        verbose_name_plural = _("pemetaan KBLI–subsektor")
        constraints = [
            models.UniqueConstraint(fields=["name", "version"], name="mapping_unique_name_version"),
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="mapping_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class KbliMappingEntry(ConstraintMessages, models.Model):
    mapping = models.ForeignKey(KbliMapping, on_delete=models.CASCADE, related_name="entries")
    kbli_code = models.CharField(_("kode KBLI"), max_length=5, db_index=True)
    subsector = models.ForeignKey(Subsector, on_delete=models.PROTECT, related_name="+")
    creative_share = models.DecimalField(max_digits=5, decimal_places=4, null=True, blank=True)
    basis = models.CharField(max_length=40, blank=True)
    rule = models.TextField(blank=True)
    confidence = models.CharField(max_length=10, blank=True)
    source_url = models.TextField(blank=True)

    constraint_messages = {
        "mapping_entry_unique": ("subsector", _("KBLI ini sudah dipetakan ke subsektor ini.")),
    }

    class Meta:
        verbose_name = _("baris pemetaan")
        verbose_name_plural = _("baris pemetaan")
        constraints = [
            models.UniqueConstraint(fields=["mapping", "kbli_code", "subsector"], name="mapping_entry_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kbli_code} → {self.subsector.code}"
