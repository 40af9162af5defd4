"""The notification layer's reads: the person's own, and for office staff the deliveries their
office's workflows caused (recipient names only; never an address or a number)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db.models import Count, Prefetch, Q, QuerySet

from . import types
from .models import Delivery, Notification, PhoneNumber, Preference

if TYPE_CHECKING:
    from sinergi.accounts.models import User
    from sinergi.accounts.typing import AnyUser


def notification_list(*, user: User, unread: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(user=user)
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return qs.prefetch_related(Prefetch("deliveries", queryset=Delivery.objects.order_by("channel"))).order_by(
        "-created_at", "-id"
    )


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def phone_of(*, user: User) -> PhoneNumber | None:
    """The person's WhatsApp number (verified or waiting for its code), if they gave one."""
    return PhoneNumber.objects.filter(user=user).first()


def preferences_of(*, user: User) -> dict[tuple[str, str], str]:
    """(kind or "", channel) → mode, for the rows the person has set."""
    return {(p.kind, p.channel): p.mode for p in Preference.objects.filter(user=user)}


# ---------------------------------------------------------------- staff: their office's workflows


def workflow_scope(*, user: AnyUser, workflow: str = "", subject_id: int | None = None) -> Q:
    """The notifications of the office workflows `user` may follow (each workflow's `visible` objects),
    narrowed to one workflow or one object of it. Matches nothing for a person in no office."""
    scope = Q(pk__in=[])
    for flow in types.workflows():
        if workflow and flow.key != workflow:
            continue
        ids = flow.visible(user).values("pk")
        if subject_id is not None:
            ids = ids.filter(pk=subject_id)
        scope |= Q(subject_type=flow.key, subject_id__in=ids)
    return scope


# What the staff page shows of a notification: never its body (it may quote a reason meant for the
# recipient) nor whether the person read it.
NOTIFICATION_FIELDS = ("kind", "title", "subject_type", "subject_id", "created_at", "user_id")


def delivery_status_list(
    *, user: AnyUser, workflow: str = "", subject_id: int | None = None, status: str = ""
) -> QuerySet[Notification]:
    """What the office workflows `user` follows told whom, newest first, each with its deliveries; with
    `status`, only notifications with a delivery in that status (e.g. "failed")."""
    qs = Notification.objects.filter(workflow_scope(user=user, workflow=workflow, subject_id=subject_id))
    if status:
        qs = qs.filter(deliveries__status=status).distinct()
    return (
        qs.select_related("user")
        .only(*NOTIFICATION_FIELDS, "user__full_name")
        .prefetch_related(Prefetch("deliveries", queryset=Delivery.objects.order_by("channel")))
        .order_by("-created_at", "-id")
    )


def delivery_status_counts(*, user: AnyUser, workflow: str = "", subject_id: int | None = None) -> dict[str, int]:
    """Deliveries per status (pending, retrying, digest, sent, failed) in the same scope: failures at a
    glance."""
    scope = workflow_scope(user=user, workflow=workflow, subject_id=subject_id)
    rows = (
        Delivery.objects.filter(notification__in=Notification.objects.filter(scope).values("pk"))
        .values("status")
        .annotate(n=Count("pk"))
    )
    counts = dict.fromkeys(Delivery.Status.values, 0)
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def workflow_objects(flow: types.Workflow) -> QuerySet[Any]:
    """Every object of a workflow's model, for fetching one with its permission (`core.access`)."""
    return flow.model._default_manager.all()


class DeliveryStatusRow(NamedTuple):
    """A line of the staff page: the notification (with its deliveries), what kind it is in words, and
    the object it belongs to with where staff work on it ("" for neither when it has none)."""

    notification: Notification
    kind: str
    subject: str
    subject_url: str


def delivery_status_rows(notifications: Iterable[Notification]) -> list[DeliveryStatusRow]:
    """The staff page's rows for one page of `delivery_status_list`: the objects' names are read in
    one query per workflow."""
    shown = list(notifications)
    labels = subject_labels(shown)
    kinds = {t.key: str(t.label) for t in types.registered()}
    return [
        DeliveryStatusRow(n, kinds.get(n.kind, n.kind), *labels.get((n.subject_type, n.subject_id or 0), ("", "")))
        for n in shown
    ]


def subject_labels(notifications: Iterable[Notification]) -> dict[tuple[str, int], tuple[str, str]]:
    """(workflow, id) → (the object's name, where staff work on it) for the notifications shown."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for n in notifications:
        if n.subject_type and n.subject_id is not None:
            wanted[n.subject_type].add(n.subject_id)
    labels = {}
    for key, ids in wanted.items():
        flow = types.workflow(key)
        for pk, obj in flow.model._default_manager.in_bulk(ids).items():
            labels[(key, int(pk))] = (str(obj), flow.url(obj))
    return labels
