"""The creative-economy registry: actors (pelaku ekraf, UMKM), communities, creative hubs, products.

Models hold data and single-row invariants only; every write goes through services.py.
Derived values (an actor's subsectors and UMKM size class) are written only by services, never typed.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
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
    kind = models.CharField(_("jenis pelaku"), max_length=20, choices=ActorKind.choices, default=ActorKind.BUSINESS)
    legal_form = models.CharField(
        _("bentuk usaha"), max_length=20, choices=LegalForm.choices, default=LegalForm.PERORANGAN
    )
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
        choices=SizeClass.choices,
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
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
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
        return self.kelurahan.kode if self.kelurahan_id is not None and self.kelurahan is not None else ""

    @property
    def workers_total(self) -> int:
        return self.workers_female + self.workers_male

    @property
    def whatsapp_url(self) -> str:
        """The wa.me chat link of the published WhatsApp number ('' when none is published)."""
        from .identifiers import whatsapp_url

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
    kind = models.CharField(_("jenis"), max_length=10, choices=CertificationKind.choices)
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
    kind = models.CharField(_("jenis"), max_length=20, choices=LinkKind.choices)
    url = models.URLField(_("tautan"), max_length=400)

    class Meta:
        verbose_name = _("tautan")
        verbose_name_plural = _("tautan")

    def __str__(self) -> str:
        return self.url


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
        choices=[("consent", _("Persetujuan")), ("public_task", _("Tugas pemerintahan"))],
        default="consent",
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


class Community(TimeStampedModel):
    """A community (komunitas), often fostered by a city office (komunitas binaan)."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="community",
        limit_choices_to={"kind": "community"},
        help_text=_("Pengurus komunitas adalah anggota organisasi ini dengan peran pengurus."),
    )
    name = models.CharField(_("nama"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("deskripsi"), blank=True)
    focus_subsectors = models.ManyToManyField(Subsector, verbose_name=_("subsektor fokus"), blank=True)
    base_kecamatan = models.ForeignKey(
        Wilayah,
        verbose_name=_("kecamatan basis"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="communities",
    )
    fostered_by = models.ForeignKey(
        Organisation,
        verbose_name=_("dibina oleh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fostered_communities",
    )
    fostered_since = models.DateField(_("dibina sejak"), null=True, blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("tahun berdiri"), null=True, blank=True, validators=bounds.founded_year_validators()
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.VERIFIED)
    source_note = models.TextField(_("sumber"), blank=True)
    search_text = models.TextField(blank=True, editable=False)
    is_demo = models.BooleanField(_("data demo"), default=False)

    class Meta:
        verbose_name = _("komunitas")
        verbose_name_plural = _("komunitas")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def place_code(self) -> str:
        """Where the community is based (its base kecamatan's code, "" when unknown)."""
        return self.base_kecamatan.kode if self.base_kecamatan_id is not None and self.base_kecamatan else ""


class CommunityRole(models.TextChoices):
    CHAIR = "chair", _("Ketua")
    SECRETARY = "secretary", _("Sekretaris")
    TREASURER = "treasurer", _("Bendahara")
    BOARD = "board", _("Pengurus")
    MEMBER = "member", _("Anggota")


class MembershipStatus(models.TextChoices):
    INVITED = "invited", _("Diundang")
    ACCEPTED = "accepted", _("Anggota")


class JoinedVia(models.TextChoices):
    """How a member came in: by their own consent, or added by the community's leader without it."""

    INVITATION = "invitation", _("menerima undangan")
    OWNER = "owner", _("didaftarkan pemiliknya")
    LEADER = "leader", _("ditambahkan pengurus")


class CommunityMember(TimeStampedModel):
    """A member of a community: a business (registry actor) or a person (a user account, no business).

    A person, and a business that has an owner account, is invited first (status `invited`) and becomes a
    member only when that person or owner accepts; only accepted members count and show publicly. A
    business with no owner account (unclaimed) can only be added by the leader directly (`joined_via`
    `leader`), and is labelled so; once claimed, its owner may leave. A person member shows by name only
    (UU 27/2022: no contact data).
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="members")
    actor = models.ForeignKey(
        Actor, null=True, blank=True, on_delete=models.CASCADE, related_name="community_memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="community_memberships",
        verbose_name=_("orang"),
    )
    role = models.CharField(_("peran"), max_length=20, choices=CommunityRole.choices, default=CommunityRole.MEMBER)
    status = models.CharField(
        _("status keanggotaan"), max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.ACCEPTED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_via = models.CharField(
        _("cara bergabung"), max_length=20, choices=JoinedVia.choices, default=JoinedVia.LEADER
    )
    joined_on = models.DateField(_("bergabung"), null=True, blank=True)

    constraint_messages = {
        "community_member_unique": ("actor", _("Pelaku usaha ini sudah menjadi anggota atau sudah diundang.")),
        "community_member_person_unique": ("user", _("Orang ini sudah menjadi anggota atau sudah diundang.")),
        "community_member_actor_xor_user": ("actor", _("Anggota adalah pelaku usaha atau orang, tepat satu.")),
    }

    class Meta:
        verbose_name = _("anggota komunitas")
        verbose_name_plural = _("anggota komunitas")
        constraints = [
            models.UniqueConstraint(fields=["community", "actor"], name="community_member_unique"),
            models.UniqueConstraint(fields=["community", "user"], name="community_member_person_unique"),
            models.CheckConstraint(
                condition=(Q(actor__isnull=False) & Q(user__isnull=True))
                | (Q(actor__isnull=True) & Q(user__isnull=False)),
                name="community_member_actor_xor_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} @ {self.community}"

    @property
    def name(self) -> str:
        """The member's public name: the business's name, or the person's name (never their e-mail)."""
        if self.actor is not None:
            return self.actor.name
        if self.user is None:
            raise ValueError("A community member is a business or a person (community_member_actor_xor_user).")
        return self.user.full_name

    @property
    def answerer_id(self) -> int | None:
        """The account that speaks for this member (answers its invitation, may leave): the person, or
        the business's owner; None for a business nobody has claimed."""
        if self.actor is not None:
            return self.actor.owner_id
        return self.user_id

    @property
    def unconfirmed(self) -> bool:
        """Added by the leader, not by the member's own consent (a business that had no owner account)."""
        return self.joined_via == JoinedVia.LEADER


class CommunityActivity(TimeStampedModel):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="activities")
    date = models.DateField(_("tanggal"))
    title = models.CharField(_("kegiatan"), max_length=200)
    description = models.TextField(_("keterangan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("kegiatan komunitas")
        verbose_name_plural = _("kegiatan komunitas")
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return self.title


class HubProgramme(models.TextChoices):
    INCUBATION = "incubation", _("Inkubasi")
    COWORKING = "coworking", _("Ruang kerja bersama")
    STUDIO = "studio", _("Studio")
    MAKERSPACE = "makerspace", _("Maker space")
    TRAINING = "training", _("Pelatihan")
    EXHIBITION = "exhibition", _("Ruang pamer")


class CreativeHub(TimeStampedModel):
    name = models.CharField(_("nama"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("deskripsi"), blank=True)
    operator = models.ForeignKey(
        Organisation,
        verbose_name=_("pengelola"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hubs",
    )
    operator_name = models.CharField(_("nama pengelola"), max_length=200, blank=True)
    address = models.CharField(_("alamat"), max_length=300, blank=True)
    kelurahan = models.ForeignKey(
        Wilayah, verbose_name=_("kelurahan"), null=True, blank=True, on_delete=models.PROTECT, related_name="hubs"
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    facilities = models.TextField(_("fasilitas"), blank=True, help_text=_("Satu fasilitas per baris."))
    capacity = models.PositiveIntegerField(_("kapasitas (orang)"), null=True, blank=True)
    programmes = models.JSONField(_("program"), default=list, blank=True)
    residents = models.ManyToManyField(
        Actor, verbose_name=_("pelaku yang berkegiatan"), blank=True, related_name="hubs"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.VERIFIED)
    search_text = models.TextField(blank=True, editable=False)
    is_demo = models.BooleanField(_("data demo"), default=False)

    class Meta:
        verbose_name = _("ruang kreatif")
        verbose_name_plural = _("ruang kreatif")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def place_code(self) -> str:
        """Where the hub is (its kelurahan's code, "" when unknown)."""
        return self.kelurahan.kode if self.kelurahan_id is not None and self.kelurahan is not None else ""


class AppPlatform(models.TextChoices):
    ANDROID = "android", "Android"
    IOS = "ios", "iOS"
    WEB = "web", "Web"
    DESKTOP = "desktop", "Desktop"
    CONSOLE = "console", _("Konsol")
    MULTI = "multi", _("Multi-platform")


class Product(TimeStampedModel):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="products")
    name = models.CharField(_("nama produk"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    subsector = models.ForeignKey(
        Subsector, verbose_name=_("subsektor"), null=True, blank=True, on_delete=models.PROTECT, related_name="products"
    )
    description = models.TextField(_("deskripsi"), blank=True)
    price_min = models.DecimalField(
        _("harga terendah (Rp)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[bounds.MoneyValidator(bounds.PRICE_MAX)],
    )
    price_max = models.DecimalField(
        _("harga tertinggi (Rp)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[bounds.MoneyValidator(bounds.PRICE_MAX)],
    )
    is_flagship = models.BooleanField(_("produk unggulan"), default=False, db_index=True)
    flagship_reason = models.TextField(_("alasan produk unggulan"), blank=True)
    # Apps and games
    platform = models.CharField(_("platform"), max_length=10, choices=AppPlatform.choices, blank=True)
    store_url = models.URLField(_("tautan toko aplikasi"), max_length=400, blank=True)
    users_count = models.PositiveIntegerField(_("pengguna/unduhan"), null=True, blank=True)
    awards = models.TextField(_("penghargaan"), blank=True)
    is_archived = models.BooleanField(_("diarsipkan"), default=False)
    search_text = models.TextField(blank=True, editable=False)
    is_demo = models.BooleanField(_("data demo"), default=False)

    constraint_messages = {
        "product_price_range_ordered": ("price_max", _("Harga tertinggi tidak boleh lebih kecil dari harga terendah.")),
    }

    class Meta:
        verbose_name = _("produk")
        verbose_name_plural = _("produk")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(price_min__isnull=True)
                | models.Q(price_max__isnull=True)
                | models.Q(price_min__lte=models.F("price_max")),
                name="product_price_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProductPhoto(TimeStampedModel):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("foto"), upload_to="produk/%Y/")
    thumbnail = models.ImageField(upload_to="produk/thumb/%Y/", blank=True)
    alt_text = models.CharField(_("keterangan foto"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("foto produk")
        verbose_name_plural = _("foto produk")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.alt_text or f"foto {self.pk}"


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    APPROVED = "approved", _("Disetujui")
    REJECTED = "rejected", _("Ditolak")


class ProfileClaim(TimeStampedModel):
    """A person asks to manage an existing profile; staff approve or reject."""

    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile_claims")
    message = models.TextField(_("bukti dan keterangan"))
    status = models.CharField(max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.PENDING)
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


class DuplicateFlag(TimeStampedModel):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="duplicate_flags")
    other = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=20, choices=DuplicateReason.choices)
    score = models.FloatField(default=1.0)
    resolved = models.BooleanField(default=False)
    resolution = models.CharField(max_length=20, blank=True)

    constraint_messages = {
        "duplicate_flag_unique_pair": (None, _("Pasangan profil ini sudah ditandai sebagai kemungkinan duplikat.")),
    }

    class Meta:
        verbose_name = _("dugaan duplikat")
        verbose_name_plural = _("dugaan duplikat")
        constraints = [models.UniqueConstraint(fields=["actor", "other"], name="duplicate_flag_unique_pair")]

    def __str__(self) -> str:
        return f"{self.actor} ~ {self.other}"
