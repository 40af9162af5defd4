"""The notification layer's writes.

A domain service says what happened in one line, inside its transaction:

    emit("registry.actor.verified", actor=actor.pk, reason=note)

After the transaction commits, the worker (`tasks.dispatch_event`) asks the event type who hears it,
writes one Notification per recipient in the recipient's language and the installation's time zone,
and one Delivery per external channel the person's preferences allow; `tasks.deliver` then sends them,
retrying with backoff. A rollback emits nothing; a failing channel or worker never undoes or blocks
the action (the enqueue runs as a robust on-commit callback: an error there is logged, not raised).

Idempotent: every emit has an event key; the database holds one Notification per event × recipient and
one Delivery per event × recipient × channel, and only pending deliveries are sent, so a dispatch or a
delivery that runs twice tells nobody twice.
"""

from __future__ import annotations

import json
import logging
import secrets
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sinergi.core import audit
from sinergi.core.errors import ServiceError
from sinergi.core.languages import language_of
from sinergi.core.mail import delivery_backend
from sinergi.core.phones import clean_whatsapp

from . import channels, types
from .models import Channel, Delivery, Mode, Notification, PhoneNumber, Preference

if TYPE_CHECKING:
    from sinergi.accounts.models import User

logger = logging.getLogger(__name__)

BATCH = 200
MAX_ATTEMPTS = 5
BACKOFF_SECONDS = 60  # 1, 2, 4, 8 minutes between the five attempts


# ---------------------------------------------------------------- emitting


def emit(kind: str, /, *, key: str | None = None, **payload: Any) -> str:
    """Tell the people `kind` concerns, once the caller's transaction commits; returns the event key.

    `payload` is JSON data (ids, not objects): the worker reads the current state when it renders.
    An unknown `kind` or a payload that is not JSON is a bug and raises here, in the service's test.
    """
    types.get(kind)
    json.dumps(payload)
    event_key = key or uuid.uuid4().hex
    transaction.on_commit(lambda: _enqueue_dispatch(kind, event_key, dict(payload)), robust=True)
    return event_key


def _enqueue_dispatch(kind: str, event_key: str, payload: dict[str, Any]) -> None:
    from .tasks import dispatch_event

    dispatch_event.enqueue(kind, event_key, payload)


def _mode(prefs: dict[tuple[int, str, str], str], user_id: int, kind: str, channel: str) -> str:
    specific = prefs.get((user_id, kind, channel))
    if specific is not None:
        return specific
    return prefs.get((user_id, "", channel), Mode.IMMEDIATE)


def _render(event_type: types.EventType, payload: dict[str, Any], language: str) -> types.Message:
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        return event_type.render(payload)


