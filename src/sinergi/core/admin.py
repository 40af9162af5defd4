"""The installation profile in the admin: one record, edited, never added twice or deleted."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import InstallationProfile


@admin.register(InstallationProfile)
class InstallationProfileAdmin(admin.ModelAdmin[InstallationProfile]):
    list_display = ["name", "government_name", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not InstallationProfile.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: InstallationProfile | None = None) -> bool:
        return False
