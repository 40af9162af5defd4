"""Actors (pelaku ekraf, UMKM) and what hangs off a profile: yearly figures, certifications, links and
contact persons."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import Organisation
from sinergi.classification.models import KbliCode, Subsector
from sinergi.core import bounds
from sinergi.core.models import TimeStampedModel
from sinergi.wilayah.models import Wilayah

nib_validator = RegexValidator(r"^\d{13}$", _("NIB terdiri dari 13 angka."))
npwp_validator = RegexValidator(
    r"^\d{16}$", _("NPWP terdiri dari 16 angka (NPWP lama 15 angka: tambahkan 0 di depan).")
)
nik_validator = RegexValidator(r"^\d{16}$", _("NIK terdiri dari 16 angka."))
phone_validator = RegexValidator(r"^\+?\d{8,15}$", _("Nomor telepon 8–15 angka, boleh diawali +."))
whatsapp_validator = RegexValidator(
    r"^\+628\d{7,12}$", _("Nomor WhatsApp harus nomor ponsel Indonesia yang diawali +628.")
)


class Status(models.TextChoices):
    """Lifecycle of a profile: only verified profiles are public."""

    DRAFT = "draft", _("Draf")
    SUBMITTED = "submitted", _("Menunggu verifikasi")
    VERIFIED = "verified", _("Terverifikasi")
    REJECTED = "rejected", _("Ditolak")
    ARCHIVED = "archived", _("Diarsipkan")


class ActorKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Perorangan")
    BUSINESS = "business", _("Badan usaha")


class LegalForm(models.TextChoices):
    PERORANGAN = "perorangan", _("Usaha perorangan")
    UD = "ud", _("Usaha Dagang (UD)")
    CV = "cv", _("CV")
    PT = "pt", _("PT")
    PT_PERORANGAN = "pt_perorangan", _("PT Perorangan")
    KOPERASI = "koperasi", _("Koperasi")
    FIRMA = "firma", _("Firma")
    YAYASAN = "yayasan", _("Yayasan")
    LAINNYA = "lainnya", _("Lainnya")


class SizeClass(models.TextChoices):
    """UMKM size class under PP 7/2021, computed from capital and annual sales."""

    MIKRO = "mikro", _("Mikro")
    KECIL = "kecil", _("Kecil")
    MENENGAH = "menengah", _("Menengah")
    BESAR = "besar", _("Besar")


class Actor(TimeStampedModel):
    """A creative actor: an individual or a business (pelaku ekraf / UMKM)."""

    name = models.CharField(_("nama usaha atau pelaku"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("jenis pelaku"), max_length=20, choices=ActorKind, default=ActorKind.BUSINESS)
    legal_form = models.CharField(_("bentuk usaha"), max_length=20, choices=LegalForm, default=LegalForm.PERORANGAN)
    nib = models.CharField(_("NIB"), max_length=13, blank=True, validators=[nib_validator], db_index=True)
    npwp = models.CharField(_("NPWP"), max_length=16, blank=True, validators=[npwp_validator])
    description = models.TextField(_("deskripsi"), blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("tahun berdiri"), null=True, blank=True, validators=bounds.founded_year_validators()
    )
    primary_kbli = models.ForeignKey(
        KbliCode, verbose_name=_("KBLI utama"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    other_kbli = models.ManyToManyField(KbliCode, verbose_name=_("KBLI lain"), blank=True, related_name="+")
    subsectors = models.ManyToManyField(Subsector, verbose_name=_("subsektor"), blank=True, related_name="actors")
    subsectors_overridden = models.BooleanField(_("subsektor ditetapkan petugas"), default=False)
    subsectors_override_reason = models.TextField(_("alasan penetapan subsektor"), blank=True)
    address = models.CharField(_("alamat usaha"), max_length=300, blank=True)
    kelurahan = models.ForeignKey(
        Wilayah, verbose_name=_("kelurahan"), null=True, blank=True, on_delete=models.PROTECT, related_name="actors"
    )
    # The business's published contact, chosen by the owner and shown publicly; the contact person's
    # NIK and phone (ContactPerson) stay private and masked.
    business_phone = models.CharField(
        _("telepon usaha"),
        max_length=16,
        blank=True,
        validators=[phone_validator],
        help_text=_("Ditampilkan di profil publik."),
    )
    whatsapp = models.CharField(
        _("WhatsApp usaha"),
        max_length=16,
        blank=True,
        validators=[whatsapp_validator],
        help_text=_("Ditampilkan di profil publik sebagai tautan wa.me."),
    )
    latitude = models.DecimalField(
        _("lintang"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-11), MaxValueValidator(6)],
    )
    longitude = models.DecimalField(
        _("bujur"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(94), MaxValueValidator(142)],
    )
    workers_female = models.PositiveIntegerField(
        _("tenaga kerja perempuan"), default=0, validators=bounds.workers_validators()
    )
    workers_male = models.PositiveIntegerField(
        _("tenaga kerja laki-laki"), default=0, validators=bounds.workers_validators()
    )
    size_class = models.CharField(
        _("skala usaha (PP 7/2021)"),
        max_length=10,
        choices=SizeClass,
        blank=True,
        db_index=True,
        help_text=_("Dihitung dari modal dan omzet tahunan terakhir; tidak diisi manual."),
    )
    fostered_by = models.ForeignKey(
        Organisation,
        verbose_name=_("dibina oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fostered_actors",
        limit_choices_to={"kind": "office"},
    )
    fostered_since = models.DateField(_("dibina sejak"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status, default=Status.DRAFT, db_index=True)
    status_reason = models.TextField(_("catatan status"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pengelola profil"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actors",
    )
    merged_into = models.ForeignKey(
        "self", verbose_name=_("digabung ke"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    submitted_at = models.DateTimeField(_("diajukan"), null=True, blank=True)
    verified_at = models.DateTimeField(_("diverifikasi"), null=True, blank=True, db_index=True)
    search_text = models.TextField(_("teks pencarian"), blank=True, editable=False)
    is_demo = models.BooleanField(_("data demo"), default=False)

    class Meta:
        verbose_name = _("pelaku ekraf")
        verbose_name_plural = _("pelaku ekraf")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "name"]),
            models.Index(fields=["status", "kelurahan"]),
            models.Index(fields=["status", "size_class"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kecamatan(self) -> Wilayah | None:
        return self.kelurahan.parent if self.kelurahan_id else None  # type: ignore[union-attr]

    @property
    def place_code(self) -> str:
        """Where the actor is (its kelurahan's code, "" when unknown): kab/kota-scoped offices act on it
        only inside their area (accounts.predicates.place_code_of)."""
        return self.kelurahan.code if self.kelurahan_id is not None and self.kelurahan is not None else ""

    @property
    def workers_total(self) -> int:
        return self.workers_female + self.workers_male

    @property
    def whatsapp_url(self) -> str:
        """The wa.me chat link of the published WhatsApp number ('' when none is published)."""
        from ..identifiers import whatsapp_url

        return whatsapp_url(self.whatsapp) if self.whatsapp else ""

    @property
    def is_public(self) -> bool:
        return self.status == Status.VERIFIED


class ActorYearlyFigure(TimeStampedModel):
    """Capital (excluding land and buildings) and annual sales for one year, in rupiah."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="yearly_figures")
    year = models.PositiveSmallIntegerField(_("tahun"), validators=bounds.figures_year_validators())
    capital = models.DecimalField(
        _("modal usaha (Rp)"),
        max_digits=18,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[bounds.MoneyValidator()],
        help_text=_("Tidak termasuk tanah dan bangunan tempat usaha."),
    )
    sales = models.DecimalField(
        _("omzet tahunan (Rp)"),
        max_digits=18,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[bounds.MoneyValidator()],
    )

    constraint_messages = {
        "actor_figure_unique_year": ("year", _("Angka untuk tahun ini sudah diisi; ubah angka yang ada.")),
    }

    class Meta:
        verbose_name = _("angka tahunan")
        verbose_name_plural = _("angka tahunan")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["actor", "year"], name="actor_figure_unique_year")]

    def __str__(self) -> str:
        return f"{self.actor} {self.year}"


