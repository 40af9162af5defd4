"""Products of an actor and their photos."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.classification.models import Subsector
from sinergi.core import bounds
from sinergi.core.models import TimeStampedModel

from .actors import Actor


class AppPlatform(models.TextChoices):
    ANDROID = "android", "Android"
    IOS = "ios", "iOS"
    WEB = "web", "Web"
    DESKTOP = "desktop", "Desktop"
    CONSOLE = "console", _("Konsol")
    MULTI = "multi", _("Multi-platform")


class Product(TimeStampedModel):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="products")
    name = models.CharField(_("nama produk"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    subsector = models.ForeignKey(
        Subsector, verbose_name=_("subsektor"), null=True, blank=True, on_delete=models.PROTECT, related_name="products"
    )
    description = models.TextField(_("deskripsi"), blank=True)
    price_min = models.DecimalField(
        _("harga terendah (Rp)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[bounds.MoneyValidator(bounds.PRICE_MAX)],
    )
    price_max = models.DecimalField(
        _("harga tertinggi (Rp)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[bounds.MoneyValidator(bounds.PRICE_MAX)],
    )
    is_flagship = models.BooleanField(_("produk unggulan"), default=False, db_index=True)
    flagship_reason = models.TextField(_("alasan produk unggulan"), blank=True)
    # Apps and games
    platform = models.CharField(_("platform"), max_length=10, choices=AppPlatform, blank=True)
    store_url = models.URLField(_("tautan toko aplikasi"), max_length=400, blank=True)
    users_count = models.PositiveIntegerField(_("pengguna/unduhan"), null=True, blank=True)
    awards = models.TextField(_("penghargaan"), blank=True)
    is_archived = models.BooleanField(_("diarsipkan"), default=False)
    search_text = models.TextField(blank=True, editable=False)
    is_demo = models.BooleanField(_("data demo"), default=False)

    constraint_messages = {
        "product_price_range_ordered": ("price_max", _("Harga tertinggi tidak boleh lebih kecil dari harga terendah.")),
    }

    class Meta:
        verbose_name = _("produk")
        verbose_name_plural = _("produk")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price_min__isnull=True)
                | models.Q(price_max__isnull=True)
                | models.Q(price_min__lte=models.F("price_max")),
                name="product_price_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProductPhoto(TimeStampedModel):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("foto"), upload_to="produk/%Y/")
    thumbnail = models.ImageField(upload_to="produk/thumb/%Y/", blank=True)
    alt_text = models.CharField(_("keterangan foto"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("foto produk")
        verbose_name_plural = _("foto produk")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.alt_text or f"foto {self.pk}"
