from django.contrib import admin

from .models import KbliCode, KbliMapping, Subsector, SubsectorList


@admin.register(SubsectorList)
class SubsectorListAdmin(admin.ModelAdmin[SubsectorList]):
    list_display = ["code", "name", "is_current"]


@admin.register(Subsector)
class SubsectorAdmin(admin.ModelAdmin[Subsector]):
    list_display = ["code", "name_id", "name_en", "subsector_list"]
    list_filter = ["subsector_list"]


@admin.register(KbliCode)
class KbliCodeAdmin(admin.ModelAdmin[KbliCode]):
    list_display = ["code", "title", "section", "version"]
    list_filter = ["version", "section"]
    search_fields = ["code", "title"]


@admin.register(KbliMapping)
class KbliMappingAdmin(admin.ModelAdmin[KbliMapping]):
    list_display = ["name", "version", "kbli_version", "is_active", "is_provisional"]
    readonly_fields = ["sha256"]
