"""Creative hubs (ruang kreatif)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import Organisation
from sinergi.core.models import TimeStampedModel
from sinergi.wilayah.models import Wilayah

from .actors import Actor, Status


class HubProgramme(models.TextChoices):
    INCUBATION = "incubation", _("Inkubasi")
    COWORKING = "coworking", _("Ruang kerja bersama")
    STUDIO = "studio", _("Studio")
    MAKERSPACE = "makerspace", _("Maker space")
    TRAINING = "training", _("Pelatihan")
    EXHIBITION = "exhibition", _("Ruang pamer")


class CreativeHub(TimeStampedModel):
    name = models.CharField(_("nama"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("deskripsi"), blank=True)
    operator = models.ForeignKey(
        Organisation,
        verbose_name=_("pengelola"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hubs",
    )
    operator_name = models.CharField(_("nama pengelola"), max_length=200, blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    kelurahan = models.ForeignKey(
        Wilayah, verbose_name=_("kelurahan"), null=True, blank=True, on_delete=models.PROTECT, related_name="hubs"
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    facilities = models.TextField(_("fasilitas"), blank=True, help_text=_("Satu fasilitas per baris."))
    capacity = models.PositiveIntegerField(_("kapasitas (orang)"), null=True, blank=True)
    programmes = models.JSONField(_("program"), default=list, blank=True)
    residents = models.ManyToManyField(
        Actor, verbose_name=_("pelaku yang berkegiatan"), blank=True, related_name="hubs"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.VERIFIED)
    search_text = models.TextField(blank=True, editable=False)
    is_demo = models.BooleanField(_("data demo"), default=False)

    class Meta:
        verbose_name = _("ruang kreatif")
        verbose_name_plural = _("ruang kreatif")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def place_code(self) -> str:
        """Where the hub is (its kelurahan's code, "" when unknown)."""
        return self.kelurahan.code if self.kelurahan_id is not None and self.kelurahan is not None else ""
