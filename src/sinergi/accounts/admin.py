from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sinergi.wilayah.models import Wilayah

from .models import Membership, Organisation, User


class MembershipInline(admin.TabularInline[Membership, Organisation]):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(User)
class UserAdmin(admin.ModelAdmin[User]):
    list_display = ["email", "full_name", "is_active", "is_staff", "date_joined"]
    search_fields = ["email", "full_name"]
    exclude = ["password", "user_permissions", "groups"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "area":  # a working area is one of the installation's kab/kota
            from sinergi.wilayah.selectors import is_province, kabkota_list

            kwargs["queryset"] = kabkota_list() if is_province() else Wilayah.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    list_display = ["name", "short_name", "kind", "administers_registry", "produces_statistics", "area", "is_active"]
    list_filter = ["kind", "administers_registry", "produces_statistics", "area", "is_active"]
    search_fields = ["name", "short_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "short_name",
                    "slug",
                    "kind",
                    "description",
                    "is_active",
                    "administers_registry",
                    "produces_statistics",
                    "area",
                ]
            },
        ),
        (_("Kop surat"), {"fields": ["letterhead_address", "letterhead_phone", "letterhead_website"]}),
        (
            _("Penanda tangan dokumen resmi"),
            {"fields": ["signatory_name", "signatory_title", "signatory_nip", "letter_place"]},
        ),
    ]
