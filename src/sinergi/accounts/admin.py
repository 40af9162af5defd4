"""Users and organisations in the admin. An organisation's functions and letterhead are saved through
`accounts.services` (`organisation_functions_set`, `organisation_letterhead_set`): the same permission,
consistency rule and audit entry as everywhere else."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sinergi.wilayah.models import Wilayah

from .models import Membership, OfficeFunction, Organisation, User
from .services import (
    LETTERHEAD_FIELDS,
    organisation_functions_problems,
    organisation_functions_set,
    organisation_letterhead_set,
)

FUNCTION_FIELDS = {"administers_registry": OfficeFunction.REGISTRY, "produces_statistics": OfficeFunction.STATISTICS}


def _functions(data: dict[str, Any]) -> frozenset[str]:
    return frozenset(str(function) for name, function in FUNCTION_FIELDS.items() if data.get(name))


class OrganisationAdminForm(forms.ModelForm[Organisation]):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk is not None and set(FUNCTION_FIELDS) & set(self.changed_data):
            for problem in organisation_functions_problems(organisation=self.instance, functions=_functions(data)):
                self.add_error(None, problem)
        return data


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
    form = OrganisationAdminForm

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        if not change:
            super().save_model(request, obj, form, change)
            return
        # The functions and the letterhead are each one service's write: save the rest as it was, then them.
        data = form.cleaned_data
        stored = Organisation.objects.get(pk=obj.pk)
        for name in (*FUNCTION_FIELDS, *LETTERHEAD_FIELDS):
            setattr(obj, name, getattr(stored, name))
        by: Any = request.user
        functions = _functions(data)
        # Losing functions first, gaining them after the rest: a kind changed away from office (or to it)
        # then never meets functions it may not hold.
        if functions <= stored.functions:
            organisation_functions_set(by=by, organisation=obj, functions=functions)
            super().save_model(request, obj, form, change)
        else:
            super().save_model(request, obj, form, change)
            organisation_functions_set(by=by, organisation=obj, functions=functions)
        organisation_letterhead_set(
            by=by, organisation=obj, data={name: data[name] for name in LETTERHEAD_FIELDS if name in data}
        )

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
