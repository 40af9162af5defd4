"""Harvest sources in the admin: one catalogue URL per kab/kota, and harvesting on demand."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import HarvestedPublication, HarvestSource
from .tasks import harvest_catalogues


@admin.register(HarvestSource)
class HarvestSourceAdmin(admin.ModelAdmin[HarvestSource]):
    list_display = ["name", "area", "catalog_url", "active", "last_success_at", "last_count", "last_error"]
    list_filter = ["active"]
    readonly_fields = ["last_attempt_at", "last_success_at", "last_count", "last_error"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["harvest_now"]

    @admin.action(description=gettext_lazy("Panen sekarang (oleh pekerja latar)"))
    def harvest_now(self, request: HttpRequest, queryset: QuerySet[HarvestSource]) -> None:
        if not request.user.has_perm("federation.harvest_sources"):
            self.message_user(request, _("Anda tidak berwenang memanen katalog kab/kota."), messages.ERROR)
            return
        ids = list(queryset.values_list("pk", flat=True))
        harvest_catalogues.enqueue(ids)
        self.message_user(
            request,
            _(
                "Panen %(count)s sumber diantrekan; hasil dan galatnya tampil di daftar ini setelah pekerja "
                "latar selesai."
            )
            % {"count": len(ids)},
        )


@admin.register(HarvestedPublication)
class HarvestedPublicationAdmin(admin.ModelAdmin[HarvestedPublication]):
    """Read-only: rows are written by harvesting only."""

    list_display = ["title", "source", "issued", "harvested_at"]
    list_filter = ["source"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: HarvestedPublication | None = None) -> bool:
        return False