class CertificationKind(models.TextChoices):
    PIRT = "pirt", _("P-IRT")
    HALAL = "halal", _("Halal")
    HKI = "hki", _("Merek/HKI")
    SNI = "sni", _("SNI")
    BPOM = "bpom", _("BPOM")
    OTHER = "other", _("Lainnya")


class Certification(TimeStampedModel):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="certifications")
    product = models.ForeignKey(
        "Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="certifications"
    )
    kind = models.CharField(_("jenis"), max_length=10, choices=CertificationKind)
    name = models.CharField(_("nama sertifikat"), max_length=120, blank=True, help_text=_("Untuk jenis lainnya."))
    number = models.CharField(_("nomor"), max_length=60)
    issued_on = models.DateField(_("terbit"), null=True, blank=True)
    valid_until = models.DateField(_("berlaku sampai"), null=True, blank=True)
    document = models.FileField(_("dokumen"), upload_to="sertifikat/%Y/", blank=True)

    class Meta:
        verbose_name = _("sertifikasi")
        verbose_name_plural = _("sertifikasi")
        ordering = ["kind", "-valid_until"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class LinkKind(models.TextChoices):
    WEBSITE = "website", _("Situs web")
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    TIKTOK = "tiktok", "TikTok"
    YOUTUBE = "youtube", "YouTube"
    TOKOPEDIA = "tokopedia", "Tokopedia"
    SHOPEE = "shopee", "Shopee"
    PLAY_STORE = "play_store", "Google Play"
    APP_STORE = "app_store", "App Store"
    STEAM = "steam", "Steam"
    OTHER = "other", _("Lainnya")


class ActorLink(models.Model):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("jenis"), max_length=20, choices=LinkKind)
    url = models.URLField(_("tautan"), max_length=400)

    class Meta:
        verbose_name = _("tautan")
        verbose_name_plural = _("tautan")

    def __str__(self) -> str:
        return self.url


