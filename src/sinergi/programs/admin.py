"""Django admin for programs: read-only records, and the lifecycle as admin actions. Every write goes
through services.py (the allowed steps, permission check, audit log), which a plain change form would
bypass; staff edit programs on the pages at /program/."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sinergi.core.errors import ServiceError

from . import services
from .models import Program, ProgramApplication, ProgramStatus


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _status_action(status: ProgramStatus, description: Any) -> Callable[..., None]:
    def action(modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Program]) -> None:
        user = request.user
        if not user.is_authenticated:  # the admin lets only signed-in staff this far
            raise PermissionDenied
        changed = 0
        for program in queryset:
            try:
                services.program_set_status(by=user, program=program, status=status)
            except ServiceError as exc:
                modeladmin.message_user(request, f"{program}: {exc.message}", level=messages.ERROR)
            else:
                changed += 1
        if changed:
            modeladmin.message_user(
                request,
                gettext("%(n)d program sekarang berstatus “%(status)s”.") % {"n": changed, "status": status.label},
                level=messages.SUCCESS,
            )

    action.__name__ = f"set_status_{status.value}"
    return admin.action(description=description)(action)


@admin.register(Program)
class ProgramAdmin(ReadOnlyAdmin):
    list_display = ["title", "status", "kind", "organiser", "call_opens", "call_closes", "start_date"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "slug"]
    actions = [
        _status_action(ProgramStatus.OPEN, _("Buka pendaftaran")),
        _status_action(ProgramStatus.SELECTION, _("Mulai seleksi")),
        _status_action(ProgramStatus.RUNNING, _("Mulai program (berjalan)")),
        _status_action(ProgramStatus.CLOSED, _("Tutup program (selesai)")),
        _status_action(ProgramStatus.DRAFT, _("Kembalikan menjadi draf")),
    ]


@admin.register(ProgramApplication)
class ProgramApplicationAdmin(ReadOnlyAdmin):
    list_display = ["actor", "program", "status", "score", "created_at"]
    list_filter = ["status"]
