"""The token owner's own notifications ("Aktivitas saya"): list, and mark read.

Reading needs any live token of the person (their own notifications only); marking read is a write and
needs the scope `notifications:write`. Other people's notifications do not exist here (404).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from sinergi.notifications import selectors, services
from sinergi.notifications.models import Notification

from ..auth import require_scope, token_auth, token_of, write_throttle
from ..errors import ErrorOut, NotFound
from ..pagination import Page, PageParams, paginate

router = Router(tags=["notifications"])
READ_ERRORS = {frozenset({401, 422}): ErrorOut}
WRITE_ERRORS = {frozenset({400, 401, 403, 404, 422, 429}): ErrorOut}
WRITE = "notifications:write"


class DeliveryOut(Schema):
    channel: str
    status: str
    attempts: int
    sent_at: datetime | None


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: datetime
    read_at: datetime | None
    deliveries: list[DeliveryOut]

    @staticmethod
    def from_model(n: Notification, request: HttpRequest) -> dict[str, Any]:
        return {
            "id": n.pk,
            "kind": n.kind,
            "title": n.title,
            "body": n.body,
            "url": request.build_absolute_uri(n.url) if n.url else "",
            "created_at": n.created_at,
            "read_at": n.read_at,
            "deliveries": [
                {"channel": d.channel, "status": d.status, "attempts": d.attempts, "sent_at": d.sent_at}
                for d in n.deliveries.all()
            ],
        }


class NotificationFilter(Schema):
    unread: bool = False


class MarkReadIn(Schema):
    ids: list[int] | None = None


class MarkReadOut(Schema):
    marked: int
    unread: int


@router.get(
    "/notifications",
    response={200: Page[NotificationOut], **READ_ERRORS},
    auth=token_auth,
    summary="Pemberitahuan milik pemegang token",
)
def notification_list(
    request: HttpRequest, filters: Query[NotificationFilter], page: Query[PageParams]
) -> dict[str, Any]:
    user = token_of(request).user
    data = paginate(request, selectors.notification_list(user=user, unread=filters.unread), page)
    data["results"] = [NotificationOut.from_model(n, request) for n in data["results"]]
    return data


@router.post(
    "/notifications/read",
    response={200: MarkReadOut, **WRITE_ERRORS},
    auth=token_auth,
    throttle=write_throttle,
    summary="Tandai pemberitahuan sudah dibaca (semua, atau yang disebut di ids)",
)
def notification_mark_read(request: HttpRequest, payload: MarkReadIn) -> dict[str, int]:
    user = require_scope(request, WRITE)
    if payload.ids is not None:
        own = set(Notification.objects.filter(user=user, pk__in=payload.ids).values_list("pk", flat=True))
        missing = sorted(set(payload.ids) - own)
        if missing:
            message = _("Pemberitahuan tidak ditemukan: %(ids)s.") % {"ids": ", ".join(str(i) for i in missing)}
            raise NotFound(message, field_errors={"ids": [message]})
    marked = services.mark_read(by=user, ids=payload.ids)
    return {"marked": marked, "unread": selectors.unread_count(user=user)}