class LegalBasis(models.TextChoices):
    """Why a contact person's data may be processed (UU 27/2022 Pasal 20)."""

    CONSENT = "consent", _("Persetujuan")
    PUBLIC_TASK = "public_task", _("Tugas pemerintahan")


class ContactPerson(TimeStampedModel):
    """A contact person of an actor. NIK, phone and home address are personal data (UU 27/2022):
    collected only with a stated purpose and basis, masked in lists and exports, shown in full only
    to staff and the profile's owner, and every full view is audit-logged.
    """

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="contacts")
    full_name = models.CharField(_("nama"), max_length=200)
    position = models.CharField(_("jabatan"), max_length=100, blank=True)
    nik = models.CharField(_("NIK"), max_length=16, blank=True, validators=[nik_validator])
    phone = models.CharField(_("telepon/WhatsApp"), max_length=16, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    home_address = models.CharField(_("alamat rumah"), max_length=300, blank=True)
    legal_basis = models.CharField(
        _("dasar pemrosesan"),
        max_length=20,
        choices=LegalBasis,
        default=LegalBasis.CONSENT,
    )
    purpose = models.CharField(
        _("tujuan"),
        max_length=200,
        default="Pembinaan dan komunikasi program ekonomi kreatif",
    )
    consent_at = models.DateTimeField(_("persetujuan diberikan"), null=True, blank=True)

    class Meta:
        verbose_name = _("narahubung")
        verbose_name_plural = _("narahubung")

    def __str__(self) -> str:
        return self.full_name
