"""Events (acara): sessions, visitor registrations and tickets, check-in, booths and their allocation, sales.

Models hold data and single-row invariants; capacity, waiting lists and allocation live in services.py,
which lock the capacity row (`select_for_update`) and rely on the unique constraints below so that no
booth is double-booked and no person counted twice, also under concurrent requests.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import Organisation
from sinergi.classification.models import Subsector
from sinergi.core import bounds
from sinergi.core.models import TimeStampedModel
from sinergi.registry.models import Actor, Community


def new_code() -> str:
    """An unguessable ticket or verification code (about 128 bits)."""
    return secrets.token_urlsafe(16)


# The short ticket code a person reads out or types at the door: no 0/O, 1/I/L to confuse.
TICKET_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TICKET_CODE_LENGTH = 8


def new_ticket_code() -> str:
    """8 characters of an unambiguous alphabet (about 40 bits): short to type, unique over all tickets."""
    return "".join(secrets.choice(TICKET_CODE_ALPHABET) for _ in range(TICKET_CODE_LENGTH))


def normalise_ticket_code(text: str) -> str:
    """A typed code as stored: upper case, without spaces or dashes ("abcd-efgh " → "ABCDEFGH")."""
    return "".join(ch for ch in text.upper() if ch not in " -\t\u2010\u2011\u2012\u2013\u2014")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    PUBLISHED = "published", _("Diumumkan")
    LOCKED = "locked", _("Selesai, laporan dikunci")


class RegistrationWindow(models.TextChoices):
    """Where the present moment lies in an event's registration window (computed, never stored)."""

    NOT_YET = "not_yet", _("Belum dibuka")
    OPEN = "open", _("Dibuka")
    CLOSED = "closed", _("Ditutup")


class Event(TimeStampedModel):
    title = models.CharField(_("nama acara"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("deskripsi"), blank=True)
    start_date = models.DateField(_("mulai"))
    end_date = models.DateField(_("selesai"))
    venue = models.CharField(_("tempat"), max_length=200)
    venue_address = models.CharField(_("alamat tempat"), max_length=300, blank=True)
    organiser = models.ForeignKey(
        Organisation, verbose_name=_("penyelenggara"), on_delete=models.PROTECT, related_name="organised_events"
    )
    partners = models.ManyToManyField(Organisation, verbose_name=_("mitra"), blank=True, related_name="partner_events")
    communities = models.ManyToManyField(
        Community, verbose_name=_("komunitas yang terlibat"), blank=True, related_name="events"
    )
    actors = models.ManyToManyField(Actor, verbose_name=_("pelaku yang terlibat"), blank=True, related_name="events")
    daily_sales_target = models.DecimalField(
        _("target penjualan per hari (Rp)"),
        max_digits=16,
        decimal_places=0,
        default=0,
        validators=[bounds.MoneyValidator(bounds.SALES_DAY_MAX)],
    )
    previous_edition = models.ForeignKey(
        "self",
        verbose_name=_("edisi sebelumnya"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_editions",
    )
    initiative = models.ForeignKey(
        "collaboration.Initiative",
        verbose_name=_("inisiatif yang dilaksanakan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    registration_opens_at = models.DateTimeField(
        _("pendaftaran pengunjung dibuka"),
        null=True,
        blank=True,
        help_text=_("Kosongkan agar pendaftaran dibuka begitu acara diumumkan."),
    )
    registration_closes_at = models.DateTimeField(
        _("pendaftaran pengunjung ditutup"),
        null=True,
        blank=True,
        help_text=_("Kosongkan agar pendaftaran tetap dibuka sampai sesinya selesai."),
    )
    status = models.CharField(_("status"), max_length=12, choices=EventStatus, default=EventStatus.DRAFT)
    locked_at = models.DateTimeField(_("dikunci"), null=True, blank=True)
    is_demo = models.BooleanField(_("data demo"), default=False)

    constraint_messages = {
        "event_dates_ordered": ("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai.")),
        "event_registration_window_ordered": (
            "registration_closes_at",
            _("Pendaftaran harus ditutup setelah dibuka."),
        ),
    }

    class Meta:
        verbose_name = _("acara")
        verbose_name_plural = _("acara")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="event_dates_ordered"),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=models.F("registration_opens_at")),
                name="event_registration_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status in {EventStatus.PUBLISHED, EventStatus.LOCKED}

    def registration_state(self, now: datetime | None = None) -> RegistrationWindow:
        """Whether visitors may register now, by the event's registration window."""
        moment = now or timezone.now()
        if self.registration_opens_at is not None and moment < self.registration_opens_at:
            return RegistrationWindow.NOT_YET
        if self.registration_closes_at is not None and moment >= self.registration_closes_at:
            return RegistrationWindow.CLOSED
        return RegistrationWindow.OPEN

    def days(self) -> list[date]:
        span = (self.end_date - self.start_date).days
        return [self.start_date + timedelta(days=i) for i in range(span + 1)]

    def sales_locked(self, today: date | None = None) -> bool:
        """Sellers report until the day after the event; then, or once staff lock it, only corrections."""
        day = today or timezone.localdate()
        return self.status == EventStatus.LOCKED or day > self.end_date + timedelta(days=1)


