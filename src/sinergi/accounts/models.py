"""Users, organisations (city offices, communities, businesses, campuses, media) and memberships.

Roles are data: a membership of a user in an organisation with a role. Named permissions in each
app's rules.py read them through the predicates in accounts/predicates.py.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import TimeStampedModel


def normalise_email(value: str) -> str:
    """The one spelling of an e-mail address that accounts are stored and found by (and locked out by)."""
    return value.strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        """Sign-in finds the account whatever capitals or spaces the address was typed with."""
        return self.get(**{self.model.USERNAME_FIELD: normalise_email(username or "")})

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("email is required")
        user = self.model(email=normalise_email(self.normalize_email(email)), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. The e-mail address is the sign-in name."""

    email = models.EmailField(_("alamat e-mail"), unique=True)
    full_name = models.CharField(_("nama lengkap"), max_length=200)
    language = models.CharField(
        _("bahasa"), max_length=8, choices=[("id", "Bahasa Indonesia"), ("en", "English")], default="id"
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    is_staff = models.BooleanField(_("akses admin Django"), default=False)
    date_joined = models.DateTimeField(_("bergabung"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()
    # Per-request caches of the permission predicates, set on first use, never stored (annotations only,
    # no fields): accounts.predicates' (dropped by forget_memberships) and collaboration.rules' block.
    _sinergi_memberships: list[tuple[int, str, str]]
    _sinergi_office_functions: dict[int, frozenset[str]]
    _sinergi_office_areas: dict[int, str]
    _collab_blocked: bool

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class OrganisationKind(models.TextChoices):
    OFFICE = "office", _("Perangkat daerah")
    COMMUNITY = "community", _("Komunitas")
    BUSINESS = "business", _("Usaha")
    CAMPUS = "campus", _("Perguruan tinggi")
    MEDIA = "media", _("Media")


class Helix(models.TextChoices):
    """The pentahelix: the five kinds of stakeholder in collaborative governance."""

    ACADEMIA = "academia", _("Akademisi")
    BUSINESS = "business", _("Bisnis")
    COMMUNITY = "community", _("Komunitas")
    GOVERNMENT = "government", _("Pemerintah")
    MEDIA = "media", _("Media")


HELIX_OF_KIND = {
    OrganisationKind.OFFICE: Helix.GOVERNMENT,
    OrganisationKind.COMMUNITY: Helix.COMMUNITY,
    OrganisationKind.BUSINESS: Helix.BUSINESS,
    OrganisationKind.CAMPUS: Helix.ACADEMIA,
    OrganisationKind.MEDIA: Helix.MEDIA,
}


class OfficeFunction(models.TextChoices):
    """What a city office administers in Sinergi. Which office does it is data (set on the
    organisation by an administrator), never a hard-coded name: in one city the registry belongs to the
    trade office and the statistics to the planning office, elsewhere one office may hold both.
    Events and programs need no function: they belong to the office that organises each one."""

    REGISTRY = "registry", _("Mengelola direktori pelaku ekraf")
    STATISTICS = "statistics", _("Menyusun statistik PDRB Ekraf")


class Organisation(TimeStampedModel):
    name = models.CharField(_("nama"), max_length=200)
    short_name = models.CharField(_("singkatan"), max_length=40, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=OrganisationKind)
    description = models.TextField(_("keterangan"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    administers_registry = models.BooleanField(
        _("mengelola direktori"),
        default=False,
        help_text=_("Petugasnya memverifikasi profil direktori dan melihat data pribadi narahubung."),
    )
    produces_statistics = models.BooleanField(
        _("menyusun statistik"),
        default=False,
        help_text=_("Analisnya menyusun statistik PDRB Ekraf dan kepalanya menyetujui terbitannya."),
    )
    # In a province installation an office may work for one kab/kota (a city's trade office beside the
    # province's): its registry staff then act only on what lies in that kab/kota. Empty = the whole
    # installation (the province office, or every office of a kab/kota installation).
    area = models.ForeignKey(
        "wilayah.Wilayah",
        verbose_name=_("wilayah kerja (kabupaten/kota)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offices",
        help_text=_(
            "Hanya untuk instalasi provinsi: kabupaten/kota tempat kantor ini bekerja. "
            "Kosong berarti seluruh wilayah instalasi."
        ),
    )

    # Letterhead and signatory of the office's official documents (surat keterangan binaan, certificates,
    # statistics releases), set in the admin: no document names a region, office or official in code.
    letterhead_address = models.CharField(_("alamat kantor (kop surat)"), max_length=300, blank=True)
    letterhead_phone = models.CharField(_("telepon (kop surat)"), max_length=60, blank=True)
    letterhead_website = models.CharField(_("situs web / surel (kop surat)"), max_length=120, blank=True)
    signatory_name = models.CharField(_("nama penanda tangan"), max_length=120, blank=True)
    signatory_title = models.CharField(
        _("jabatan penanda tangan"),
        max_length=160,
        blank=True,
        help_text=_("Jabatan lengkap seperti ditulis di surat, misalnya: Kepala Dinas Perdagangan dan Perindustrian."),
    )
    signatory_nip = models.CharField(
        _("NIP penanda tangan"),
        max_length=18,
        blank=True,
        validators=[RegexValidator(r"^\d{18}$", _("NIP terdiri atas 18 angka, tanpa spasi."))],
    )
    letter_place = models.CharField(
        _("tempat penandatanganan surat"),
        max_length=80,
        blank=True,
        help_text=_("Nama tempat di baris tanggal surat; kosong berarti nama kota/kabupaten wilayah instalasi."),
    )

    constraint_messages = {
        "organisation_functions_only_for_offices": (
            "kind",
            _("Hanya perangkat daerah yang dapat mengelola direktori atau menyusun statistik."),
        ),
    }

    class Meta:
        verbose_name = _("organisasi")
        verbose_name_plural = _("organisasi")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="office") | models.Q(administers_registry=False, produces_statistics=False),
                name="organisation_functions_only_for_offices",
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def functions(self) -> frozenset[str]:
        """The OfficeFunction values this organisation holds."""
        held = {OfficeFunction.REGISTRY: self.administers_registry, OfficeFunction.STATISTICS: self.produces_statistics}
        return frozenset(str(function) for function, on in held.items() if on)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.kind != OrganisationKind.OFFICE and self.functions:
            raise ValidationError(
                {"kind": _("Hanya perangkat daerah yang dapat mengelola direktori atau menyusun statistik.")}
            )
        if self.area_id is not None:
            from sinergi.wilayah.models import Level
            from sinergi.wilayah.selectors import in_region, is_province

            area = self.area
            if self.kind != OrganisationKind.OFFICE:
                raise ValidationError({"area": _("Hanya perangkat daerah yang mempunyai wilayah kerja.")})
            if area is None or area.level != Level.KOTA or not in_region(area):
                raise ValidationError({"area": _("Pilih kabupaten/kota di wilayah instalasi ini.")})
            if not is_province():
                raise ValidationError(
                    {"area": _("Wilayah kerja hanya dipakai di instalasi provinsi; kosongkan untuk instalasi ini.")}
                )

    @property
    def area_code(self) -> str:
        """The Kemendagri code of the kab/kota the office works for, or "" for the whole installation."""
        return self.area.code if self.area_id is not None and self.area is not None else ""

    @property
    def level_label(self) -> str:
        """The office's level in a province installation, for event and program pages: its kab/kota
        ("Kota Samarinda"), or the province ("Provinsi Kalimantan Timur"); "" in a kab/kota installation,
        where every office works for the one kab/kota."""
        from django.conf import settings

        from sinergi.wilayah.selectors import is_province

        if not is_province():
            return ""
        if self.area_id is not None and self.area is not None:
            return self.area.name
        return str(_("Provinsi %(name)s") % {"name": settings.SINERGI_REGION_NAME})

    @property
    def letterhead_contact(self) -> list[str]:
        """The contact lines under the office's name in its letterhead (only those filled in)."""
        phone = _("Telepon %(phone)s") % {"phone": self.letterhead_phone} if self.letterhead_phone else ""
        return [line for line in (self.letterhead_address, phone, self.letterhead_website) if line]

    @property
    def has_signatory(self) -> bool:
        return bool(self.signatory_name and self.signatory_title)

    @property
    def helix(self) -> str:
        return str(HELIX_OF_KIND[OrganisationKind(self.kind)])


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    HEAD = "head", _("Kepala bidang")
    STAFF = "staff", _("Petugas")
    ANALYST = "analyst", _("Analis statistik")
    LEADER = "leader", _("Pengurus")
    MEMBER = "member", _("Anggota")


class Membership(TimeStampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("peran"), max_length=20, choices=Role)

    constraint_messages = {
        "membership_unique_user_organisation": ("user", _("Orang ini sudah menjadi anggota organisasi ini.")),
    }

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique_user_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"


class TokenScope(models.TextChoices):
    """What an API token may do. A scope only narrows: the token's user still needs the permission."""

    REGISTRY_READ_PRIVATE = "registry:read-private", _("Membaca data pribadi direktori (narahubung)")
    REGISTRY_WRITE = "registry:write", _("Mengubah direktori (pelaku, produk, anggota komunitas)")
    COLLABORATION_WRITE = "collaboration:write", _("Mengubah kolaborasi")
    EVENTS_WRITE = "events:write", _("Mengubah acara")
    STATISTICS_WRITE = "statistics:write", _("Mengubah data statistik")
    NOTIFICATIONS_WRITE = "notifications:write", _("Menandai pemberitahuan Anda sudah dibaca")


class ApiToken(models.Model):
    """A personal API token. Only a SHA-256 hash of the secret is stored; the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama token"), max_length=100)
    key_prefix = models.CharField(_("awalan"), max_length=16, help_text=_("Awal token, untuk dikenali."))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes: models.JSONField[Any, Any] = models.JSONField(_("cakupan"), default=list, blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("terakhir dipakai"), null=True, blank=True)
    expires_at = models.DateTimeField(_("berlaku sampai"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("dicabut"), null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        known = set(TokenScope.values)
        if not isinstance(self.scopes, list) or any(s not in known for s in self.scopes):
            raise ValidationError({"scopes": _("Cakupan tidak dikenal.")})

    def is_usable(self, at: Any = None) -> bool:
        now = at or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
