"""Initiatives of collaborative governance: proposals from offices, communities and people, their
supports, endorsements, pledges, discussion, the official answer, the decision record and follow-through.

Text fields hold Markdown source; pages render it through `markup.render` (sanitised, cached).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import Helix, Organisation
from sinergi.classification.models import Subsector
from sinergi.core import bounds
from sinergi.core.models import ConstraintMessages, TimeStampedModel
from sinergi.wilayah.models import Wilayah


class Phase(models.TextChoices):
    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Diajukan")
    OPEN = "open", _("Terbuka untuk dukungan")
    REVIEW = "review", _("Dalam kajian")
    ACCEPTED = "accepted", _("Diterima")
    REJECTED = "rejected", _("Ditolak")
    IMPLEMENTATION = "implementation", _("Dalam pelaksanaan")
    COMPLETED = "completed", _("Selesai")
    WITHDRAWN = "withdrawn", _("Ditarik")
    ARCHIVED = "archived", _("Diarsipkan")


# Phases anyone may see; drafts and fresh submissions are seen only by their authors and office staff.
PUBLIC_PHASES = frozenset(
    {
        Phase.OPEN,
        Phase.REVIEW,
        Phase.ACCEPTED,
        Phase.REJECTED,
        Phase.IMPLEMENTATION,
        Phase.COMPLETED,
        Phase.WITHDRAWN,
        Phase.ARCHIVED,
    }
)
# Phases in which organisations may endorse and pledge, and people may discuss.
ENGAGEMENT_PHASES = frozenset({Phase.OPEN, Phase.REVIEW, Phase.ACCEPTED, Phase.IMPLEMENTATION})
FOLLOW_THROUGH_PHASES = frozenset({Phase.ACCEPTED, Phase.IMPLEMENTATION, Phase.COMPLETED})
#: What a proposer writes: the fields the proposal form shows and the services apply.
INITIATIVE_FIELDS = (
    "title",
    "problem",
    "goal",
    "kecamatan",
    "beneficiaries",
    "budget_estimate",
    "resources_needed",
    "timeline",
)


class ProposerType(models.TextChoices):
    OFFICE = "office", _("Perangkat daerah")
    COMMUNITY = "community", _("Komunitas")
    BUSINESS = "business", _("Usaha")
    CAMPUS = "campus", _("Perguruan tinggi")
    MEDIA = "media", _("Media")
    PERSON = "person", _("Perorangan")


HELIX_OF_PROPOSER = {
    ProposerType.OFFICE: Helix.GOVERNMENT,
    ProposerType.COMMUNITY: Helix.COMMUNITY,
    ProposerType.BUSINESS: Helix.BUSINESS,
    ProposerType.CAMPUS: Helix.ACADEMIA,
    ProposerType.MEDIA: Helix.MEDIA,
    ProposerType.PERSON: Helix.COMMUNITY,
}


class Initiative(TimeStampedModel):
    title = models.CharField(_("judul"), max_length=200)
    proposer_type = models.CharField(_("jenis pengusul"), max_length=20, choices=ProposerType)
    proposer_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisasi pengusul"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pengusul"), on_delete=models.PROTECT, related_name="initiatives"
    )
    coauthors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("pengusul bersama"), blank=True, related_name="coauthored_initiatives"
    )
    problem = models.TextField(_("masalah"), max_length=10_000)
    goal = models.TextField(_("tujuan"), max_length=10_000)
    subsectors = models.ManyToManyField(Subsector, verbose_name=_("subsektor"), blank=True, related_name="+")
    kecamatan = models.ForeignKey(
        Wilayah,
        verbose_name=_("kecamatan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "kecamatan"},
    )
    beneficiaries = models.TextField(_("penerima manfaat"), max_length=5_000, blank=True)
    budget_estimate = models.DecimalField(
        _("perkiraan anggaran (Rp)"),
        max_digits=16,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[bounds.MoneyValidator()],
    )
    resources_needed = models.TextField(_("sumber daya yang dibutuhkan"), max_length=5_000, blank=True)
    timeline = models.TextField(_("jadwal"), max_length=5_000, blank=True)
    phase = models.CharField(_("tahap"), max_length=20, choices=Phase, default=Phase.DRAFT)
    support_threshold = models.PositiveIntegerField(_("ambang dukungan"), default=100)
    support_deadline = models.DateField(_("batas waktu dukungan"), null=True, blank=True)
    # Denormalised: online supports, kept exact by F() updates in the support services (ADR 0003).
    support_count = models.PositiveIntegerField(_("dukungan daring"), default=0)
    offline_support_count = models.PositiveIntegerField(_("dukungan luring"), default=0)
    answer = models.TextField(_("jawaban resmi"), max_length=20_000, blank=True)
    answered_at = models.DateTimeField(_("dijawab"), null=True, blank=True)
    phase_reason = models.TextField(_("alasan perubahan tahap"), max_length=5_000, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(_("data demo"), default=False)

    class Meta:
        verbose_name = _("inisiatif")
        verbose_name_plural = _("inisiatif")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["phase", "-created_at"], name="initiative_phase_created"),
            models.Index(fields=["kecamatan", "phase"], name="initiative_kecamatan_phase"),
            models.Index(fields=["proposer_type", "phase"], name="initiative_proposer_phase"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def total_supports(self) -> int:
        return self.support_count + self.offline_support_count

    @property
    def support_percent(self) -> float:
        if not self.support_threshold:
            return 100.0
        return min(100.0, 100.0 * self.total_supports / self.support_threshold)

    @property
    def proposer_helix(self) -> str:
        return str(HELIX_OF_PROPOSER[ProposerType(self.proposer_type)])

    @property
    def is_public(self) -> bool:
        return self.phase in PUBLIC_PHASES

    @property
    def proposer_label(self) -> str:
        if self.proposer_organisation_id:
            return str(self.proposer_organisation)
        return str(self.author)


class PhaseChange(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(max_length=20, choices=Phase, blank=True)
    to_phase = models.CharField(max_length=20, choices=Phase)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.from_phase} → {self.to_phase}"


class Attachment(models.Model):
    """A private upload: initiative attachments, decision minutes, result evidence."""

    class Kind(models.TextChoices):
        INITIATIVE = "initiative", _("Lampiran")
        MINUTES = "minutes", _("Notulen keputusan")
        EVIDENCE = "evidence", _("Bukti hasil")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INITIATIVE)
    file = models.FileField(upload_to="collaboration/%Y/%m/", max_length=300)
    name = models.CharField(_("nama berkas"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    is_internal = models.BooleanField(_("internal (hanya petugas)"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name


class Support(ConstraintMessages, models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="initiative_supports")
    created_at = models.DateTimeField(auto_now_add=True)

    constraint_messages = {
        "support_unique_user": (None, _("Anda sudah mendukung inisiatif ini.")),
    }

    class Meta:
        constraints = [models.UniqueConstraint(fields=["initiative", "user"], name="support_unique_user")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.initiative_id}"


class OfflineSupport(models.Model):
    """Supports collected on paper at a meeting, recorded by office staff with their source."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="offline_supports")
    count = models.PositiveIntegerField(_("jumlah"))
    source = models.CharField(_("sumber (pertemuan, tanggal)"), max_length=300)
    collected_on = models.DateField(_("tanggal"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.count} ({self.source})"


class Endorsement(ConstraintMessages, models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="endorsements")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="endorsements")
    helix = models.CharField(_("heliks"), max_length=20, choices=Helix.choices)
    statement = models.TextField(_("pernyataan"), max_length=5_000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    constraint_messages = {
        "endorsement_unique_organisation": ("organisation", _("Organisasi ini sudah mendukung inisiatif ini.")),
    }

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "organisation"], name="endorsement_unique_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.initiative_id}"