class SessionKind(models.TextChoices):
    BAZAAR = "bazaar", _("Bazar")
    WORKSHOP = "workshop", _("Lokakarya")
    TALK_SHOW = "talk_show", _("Talk show")
    COOKING_DEMO = "cooking_demo", _("Demo masak")
    PERFORMANCE = "performance", _("Pentas panggung")


class EventSession(TimeStampedModel):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("jenis"), max_length=20, choices=SessionKind)
    title = models.CharField(_("judul"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    place = models.CharField(_("tempat"), max_length=120)
    speakers = models.CharField(_("pembicara/pengisi"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("kapasitas"), validators=[MinValueValidator(1)])

    constraint_messages = {
        "event_session_times_ordered": ("ends_at", _("Waktu selesai harus setelah waktu mulai.")),
    }

    class Meta:
        verbose_name = _("sesi acara")
        verbose_name_plural = _("sesi acara")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="event_session_times_ordered")
        ]

    def __str__(self) -> str:
        return self.title


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Terdaftar")
    WAITLISTED = "waitlisted", _("Daftar tunggu")
    CANCELLED = "cancelled", _("Dibatalkan")


ACTIVE_REGISTRATION = Q(status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED])


class Registration(TimeStampedModel):
    """A visitor's place in a session, or in its waiting list; its code is the QR ticket."""

    session = models.ForeignKey(EventSession, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("nama"), max_length=200)
    email = models.EmailField(_("e-mail"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="event_registrations"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus, default=RegistrationStatus.CONFIRMED
    )
    code = models.CharField(_("token tiket"), max_length=32, unique=True, default=new_code)
    short_code = models.CharField(
        _("kode tiket"), max_length=TICKET_CODE_LENGTH, unique=True, default=new_ticket_code, editable=False
    )
    promoted_at = models.DateTimeField(_("naik dari daftar tunggu"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("dibatalkan"), null=True, blank=True)

    constraint_messages = {
        "registration_one_active_per_person": ("email", _("E-mail ini sudah terdaftar di sesi ini.")),
    }

    class Meta:
        verbose_name = _("pendaftaran")
        verbose_name_plural = _("pendaftaran")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "email"], condition=ACTIVE_REGISTRATION, name="registration_one_active_per_person"
            )
        ]
        indexes = [models.Index(fields=["session", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.name} · {self.session}"

    @property
    def display_code(self) -> str:
        """The short code as printed: two groups of four ("ABCD-EFGH")."""
        half = TICKET_CODE_LENGTH // 2
        return f"{self.short_code[:half]}-{self.short_code[half:]}"


class ScanOutcome(models.TextChoices):
    """What a ticket scanned at the door came to (the door's page and the sync API answer with it)."""

    OK = "ok", _("Check-in berhasil")
    ALREADY = "already", _("Sudah check-in")
    UNKNOWN = "unknown", _("Kode tidak dikenal")
    WAITLISTED = "waitlisted", _("Daftar tunggu")
    CANCELLED = "cancelled", _("Dibatalkan")
    OTHER_EVENT = "other_event", _("Acara lain")
    OUT_OF_TIME = "out_of_time", _("Waktu pindai tidak mungkin")


class CheckIn(models.Model):
    """A ticket scanned at the door. One per ticket: a second scan or a re-synced scan counts nothing."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="checkin")
    client_uuid = models.UUIDField(_("kode pemindaian"), unique=True, null=True, blank=True)
    scanned_at = models.DateTimeField(_("dipindai"))
    received_at = models.DateTimeField(_("diterima server"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("kehadiran")
        verbose_name_plural = _("kehadiran")

    def __str__(self) -> str:
        return f"{self.registration} @ {self.scanned_at:%H:%M}"


class BoothSize(models.TextChoices):
    SMALL = "2x2", _("Kecil 2×2 m")
    STANDARD = "3x3", _("Standar 3×3 m")
    LARGE = "3x6", _("Besar 3×6 m")


BOOTH_SIZE_RANK = {BoothSize.SMALL: 0, BoothSize.STANDARD: 1, BoothSize.LARGE: 2}


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Diajukan")
    ACCEPTED = "accepted", _("Diterima")
    REJECTED = "rejected", _("Ditolak")
    WITHDRAWN = "withdrawn", _("Ditarik")


BOOTH_CRITERIA = (
    ("product", _("Kualitas dan keunikan produk")),
    ("local", _("Bahan dan pembuat lokal (dari wilayah ini)")),
    ("readiness", _("Kesiapan stok dan tampilan")),
    ("fostered", _("Binaan perangkat daerah")),
)


class BoothApplication(TimeStampedModel):
    """A community or an actor asks for a booth; staff score it against the criteria and decide."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="booth_applications")
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.PROTECT, related_name="booth_applications"
    )
    actor = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.PROTECT, related_name="booth_applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="booth_applications"
    )
    subsector = models.ForeignKey(
        Subsector, verbose_name=_("subsektor"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    products = models.TextField(_("produk yang dijual"))
    size_wanted = models.CharField(_("ukuran stan"), max_length=4, choices=BoothSize, default=BoothSize.STANDARD)
    needs_power = models.BooleanField(_("perlu listrik"), default=False)
    wants_shared = models.BooleanField(_("bersedia berbagi stan (dua penjual)"), default=False)
    status = models.CharField(
        _("status"), max_length=12, choices=ApplicationStatus, default=ApplicationStatus.SUBMITTED
    )
    criteria_scores = models.JSONField(_("nilai per kriteria"), default=dict, blank=True)
    score = models.DecimalField(
        _("nilai"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    notes = models.TextField(_("catatan kurasi"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("hadir (check-in peserta pameran)"), null=True, blank=True)

    constraint_messages = {
        "booth_application_one_seller": (None, _("Pilih satu penjual: komunitas atau pelaku usaha.")),
        "booth_application_one_per_community": ("community", _("Komunitas ini sudah mengajukan stan di acara ini.")),
        "booth_application_one_per_actor": ("actor", _("Usaha ini sudah mengajukan stan di acara ini.")),
    }

    class Meta:
        verbose_name = _("pengajuan stan")
        verbose_name_plural = _("pengajuan stan")
        ordering = ["-score", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(community__isnull=False) & Q(actor__isnull=True))
                | (Q(community__isnull=True) & Q(actor__isnull=False)),
                name="booth_application_one_seller",
            ),
            models.UniqueConstraint(
                fields=["event", "community"],
                condition=~Q(status="withdrawn") & Q(community__isnull=False),
                name="booth_application_one_per_community",
            ),
            models.UniqueConstraint(
                fields=["event", "actor"],
                condition=~Q(status="withdrawn") & Q(actor__isnull=False),
                name="booth_application_one_per_actor",
            ),
        ]

    def __str__(self) -> str:
        return self.seller_name

    @property
    def seller_name(self) -> str:
        return str(self.community or self.actor)


class Booth(TimeStampedModel):
    """A booth on the floor plan: a grid position, a size, power, and whether two sellers may share it."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="booths")
    code = models.CharField(_("kode"), max_length=12)
    size = models.CharField(_("ukuran"), max_length=4, choices=BoothSize, default=BoothSize.STANDARD)
    x = models.PositiveSmallIntegerField(_("kolom"))
    y = models.PositiveSmallIntegerField(_("baris"))
    has_power = models.BooleanField(_("ada listrik"), default=False)
    shareable = models.BooleanField(_("bisa dibagi dua penjual"), default=False)

    constraint_messages = {
        "booth_unique_code": ("code", _("Kode stan ini sudah dipakai di acara ini.")),
        "booth_unique_position": ("x", _("Sudah ada stan di posisi ini pada denah.")),
    }

    class Meta:
        verbose_name = _("stan")
        verbose_name_plural = _("stan")
        ordering = ["y", "x", "code"]
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="booth_unique_code"),
            models.UniqueConstraint(fields=["event", "x", "y"], name="booth_unique_position"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def slots(self) -> int:
        return 2 if self.shareable else 1


class BoothAllocation(TimeStampedModel):
    """A seller placed in a booth. Slot 2 exists only in shareable booths (checked by the service)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="allocations")
    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="allocations")
    application = models.OneToOneField(BoothApplication, on_delete=models.CASCADE, related_name="allocation")
    slot = models.PositiveSmallIntegerField(_("bagian"), default=1)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    constraint_messages = {
        "booth_allocation_no_double_booking": ("booth", _("Stan ini sudah terisi pada giliran ini.")),
        "booth_allocation_slot_1_or_2": ("slot", _("Giliran stan hanya 1 atau 2.")),
    }

    class Meta:
        verbose_name = _("alokasi stan")
        verbose_name_plural = _("alokasi stan")
        constraints = [
            models.UniqueConstraint(fields=["booth", "slot"], name="booth_allocation_no_double_booking"),
            models.CheckConstraint(condition=Q(slot__in=[1, 2]), name="booth_allocation_slot_1_or_2"),
        ]

    def __str__(self) -> str:
        return f"{self.booth} · {self.application}"


class SalesReport(TimeStampedModel):
    """What one seller sold on one day of the event, reported from a phone."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sales")
    application = models.ForeignKey(BoothApplication, on_delete=models.CASCADE, related_name="sales")
    day = models.DateField(_("tanggal"))
    amount = models.DecimalField(
        _("penjualan (Rp)"), max_digits=14, decimal_places=0, validators=[bounds.MoneyValidator(bounds.SALES_DAY_MAX)]
    )
    transactions = models.PositiveIntegerField(
        _("jumlah transaksi"), default=0, validators=[MaxValueValidator(bounds.TRANSACTIONS_DAY_MAX)]
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected = models.BooleanField(_("dikoreksi petugas"), default=False)

    constraint_messages = {
        "sales_one_report_per_day": ("day", _("Penjualan untuk tanggal ini sudah dilaporkan; ubah laporan yang ada.")),
    }

    class Meta:
        verbose_name = _("laporan penjualan")
        verbose_name_plural = _("laporan penjualan")
        ordering = ["day", "application_id"]
        constraints = [models.UniqueConstraint(fields=["application", "day"], name="sales_one_report_per_day")]

    def __str__(self) -> str:
        return f"{self.application} {self.day}"
