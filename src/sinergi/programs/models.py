"""Fostering programs (pembinaan): the call for applications with its own questions, selection, the
cohort, sessions and attendance, outcomes (baseline and follow-up), certificates and fostering letters."""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import Organisation
from sinergi.classification.models import Subsector
from sinergi.core import bounds
from sinergi.core.models import ConstraintMessages, TimeStampedModel
from sinergi.registry.models import Actor
from sinergi.wilayah.models import Wilayah


def verification_code() -> str:
    """Short enough to type from paper, long enough not to guess: 12 characters of base32-like text."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class ProgramKind(models.TextChoices):
    TRAINING = "training", _("Pelatihan")
    MENTORING = "mentoring", _("Pendampingan")
    CERTIFICATION = "certification", _("Fasilitasi sertifikasi")
    MARKET_ACCESS = "market_access", _("Akses pasar")
    INCUBATION = "incubation", _("Inkubasi")


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    OPEN = "open", _("Pendaftaran dibuka")
    SELECTION = "selection", _("Seleksi")
    RUNNING = "running", _("Berjalan")
    CLOSED = "closed", _("Selesai")


# The program's lifecycle: draft → open for applications → selection → running → closed. A step back is
# allowed where it undoes a mistake (reopening the call during selection, unpublishing a call nobody
# has applied to yet: `services.program_set_status` checks that).
STATUS_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ProgramStatus.DRAFT: (ProgramStatus.OPEN,),
    ProgramStatus.OPEN: (ProgramStatus.SELECTION, ProgramStatus.DRAFT),
    ProgramStatus.SELECTION: (ProgramStatus.RUNNING, ProgramStatus.OPEN),
    ProgramStatus.RUNNING: (ProgramStatus.CLOSED,),
    ProgramStatus.CLOSED: (),
}


class FosteredRule(models.TextChoices):
    ANY = "any", _("Semua pelaku")
    FOSTERED = "fostered", _("Hanya binaan")
    NOT_FOSTERED = "not_fostered", _("Hanya yang belum dibina")


class QuestionType(models.TextChoices):
    """The kind of answer a call's own question takes (each question in `Program.questions` names one)."""

    TEXT = "text", _("Teks")
    NUMBER = "number", _("Angka")
    YESNO = "yesno", _("Ya/tidak")
    CHOICE = "choice", _("Pilih salah satu")


class Program(TimeStampedModel):
    title = models.CharField(_("nama program"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=ProgramKind)
    certification = models.CharField(
        _("sertifikasi yang difasilitasi"),
        max_length=10,
        blank=True,
        help_text=_("Untuk fasilitasi sertifikasi: halal, pirt, hki …"),
    )
    description = models.TextField(_("deskripsi"), blank=True)
    organiser = models.ForeignKey(
        Organisation, verbose_name=_("penyelenggara"), on_delete=models.PROTECT, related_name="programs"
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("mitra"), blank=True, related_name="partner_programs"
    )
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"))
    status = models.CharField(_("status"), max_length=12, choices=ProgramStatus, default=ProgramStatus.DRAFT)
    # Eligibility
    eligible_subsectors = models.ManyToManyField(
        Subsector, verbose_name=_("subsektor yang boleh mendaftar"), blank=True, related_name="+"
    )
    eligible_size_classes = models.JSONField(_("skala usaha yang boleh mendaftar"), default=list, blank=True)
    eligible_kecamatan = models.ManyToManyField(
        Wilayah, verbose_name=_("kecamatan yang boleh mendaftar"), blank=True, related_name="+"
    )
    fostered_rule = models.CharField(_("status binaan"), max_length=14, choices=FosteredRule, default=FosteredRule.ANY)
    # The call for applications
    call_opens = models.DateField(_("pendaftaran dibuka"), null=True, blank=True)
    call_closes = models.DateField(_("pendaftaran ditutup"), null=True, blank=True)
    questions = models.JSONField(
        _("pertanyaan formulir"),
        default=list,
        blank=True,
        help_text=_('Daftar {"key", "label", "type": text|number|choice|yesno, "required", "choices"}.'),
    )
    initiative = models.ForeignKey(
        "collaboration.Initiative",
        verbose_name=_("inisiatif yang dilaksanakan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="programs",
    )
    cohort_size = models.PositiveIntegerField(_("jumlah peserta"), default=20, validators=[MinValueValidator(1)])
    is_demo = models.BooleanField(_("data demo"), default=False)

    constraint_messages = {
        "program_dates_ordered": ("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai.")),
    }

    class Meta:
        verbose_name = _("program pembinaan")
        verbose_name_plural = _("program pembinaan")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="program_dates_ordered")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status != ProgramStatus.DRAFT

    def accepts_applications(self, today: date | None = None) -> bool:
        """Open for applications and within the call's dates (the one rule pages and services share)."""
        today = today or timezone.localdate()
        return (
            self.status == ProgramStatus.OPEN
            and not (self.call_opens and today < self.call_opens)
            and not (self.call_closes and today > self.call_closes)
        )

    @property
    def accepting_applications(self) -> bool:
        return self.accepts_applications()

    @property
    def next_statuses(self) -> list[tuple[str, str]]:
        """The statuses this program may move to next, as (value, label)."""
        return [(s, str(ProgramStatus(s).label)) for s in STATUS_TRANSITIONS[self.status]]


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Diajukan")
    ACCEPTED = "accepted", _("Diterima")
    REJECTED = "rejected", _("Ditolak")
    WITHDRAWN = "withdrawn", _("Ditarik")


