"""What a person was told (Notification, the in-app channel), how it travelled (Delivery, one per
external channel) and what they want to hear (Preference, per event type and channel)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import ConstraintMessages
from sinergi.core.phones import mask, redact


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", _("WhatsApp")


class Mode(models.TextChoices):
    IMMEDIATE = "immediate", _("Segera")
    DIGEST = "digest", _("Ringkasan harian")
    OFF = "off", _("Tidak")


class Notification(ConstraintMessages, models.Model):
    """One per recipient of an event: the in-app notification, always recorded."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=80)  # the event type's key
    event_key = models.CharField(max_length=64)  # one per emitted event
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    # The office workflow object the event belongs to (types.EventType.subject): "events.event" and its
    # id; empty when the event is nobody's workflow. Its office's staff see the delivery status.
    subject_type = models.CharField(max_length=80, blank=True)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    constraint_messages = {
        "notification_once_per_event": ("event_key", _("Peristiwa ini sudah diberitahukan kepada orang ini.")),
    }

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notif_user_unread"),
            models.Index(fields=["subject_type", "subject_id"], name="notif_subject"),
        ]
        constraints = [models.UniqueConstraint(fields=["event_key", "user"], name="notification_once_per_event")]

    def __str__(self) -> str:
        return self.title


class Delivery(ConstraintMessages, models.Model):
    """One per notification and external channel; the worker moves it to sent or failed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        RETRYING = "retrying", _("Dicoba lagi")
        DIGEST = "digest", _("Menunggu ringkasan")
        SENT = "sent", _("Terkirim")
        FAILED = "failed", _("Gagal")

    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(max_length=20, choices=Channel)
    # event × recipient × channel: the database refuses a second delivery of one event.
    key = models.CharField(max_length=120)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # What the channel needs beyond the notification's text, rendered in the recipient's language at
    # dispatch (WhatsApp: template name, language, parameters, image); never a phone number.
    payload = models.JSONField(default=dict, blank=True)
    external_id = models.CharField(max_length=200, blank=True)  # the provider's message id

    constraint_messages = {"delivery_once": ("key", _("Pesan ini sudah dijadwalkan lewat saluran ini."))}

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["key"], name="delivery_once")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="delivery_due")]

    def __str__(self) -> str:
        return self.key

    @property
    def error_for_staff(self) -> str:
        """The last error with any address or number in it masked (office staff see why, not where)."""
        return redact(self.last_error)


class Preference(ConstraintMessages, models.Model):
    """A person's choice for one channel: for one event type, or for all (`kind` empty)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=80, blank=True)
    channel = models.CharField(max_length=20, choices=Channel)
    mode = models.CharField(_("kirim"), max_length=20, choices=Mode, default=Mode.IMMEDIATE)

    constraint_messages = {
        "preference_once": ("mode", _("Pilihan untuk jenis dan saluran ini sudah ada.")),
    }

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind", "channel"], name="preference_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind or '*'} {self.channel}: {self.mode}"


class PhoneNumber(models.Model):
    """A person's WhatsApp number, only with their opt-in, verified by a one-time code sent to it.

    Personal data (UU 27/2022): shown masked, only to its owner; the audit log records the masked
    form; revoking deletes the number. The code is stored as a hash and expires.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="whatsapp")
    number = models.CharField(_("nomor WhatsApp"), max_length=20)
    code_hash = models.CharField(max_length=128, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    code_attempts = models.PositiveSmallIntegerField(default=0)
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.masked

    @property
    def masked(self) -> str:
        return mask(self.number, keep_start=5, keep_end=3)
