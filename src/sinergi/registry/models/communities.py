"""Communities (komunitas), their members (businesses and persons) and their activity log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sinergi.accounts.models import Organisation
from sinergi.classification.models import Subsector
from sinergi.core import bounds
from sinergi.core.models import TimeStampedModel
from sinergi.wilayah.models import Wilayah

from .actors import Actor, Status


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
        return self.base_kecamatan.code if self.base_kecamatan_id is not None and self.base_kecamatan else ""


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
    role = models.CharField(_("peran"), max_length=20, choices=CommunityRole, default=CommunityRole.MEMBER)
    status = models.CharField(
        _("status keanggotaan"), max_length=20, choices=MembershipStatus, default=MembershipStatus.ACCEPTED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_via = models.CharField(_("cara bergabung"), max_length=20, choices=JoinedVia, default=JoinedVia.LEADER)
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
