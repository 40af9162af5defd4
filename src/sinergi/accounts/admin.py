from django.contrib import admin
from django.utils.translation import gettext_lazy as _

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
    list_display = ["name", "short_name", "kind", "administers_registry", "produces_statistics", "is_active"]
    list_filter = ["kind", "administers_registry", "produces_statistics", "is_active"]
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
                ]
            },
        ),
        (_("Kop surat"), {"fields": ["letterhead_address", "letterhead_phone", "letterhead_website"]}),
        (
            _("Penanda tangan dokumen resmi"),
            {"fields": ["signatory_name", "signatory_title", "signatory_nip", "letter_place"]},
        ),
    ]
