"""What waits for the registry office: profile claims and likely duplicates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import TimeStampedModel

from .actors import Actor


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")


class ProfileClaim(TimeStampedModel):
    """A person asks to manage an existing profile; staff approve or reject."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile_claims")
    message = models.TextField(_("bukti dan keterangan"))
    status = models.CharField(max_length=10, choices=ClaimStatus, default=ClaimStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(_("alasan keputusan"), blank=True)

    constraint_messages = {
        "claim_one_pending_per_user": (
            None,
            _("Anda sudah mengajukan klaim untuk profil ini; tunggu keputusan petugas."),
        ),
    }

    class Meta:
        verbose_name = _("klaim profil")
        verbose_name_plural = _("klaim profil")
        constraints = [
            models.UniqueConstraint(
                fields=["actor", "user"], condition=models.Q(status="pending"), name="claim_one_pending_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.actor}"


class DuplicateReason(models.TextChoices):
    SAME_NIB = "same_nib", _("NIB sama")
    SIMILAR_NAME = "similar_name", _("Nama mirip di kelurahan yang sama")


class DuplicateResolution(models.TextChoices):
    """How staff settled a flagged pair ('' while it is open)."""

    DISMISSED = "dismissed", _("Bukan duplikat")
    MERGED = "merged", _("Digabung")


class DuplicateFlag(TimeStampedModel):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="duplicate_flags")
    other = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, choices=DuplicateReason)
    score = models.FloatField(default=1.0)
    resolved = models.BooleanField(default=False)
    resolution = models.CharField(max_length=20, choices=DuplicateResolution, blank=True)

    constraint_messages = {
        "duplicate_flag_unique_pair": (None, _("Pasangan profil ini sudah ditandai sebagai kemungkinan duplikat.")),
    }

    class Meta:
        verbose_name = _("dugaan duplikat")
        verbose_name_plural = _("dugaan duplikat")
        constraints = [models.UniqueConstraint(fields=["actor", "other"], name="duplicate_flag_unique_pair")]

    def __str__(self) -> str:
        return f"{self.actor} ~ {self.other}"
