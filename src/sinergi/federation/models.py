"""Federation (issue 14 §3): a province installation harvests the DCAT catalogues of the kab/kota that
run their own Sinergi (or any DCAT-AP catalogue), and lists their publications with origin and time.

A `HarvestSource` is set in the admin: one catalogue URL per kab/kota. Each successful harvest replaces
that source's `HarvestedPublication` rows in one transaction; a failed one records its error on the
source and keeps the rows of the last successful harvest.
"""

from __future__ import annotations

from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import ConstraintMessages, TimeStampedModel
from sinergi.wilayah.models import Level, Wilayah

HTTP_ONLY = URLValidator(schemes=["http", "https"], message=_("Alamat harus diawali http:// atau https://."))


class HarvestSource(TimeStampedModel):
    name = models.CharField(
        _("nama"), max_length=200, help_text=_("Nama daerah asal seperti ditampilkan, mis. Kota Samarinda.")
    )
    area = models.ForeignKey(
        Wilayah,
        verbose_name=_("wilayah"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"level__in": [Level.PROVINSI, Level.KOTA]},
        related_name="+",
    )
    catalog_url = models.URLField(
        _("alamat katalog DCAT"),
        max_length=500,
        unique=True,
        validators=[HTTP_ONLY],
        help_text=_(
            "Katalog DCAT (JSON-LD) instalasi Sinergi kab/kota itu, mis. https://sinergi.contoh.go.id/statistik/dcat.jsonld."
        ),
    )
    active = models.BooleanField(_("dipanen"), default=True)
    last_attempt_at = models.DateTimeField(_("panen terakhir dicoba"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(_("panen terakhir berhasil"), null=True, blank=True, editable=False)
    last_error = models.TextField(_("galat panen terakhir"), blank=True, editable=False)
    last_count = models.PositiveIntegerField(_("jumlah publikasi"), default=0, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("sumber panen")
        verbose_name_plural = _("sumber panen")

    def __str__(self) -> str:
        return self.name


class HarvestedPublication(ConstraintMessages, models.Model):
    source = models.ForeignKey(
        HarvestSource, verbose_name=_("sumber"), on_delete=models.CASCADE, related_name="publications"
    )
    identifier = models.CharField(_("pengenal"), max_length=500)
    title = models.CharField(_("judul"), max_length=500)
    description = models.TextField(_("deskripsi"), blank=True)
    landing_url = models.URLField(_("halaman publikasi"), max_length=1000, validators=[HTTP_ONLY])
    publisher = models.CharField(_("penerbit"), max_length=300, blank=True)
    spatial = models.CharField(_("wilayah cakupan"), max_length=200, blank=True)
    issued = models.DateTimeField(_("terbit"), null=True, blank=True)
    modified = models.DateTimeField(_("diubah di asal"), null=True, blank=True)
    harvested_at = models.DateTimeField(_("dipanen"))

    constraint_messages = {
        "federation_publication_one_per_identifier": (
            "identifier",
            _("Katalog ini memuat dua publikasi dengan pengenal yang sama."),
        ),
    }

    class Meta:
        ordering = ["source__name", "-issued", "title"]
        verbose_name = _("publikasi hasil panen")
        verbose_name_plural = _("publikasi hasil panen")
        constraints = [
            models.UniqueConstraint(fields=["source", "identifier"], name="federation_publication_one_per_identifier")
        ]

    def __str__(self) -> str:
        return self.title
