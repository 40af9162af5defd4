"""The installation profile in the admin: one record, edited, never added twice or deleted. Saving goes
through `core.services.installation_profile_set` (its permission, validation and audit entry)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import InstallationProfile
from .services import PROFILE_FIELDS, installation_profile_set


@admin.register(InstallationProfile)
class InstallationProfileAdmin(admin.ModelAdmin[InstallationProfile]):
    list_display = ["name", "government_name", "updated_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and not InstallationProfile.objects.exists()

    def has_delete_permission(self, request: HttpRequest, obj: InstallationProfile | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: InstallationProfile, form: Any, change: bool) -> None:
        logo = form.cleaned_data.get("logo") if "logo" in form.changed_data else None
        saved = installation_profile_set(
            by=request.user,  # type: ignore[arg-type]  # the admin is for signed-in staff only
            data={name: form.cleaned_data[name] for name in PROFILE_FIELDS if name in form.cleaned_data},
            logo=logo or None,
            clear_logo=logo is False,
        )
        obj.pk = saved.pk