class PledgeKind(models.TextChoices):
    FUNDING = "funding", _("Pendanaan")
    VENUE = "venue", _("Tempat")
    MENTORS = "mentors", _("Mentor")
    EQUIPMENT = "equipment", _("Peralatan")
    MEDIA = "media", _("Liputan media")
    VOLUNTEERS = "volunteers", _("Relawan")


class PledgeStatus(models.TextChoices):
    OFFERED = "offered", _("Ditawarkan")
    CONFIRMED = "confirmed", _("Dikonfirmasi")
    DELIVERED = "delivered", _("Diserahkan")


class Pledge(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="pledges")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="pledges")
    helix = models.CharField(_("heliks"), max_length=20, choices=Helix.choices)
    kind = models.CharField(_("jenis"), max_length=20, choices=PledgeKind)
    description = models.TextField(_("uraian"), max_length=5_000)
    amount = models.DecimalField(
        _("nilai (Rp)"), max_digits=16, decimal_places=0, null=True, blank=True, validators=[bounds.MoneyValidator()]
    )
    status = models.CharField(_("status"), max_length=20, choices=PledgeStatus, default=PledgeStatus.OFFERED)
    offered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.organisation}"


class Stance(models.TextChoices):
    FOR = "for", _("Mendukung")
    AGAINST = "against", _("Menolak")
    NEUTRAL = "neutral", _("Netral")


