"""In-app notifications (always on) and their e-mail (immediate, daily digest or off, per person).

`notify` writes the rows inside the caller's transaction and, once it commits, enqueues a task that
sends the immediate e-mails, so a request never waits for the mail server.

Each row is written in its recipient's language (`User.language`): pass the title and body as
callables (`lambda: _("…%(title)s") % {…}`) and they are rendered once per language, so an English
reader is not told in the language of whoever acted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sinergi.core.languages import language_of

from .models import EmailMode, Initiative, Notification, NotificationPreference

EMAIL_BATCH = 200

Text = str | Callable[[], str]


def _render(text: Text, language: str) -> str:
    if not callable(text):
        return text
    with translation.override(language):
        return str(text())


def email_mode_for(user_ids: Iterable[int]) -> dict[int, str]:
    ids = list(user_ids)
    modes = dict(NotificationPreference.objects.filter(user_id__in=ids).values_list("user_id", "email_mode"))
    return {uid: modes.get(uid, EmailMode.IMMEDIATE) for uid in ids}


def notify(
    *, users: Iterable[Any], kind: str, title: Text, body: Text = "", initiative: Initiative | None = None
) -> list[Notification]:
    """One notification per distinct active user, in their language; immediate e-mails go out after commit."""
    by_id = {u.pk: u for u in users if u is not None and getattr(u, "is_active", True)}
    if not by_id:
        return []
    modes = email_mode_for(by_id)
    url = f"/kolaborasi/{initiative.pk}/" if initiative is not None else ""
    texts: dict[str, tuple[str, str]] = {}
    for user in by_id.values():
        language = language_of(user)
        if language not in texts:
            texts[language] = (_render(title, language), _render(body, language))
    rows = []
    for uid in sorted(by_id):
        title_text, body_text = texts[language_of(by_id[uid])]
        rows.append(
            Notification(
                user_id=uid,
                kind=kind,
                title=title_text[:300],
                body=body_text,
                url=url,
                initiative=initiative,
                email_mode=modes[uid],
            )
        )
    created = Notification.objects.bulk_create(rows)
    immediate = [n.pk for n in created if n.email_mode == EmailMode.IMMEDIATE and n.pk is not None]
    if not immediate:
        # Some databases do not return ids from bulk_create; read them back.
        immediate = list(
            Notification.objects.filter(
                kind=kind,
                initiative=initiative,
                email_mode=EmailMode.IMMEDIATE,
                emailed_at__isnull=True,
                user_id__in=list(by_id),
            ).values_list("pk", flat=True)
        )
    if immediate:
        from .tasks import send_notification_emails

        for start in range(0, len(immediate), EMAIL_BATCH):
            transaction.on_commit(_enqueue(send_notification_emails, immediate[start : start + EMAIL_BATCH]))
    return created


def _enqueue(task: Any, ids: list[int]) -> Any:
    def run() -> None:
        task.enqueue(ids)

    return run


def _site_url(path: str) -> str:
    base = getattr(settings, "SINERGI_SITE_URL", "").rstrip("/")
    return f"{base}{path}" if path else base


def deliver(notification_ids: list[int]) -> int:
    """Send the immediate e-mails of these notifications (skipping those already sent or switched off)."""
    pending = list(
        Notification.objects.filter(
            pk__in=notification_ids, emailed_at__isnull=True, email_mode=EmailMode.IMMEDIATE
        ).select_related("user")
    )
    messages = [
        EmailMessage(
            subject=f"[Sinergi] {n.title}",
            body=f"{n.body}\n\n{_site_url(n.url)}".strip(),
            to=[n.user.email],
        )
        for n in pending
    ]
    if messages:
        get_connection().send_messages(messages)
        Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=timezone.now())
    return len(messages)


def send_digests(*, now: datetime | None = None) -> int:
    """One e-mail per person who chose the daily digest, listing what has not been e-mailed yet."""
    now = now or timezone.now()
    pending = (
        Notification.objects.filter(email_mode=EmailMode.DIGEST, emailed_at__isnull=True, created_at__lte=now)
        .select_related("user")
        .order_by("user_id", "created_at", "id")
    )
    grouped: dict[int, list[Notification]] = defaultdict(list)
    for n in pending:
        grouped[n.user_id].append(n)
    messages = []
    for items in grouped.values():
        user = items[0].user
        lines = [f"- {n.title}\n  {_site_url(n.url)}" for n in items]
        with translation.override(language_of(user)):
            subject = ngettext(
                "Ringkasan harian: %(count)d pemberitahuan", "Ringkasan harian: %(count)d pemberitahuan", len(items)
            ) % {"count": len(items)}
            intro = _("Pemberitahuan Anda sejak ringkasan terakhir:")
        messages.append(
            EmailMessage(subject=f"[Sinergi] {subject}", body=f"{intro}\n\n" + "\n".join(lines), to=[user.email])
        )
    if messages:
        get_connection().send_messages(messages)
        ids = [n.pk for items in grouped.values() for n in items]
        Notification.objects.filter(pk__in=ids).update(emailed_at=now)
    return len(messages)
