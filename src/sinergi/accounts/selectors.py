from __future__ import annotations

from django.db.models import QuerySet

from .models import Organisation, User


def organisation_list(*, kind: str | None = None, active_only: bool = True) -> QuerySet[Organisation]:
    qs = Organisation.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("name")


def organisations_of(*, user: User) -> QuerySet[Organisation]:
    return Organisation.objects.filter(memberships__user=user, is_active=True).order_by("name")