class Comment(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="initiative_comments")
    stance = models.CharField(_("sikap"), max_length=10, choices=Stance, default=Stance.NEUTRAL)
    body = models.TextField(_("komentar"), max_length=5_000)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.TextField(_("alasan disembunyikan"), blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    report_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.body[:40]}"


class CommentReport(ConstraintMessages, models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("alasan"), max_length=1_000)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    constraint_messages = {
        "comment_report_unique": (None, _("Anda sudah melaporkan komentar ini.")),
    }

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="comment_report_unique")]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.reason[:40]}"


class UserBlock(ConstraintMessages, models.Model):
    """A person blocked from commenting and supporting; lifted by setting lifted_at."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collaboration_blocks")
    reason = models.TextField(_("alasan"), max_length=2_000)
    blocked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    constraint_messages = {
        "user_block_one_active": ("user", _("Pengguna ini sedang diblokir.")),
    }

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=Q(lifted_at__isnull=True), name="user_block_one_active")
        ]

    def __str__(self) -> str:
        return f"blokir {self.user_id}"


class DecisionRecord(models.Model):
    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("Diterima")
        REJECTED = "rejected", _("Ditolak")

    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by_label = models.CharField(_("diputuskan oleh"), max_length=300)
    decided_at = models.DateTimeField(_("waktu keputusan"))
    grounds = models.TextField(_("dasar keputusan"), max_length=20_000)
    minutes = models.ForeignKey(Attachment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} — {self.initiative_id}"


class Milestone(ConstraintMessages, models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("tonggak"), max_length=200)
    due_date = models.DateField(_("target tanggal"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    notes = models.TextField(_("catatan"), max_length=5_000, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    constraint_messages = {
        "milestone_progress_max_100": ("progress", _("Kemajuan paling tinggi 100%.")),
    }

    class Meta:
        ordering = ["due_date", "id"]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="milestone_progress_max_100")]

    def __str__(self) -> str:
        return self.title


class MilestoneUpdate(models.Model):
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="updates")
    progress = models.PositiveSmallIntegerField()
    note = models.TextField(max_length=5_000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.milestone_id}: {self.progress}%"


class Result(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="results")
    title = models.CharField(_("hasil"), max_length=200)
    description = models.TextField(_("uraian"), max_length=10_000, blank=True)
    evidence = models.ForeignKey(Attachment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    evidence_url = models.URLField(_("tautan bukti"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title
