from django.contrib import admin

from .models import Wilayah


@admin.register(Wilayah)
class WilayahAdmin(admin.ModelAdmin[Wilayah]):
    list_display = ["code", "name", "level", "bps_code"]
    list_filter = ["level"]
    search_fields = ["code", "name", "bps_code"]
