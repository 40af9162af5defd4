"""Django admin for the registry: read-only. Every write goes through services.py (validation, derived
fields, audit log), which the admin would bypass; staff use the workspace at /direktori/kelola/."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import Actor, Community, CreativeHub, DuplicateFlag, Product, ProfileClaim


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Actor)
class ActorAdmin(ReadOnlyAdmin):
    list_display = ["name", "status", "kelurahan", "size_class", "owner", "updated_at"]
    list_filter = ["status", "size_class", "kind"]
    search_fields = ["name", "nib", "slug"]
    # Contact persons (personal data) are deliberately not shown here: full views must be logged.
    exclude = ["search_text"]


@admin.register(Community)
class CommunityAdmin(ReadOnlyAdmin):
    list_display = ["name", "status", "base_kecamatan", "fostered_by"]
    search_fields = ["name"]


@admin.register(CreativeHub)
class CreativeHubAdmin(ReadOnlyAdmin):
    list_display = ["name", "status", "kelurahan", "capacity"]
    search_fields = ["name"]


@admin.register(Product)
class ProductAdmin(ReadOnlyAdmin):
    list_display = ["name", "actor", "subsector", "is_flagship", "is_archived"]
    list_filter = ["is_flagship", "is_archived"]
    search_fields = ["name"]


@admin.register(ProfileClaim)
class ProfileClaimAdmin(ReadOnlyAdmin):
    list_display = ["actor", "user", "status", "created_at"]
    list_filter = ["status"]


@admin.register(DuplicateFlag)
class DuplicateFlagAdmin(ReadOnlyAdmin):
    list_display = ["actor", "other", "reason", "score", "resolved"]
    list_filter = ["reason", "resolved"]