@transaction.atomic
def dispatch(*, kind: str, event_key: str, payload: dict[str, Any]) -> list[int]:
    """Write the notifications and deliveries of one event; returns the ids of deliveries to send now."""
    event_type = types.get(kind)
    wanted = set(event_type.recipients(payload))
    users = list(get_user_model().objects.filter(pk__in=wanted, is_active=True).order_by("pk"))
    told = set(Notification.objects.filter(event_key=event_key).values_list("user_id", flat=True))
    users_new = [u for u in users if u.pk not in told]
    if not users_new:
        return []
    subject_type, subject_id = _subject(event_type, payload)
    messages: dict[str, types.Message] = {}
    rows = []
    for user in users_new:
        language = language_of(user)
        if language not in messages:
            messages[language] = _render(event_type, payload, language)
        message = messages[language]
        rows.append(
            Notification(
                user=user,
                kind=kind,
                event_key=event_key,
                title=message.title[:300],
                body=message.body,
                url=message.url[:300],
                subject_type=subject_type,
                subject_id=subject_id,
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    by_user = dict(
        Notification.objects.filter(event_key=event_key, user_id__in=[u.pk for u in users_new]).values_list(
            "user_id", "pk"
        )
    )
    backends = channels.enabled()
    prefs = {
        (p.user_id, p.kind, p.channel): p.mode
        for p in Preference.objects.filter(user_id__in=list(by_user), kind__in=["", kind])
    }
    reachable = {name: backend.reachable(users_new) for name, backend in backends.items()}
    deliveries = []
    for user in users_new:
        for name in backends:
            if name == Channel.WHATSAPP and not event_type.whatsapp_templates:
                continue
            if event_type.channels is not None and name not in event_type.channels:
                continue
            mode = _mode(prefs, user.pk, kind, name)
            if mode == Mode.OFF or user.pk not in reachable[name]:
                continue
            status = Delivery.Status.DIGEST if mode == Mode.DIGEST else Delivery.Status.PENDING
            deliveries.append(
                Delivery(
                    notification_id=by_user[user.pk],
                    channel=name,
                    key=f"{event_key}:{user.pk}:{name}",
                    status=status,
                    payload=_channel_payload(event_type, name, language_of(user), messages[language_of(user)]),
                )
            )
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    pending = list(
        Delivery.objects.filter(
            notification__event_key=event_key, status=Delivery.Status.PENDING, attempts=0
        ).values_list("pk", flat=True)
    )
    for start in range(0, len(pending), BATCH):
        transaction.on_commit(_enqueue_delivery(pending[start : start + BATCH]), robust=True)
    return pending


def _subject(event_type: types.EventType, payload: dict[str, Any]) -> tuple[str, int | None]:
    """The workflow object the event belongs to, as (model label, id); a model nobody registered as a
    workflow is a bug in the emitting app's notices.py and raises."""
    if event_type.subject is None:
        return "", None
    obj = event_type.subject(payload)
    workflow = types.workflow(obj._meta.label_lower)
    return workflow.key, int(obj.pk)


def _channel_payload(
    event_type: types.EventType, channel: str, language: str, message: types.Message
) -> dict[str, Any]:
    """What the channel needs beyond the text, in the recipient's language (never a phone number)."""
    if channel != Channel.WHATSAPP:
        return {}
    templates = event_type.whatsapp_templates
    template = templates.get(language) or templates[settings.LANGUAGE_CODE]
    language = language if language in templates else settings.LANGUAGE_CODE
    image = channels.site_url(message.image_url) if message.image_url else ""
    return {"template": template, "language": language, "params": list(message.params), "image": image}


def _enqueue_delivery(ids: list[int], run_after: datetime | None = None) -> Any:
    def run() -> None:
        from .tasks import deliver as deliver_task

        task = deliver_task.using(run_after=run_after) if run_after is not None else deliver_task
        task.enqueue(ids)

    return run


def reminders_emit(*, now: datetime | None = None) -> int:
    """Emit every registered reminder for what happens tomorrow (the installation's date); returns how
    many. Run daily (`sinergi send_session_reminders`); a second run the same day tells nobody twice
    (each reminder's keys are stable)."""
    with timezone.override(settings.TIME_ZONE):
        tomorrow = timezone.localdate(now or timezone.now()) + timedelta(days=1)
        count = 0
        with transaction.atomic():
            for reminder in types.reminders():
                for key, payload in reminder.due(tomorrow):
                    emit(reminder.kind, key=key, **payload)
                    count += 1
    return count


# ---------------------------------------------------------------- delivering


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=BACKOFF_SECONDS * 2 ** (attempts - 1))


def deliver(delivery_ids: Iterable[int], *, now: datetime | None = None) -> int:
    """Send these deliveries (those still pending or due for a retry); returns how many went out.

    A failure is recorded on its delivery (attempts, error) and retried with backoff, up to
    MAX_ATTEMPTS; then the delivery is failed, and the recipient sees it on their activity page.
    """
    now = now or timezone.now()
    backends = channels.enabled()
    sent = 0
    retry_at: dict[datetime, list[int]] = defaultdict(list)
    with transaction.atomic():
        rows = list(
            Delivery.objects.select_for_update(of=("self",))
            .filter(pk__in=list(delivery_ids), status__in=[Delivery.Status.PENDING, Delivery.Status.RETRYING])
            .select_related("notification__user")
            .order_by("pk")
        )
        by_channel: dict[str, list[Delivery]] = defaultdict(list)
        for row in rows:
            by_channel[row.channel].append(row)
        for name, group in by_channel.items():
            backend = backends.get(name)
            if backend is None:
                off = channels.Permanent(_("Saluran %(channel)s tidak aktif.") % {"channel": name})
                errors: list[channels.Outcome] = [off] * len(group)
            else:
                errors = backend.send(group)
            for delivery, error in zip(group, errors, strict=True):
                delivery.attempts += 1
                if error is None:
                    delivery.status, delivery.sent_at, delivery.last_error = Delivery.Status.SENT, now, ""
                    delivery.next_attempt_at = None
                    sent += 1
                elif delivery.attempts >= MAX_ATTEMPTS or isinstance(error, channels.Permanent):
                    delivery.status, delivery.last_error, delivery.next_attempt_at = Delivery.Status.FAILED, error, None
                    logger.warning("notification delivery %s failed for good: %s", delivery.key, error)
                else:
                    delivery.status, delivery.last_error = Delivery.Status.RETRYING, error
                    delivery.next_attempt_at = now + _backoff(delivery.attempts)
                    retry_at[delivery.next_attempt_at].append(delivery.pk)
        Delivery.objects.bulk_update(
            rows, ["status", "attempts", "sent_at", "last_error", "next_attempt_at", "external_id"]
        )
        if _worker_defers():
            for when, ids in retry_at.items():
                transaction.on_commit(_enqueue_delivery(ids, run_after=when), robust=True)
    return sent


def _worker_defers() -> bool:
    from django_tasks import default_task_backend

    return bool(default_task_backend.supports_defer)


def retry_due(*, now: datetime | None = None) -> int:
    """Send every delivery whose retry is due (the worker schedules them; this also sweeps by hand)."""
    now = now or timezone.now()
    due = list(
        Delivery.objects.filter(status=Delivery.Status.RETRYING, next_attempt_at__lte=now).values_list("pk", flat=True)
    )
    sent = 0
    for start in range(0, len(due), BATCH):
        sent += deliver(due[start : start + BATCH], now=now)
    return sent


def send_digests(*, now: datetime | None = None) -> int:
    """One e-mail per person who chose the daily digest, listing what has not been e-mailed yet."""
    now = now or timezone.now()
    pending = (
        Delivery.objects.filter(channel=Channel.EMAIL, status=Delivery.Status.DIGEST, notification__created_at__lte=now)
        .select_related("notification__user")
        .order_by("notification__user_id", "notification__created_at", "id")
    )
    grouped: dict[int, list[Delivery]] = defaultdict(list)
    for delivery in pending:
        grouped[delivery.notification.user_id].append(delivery)
    messages = []
    for items in grouped.values():
        user = items[0].notification.user
        lines = [f"- {d.notification.title}\n  {channels.site_url(d.notification.url)}" for d in items]
        with translation.override(language_of(user)):
            subject = ngettext(
                "Ringkasan harian: %(count)d pemberitahuan", "Ringkasan harian: %(count)d pemberitahuan", len(items)
            ) % {"count": len(items)}
            intro = _("Pemberitahuan Anda sejak ringkasan terakhir:")
        messages.append(
            EmailMessage(subject=f"[Sinergi] {subject}", body=f"{intro}\n\n" + "\n".join(lines), to=[user.email])
        )
    if messages:
        get_connection(delivery_backend(), fail_silently=False).send_messages(messages)
        ids = [d.pk for items in grouped.values() for d in items]
        Delivery.objects.filter(pk__in=ids).update(status=Delivery.Status.SENT, sent_at=now, attempts=1)
    return len(messages)


# ---------------------------------------------------------------- the person's own choices


@transaction.atomic
def preference_set(*, by: User, channel: str, mode: str, kind: str = "") -> Preference:
    """Choose how `channel` carries one event type (`kind`) or, with `kind` empty, all of them.
    For one type, mode "" returns it to the person's choice for all types."""
    if kind:
        types.get(kind)
        if mode == "":
            removed, _rows = Preference.objects.filter(user=by, kind=kind, channel=channel).delete()
            if removed:
                audit.record(
                    by=by,
                    action="notifications.preference.changed",
                    target=by,
                    data={"kind": kind, "channel": channel, "mode": "default"},
                )
            return Preference(user=by, kind=kind, channel=channel, mode="")
    if channel not in Channel.values:
        raise ServiceError(_("Saluran tidak dikenal."), field_errors={"channel": [_("Pilih saluran yang ada.")]})
    allowed = Mode.values if channel == Channel.EMAIL else [Mode.IMMEDIATE, Mode.OFF]
    if mode not in allowed:
        message = _("Pilihan ini tidak tersedia untuk saluran tersebut.")
        raise ServiceError(message, field_errors={"mode": [message]})
    pref, _created = Preference.objects.get_or_create(user=by, kind=kind, channel=channel)
    if pref.mode != mode:
        pref.mode = mode
        pref.save(update_fields=["mode"])
        audit.record(
            by=by,
            action="notifications.preference.changed",
            target=by,
            data={"kind": kind or "*", "channel": channel, "mode": mode},
        )
    return pref


@transaction.atomic
def mark_read(*, by: User, ids: Iterable[int] | None = None) -> int:
    """Mark the person's own notifications read (all unread ones when `ids` is None)."""
    qs = Notification.objects.filter(user=by, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return int(qs.update(read_at=timezone.now()))


# ---------------------------------------------------------------- WhatsApp opt-in (personal data)

CODE_TTL = timedelta(minutes=10)
CODE_MAX_ATTEMPTS = 5


def _code_hash(phone: PhoneNumber, code: str) -> str:
    return salted_hmac("sinergi.notifications.phone", f"{phone.pk}:{phone.number}:{code}").hexdigest()


@transaction.atomic
def phone_start(*, by: User, number: str) -> PhoneNumber:
    """Opt in: record the number (unverified) and send it a one-time code by WhatsApp (in the worker)."""
    if Channel.WHATSAPP not in channels.enabled():
        raise ServiceError(_("Pemberitahuan WhatsApp belum diaktifkan di instalasi ini."))
    try:
        cleaned = clean_whatsapp(number)
    except ValueError as exc:
        raise ServiceError(str(exc), field_errors={"number": [str(exc)]}) from exc
    phone, _created = PhoneNumber.objects.select_for_update().get_or_create(user=by, defaults={"number": cleaned})
    phone.number, phone.verified_at, phone.code_attempts = cleaned, None, 0
    phone.code_hash, phone.code_expires_at = "", None
    phone.save()
    audit.record(by=by, action="notifications.phone.added", target=by, data={"phone": phone.masked})
    transaction.on_commit(lambda: _enqueue_code(phone.pk), robust=True)
    return phone


def _enqueue_code(phone_id: int) -> None:
    from .tasks import send_phone_code

    send_phone_code.enqueue(phone_id)


def phone_send_code(*, phone_id: int) -> None:
    """In the worker: make a fresh code, keep only its hash, send it to the number by WhatsApp.
    A failure is raised (recorded on the task); the person asks for a new code."""
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        phone = PhoneNumber.objects.select_for_update().get(pk=phone_id)
        phone.code_hash = _code_hash(phone, code)
        phone.code_expires_at = timezone.now() + CODE_TTL
        phone.code_attempts = 0
        phone.save(update_fields=["code_hash", "code_expires_at", "code_attempts"])
        language = language_of(phone.user)
    body = channels.whatsapp_template_message(
        to=phone.number, template=channels.CODE_TEMPLATE, language=language, params=[code]
    )
    # Authentication templates carry the code in their copy-code button as well.
    body["template"]["components"].append(
        {"type": "button", "sub_type": "url", "index": "0", "parameters": [{"type": "text", "text": code}]}
    )
    channels.whatsapp_post(body)


def phone_verify(*, by: User, code: str) -> PhoneNumber:
    """Confirm the opt-in with the code sent to the number. A wrong code counts (and the count is kept:
    the refusal is raised after its transaction commits); five wrong codes need a new one."""
    with transaction.atomic():
        phone = PhoneNumber.objects.select_for_update().filter(user=by).first()
        if phone is None or phone.verified_at is not None:
            raise ServiceError(_("Tidak ada nomor yang menunggu verifikasi."))
        message = ""
        if not phone.code_hash or phone.code_expires_at is None or phone.code_expires_at < timezone.now():
            message = _("Kode sudah kedaluwarsa; minta kode baru.")
        elif phone.code_attempts >= CODE_MAX_ATTEMPTS:
            message = _("Terlalu banyak percobaan; minta kode baru.")
        elif not constant_time_compare(_code_hash(phone, code.strip()), phone.code_hash):
            phone.code_attempts += 1
            phone.save(update_fields=["code_attempts"])
            message = _("Kode salah.")
        else:
            phone.verified_at, phone.code_hash, phone.code_expires_at = timezone.now(), "", None
            phone.save(update_fields=["verified_at", "code_hash", "code_expires_at"])
            audit.record(by=by, action="notifications.phone.verified", target=by, data={"phone": phone.masked})
    if message:
        raise ServiceError(message, field_errors={"code": [message]})
    return phone


@transaction.atomic
def phone_revoke(*, by: User) -> None:
    """Withdraw the opt-in: the number is deleted; nothing more goes to it."""
    phone = PhoneNumber.objects.select_for_update().filter(user=by).first()
    if phone is None:
        return
    masked = phone.masked
    phone.delete()
    audit.record(by=by, action="notifications.phone.revoked", target=by, data={"phone": masked})
