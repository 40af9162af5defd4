from django.contrib import admin

from .models import Wilayah


@admin.register(Wilayah)
class WilayahAdmin(admin.ModelAdmin[Wilayah]):
    list_display = ["kode", "nama", "level", "kode_bps"]
    list_filter = ["level"]
    search_fields = ["kode", "nama", "kode_bps"]