class ProgramApplication(TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="applications")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="program_applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="program_applications"
    )
    answers = models.JSONField(_("jawaban"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ApplicationStatus, default=ApplicationStatus.SUBMITTED
    )
    score = models.PositiveSmallIntegerField(
        _("nilai seleksi (0–100)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    notes = models.TextField(_("catatan seleksi"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)

    constraint_messages = {
        "program_application_once": ("actor", _("Usaha ini sudah mendaftar di program ini.")),
    }

    class Meta:
        verbose_name = _("pendaftaran program")
        verbose_name_plural = _("pendaftaran program")
        ordering = ["status", "-score", "created_at"]
        constraints = [models.UniqueConstraint(fields=["program", "actor"], name="program_application_once")]

    def __str__(self) -> str:
        return f"{self.actor} → {self.program}"

    @property
    def answer_rows(self) -> list[tuple[str, str]]:
        """The answers as a reviewer reads them: (question label, answer), "Punya P-IRT?" → "ya"."""
        from .eligibility import answer_rows

        return answer_rows(self.program.questions or [], self.answers or {})


class ParticipantStatus(models.TextChoices):
    ACTIVE = "active", _("Peserta")
    COMPLETED = "completed", _("Lulus")
    DROPPED = "dropped", _("Mundur")


class SignedDocument(models.Model):
    """The signatory of an official document, copied from the issuing office when it is issued: a letter
    printed again years later still shows who signed it, not the office's current head. Documents issued
    before signatories were recorded have none and print the office's current signatory
    (programs.documents)."""

    signatory_name = models.CharField(_("nama penanda tangan"), max_length=120, blank=True)
    signatory_title = models.CharField(_("jabatan penanda tangan"), max_length=160, blank=True)
    signatory_nip = models.CharField(_("NIP penanda tangan"), max_length=18, blank=True)

    class Meta:
        abstract = True

    def sign_for(self, office: Organisation) -> None:
        self.signatory_name = office.signatory_name
        self.signatory_title = office.signatory_title
        self.signatory_nip = office.signatory_nip


class Participant(SignedDocument, TimeStampedModel):
    """A member of the program's cohort."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="participants")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="program_participations")
    application = models.OneToOneField(
        ProgramApplication, null=True, blank=True, on_delete=models.SET_NULL, related_name="participant"
    )
    status = models.CharField(_("status"), max_length=10, choices=ParticipantStatus, default=ParticipantStatus.ACTIVE)
    completed_on = models.DateField(_("lulus"), null=True, blank=True)
    certificate_code = models.CharField(
        _("kode verifikasi sertifikat"), max_length=16, unique=True, null=True, blank=True
    )
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=60, unique=True, null=True, blank=True)

    constraint_messages = {
        "participant_once_per_program": ("actor", _("Usaha ini sudah menjadi peserta program ini.")),
    }

    class Meta:
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        ordering = ["actor__name"]
        constraints = [models.UniqueConstraint(fields=["program", "actor"], name="participant_once_per_program")]

    def __str__(self) -> str:
        return f"{self.actor} · {self.program}"


class ProgramSession(TimeStampedModel):
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("materi"), max_length=200)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    venue = models.CharField(_("tempat"), max_length=200)
    trainer = models.CharField(_("pelatih/narasumber"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("kapasitas"), validators=[MinValueValidator(1)])

    constraint_messages = {
        "program_session_times_ordered": ("ends_at", _("Waktu selesai harus setelah waktu mulai.")),
    }

    class Meta:
        verbose_name = _("sesi program")
        verbose_name_plural = _("sesi program")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="program_session_times_ordered")
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(ConstraintMessages, models.Model):
    session = models.ForeignKey(ProgramSession, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("hadir"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    constraint_messages = {
        "attendance_once": (None, _("Presensi peserta ini untuk sesi ini sudah dicatat.")),
    }

    class Meta:
        verbose_name = _("presensi")
        verbose_name_plural = _("presensi")
        constraints = [models.UniqueConstraint(fields=["session", "participant"], name="attendance_once")]

    def __str__(self) -> str:
        return f"{self.participant} @ {self.session}"


class OutcomeStage(models.TextChoices):
    BASELINE = "baseline", _("Awal (sebelum program)")
    FOLLOWUP = "followup", _("Tindak lanjut (sesudah program)")


class Outcome(TimeStampedModel):
    """A participant's situation at the start and at follow-up; the program report compares the two."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="outcomes")
    stage = models.CharField(_("tahap"), max_length=10, choices=OutcomeStage)
    recorded_on = models.DateField(_("tanggal pencatatan"), validators=[bounds.validate_recorded_date])
    monthly_sales = models.DecimalField(
        _("omzet per bulan (Rp)"),
        max_digits=14,
        decimal_places=0,
        validators=[bounds.MoneyValidator(bounds.SALES_MONTH_MAX)],
    )
    workers = models.PositiveIntegerField(_("tenaga kerja"), validators=bounds.workers_validators())
    certifications = models.JSONField(_("sertifikasi dimiliki"), default=list, blank=True)
    markets = models.PositiveIntegerField(
        _("jumlah pasar/saluran penjualan"), default=0, validators=[MaxValueValidator(bounds.MARKETS_MAX)]
    )
    notes = models.TextField(_("catatan"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    constraint_messages = {
        "outcome_once_per_stage": ("stage", _("Capaian untuk tahap ini sudah dicatat.")),
    }

    class Meta:
        verbose_name = _("capaian")
        verbose_name_plural = _("capaian")
        constraints = [models.UniqueConstraint(fields=["participant", "stage"], name="outcome_once_per_stage")]

    def __str__(self) -> str:
        return f"{self.participant} · {self.get_stage_display()}"


class FosteringLetter(SignedDocument, TimeStampedModel):
    """Surat keterangan binaan: the office confirms an actor is fostered (it lowers trademark fees)."""

    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="fostering_letters")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("nomor surat"), max_length=60, unique=True)
    code = models.CharField(_("kode verifikasi"), max_length=16, unique=True, default=verification_code)
    issued_on = models.DateField(_("tanggal"))
    purpose = models.CharField(
        _("keperluan"), max_length=200, default="Permohonan pendaftaran merek (keringanan biaya)"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("surat keterangan binaan")
        verbose_name_plural = _("surat keterangan binaan")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.number
