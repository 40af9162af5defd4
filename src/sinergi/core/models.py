"""Building blocks without domain: constraint messages, timestamps and the audit log."""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models, router
from django.utils.choices import CallableChoiceIterator
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ConstraintMessages:
    """Database constraints said in people's words, on the field they are about.

    A model lists every constraint it declares: `constraint_messages = {name: (field or None, message)}`
    (tests/core/test_constraint_messages.py checks that none is missing). `full_clean()` and model
    forms then report "Komunitas ini sudah mengajukan stan di acara ini." on its field instead of
    Django's "Batasan “booth_application_one_per_community” dilanggar.". Put it before models.Model
    in the bases (TimeStampedModel already has it).
    """

    constraint_messages: ClassVar[Mapping[str, tuple[str | None, Any]]] = {}

    def validate_constraints(self, exclude: Collection[str] | None = None) -> None:
        model: Any = self
        using = router.db_for_write(type(model), instance=model)
        errors: dict[str, list[Any]] = {}
        for model_class, constraints in model.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as exc:
                    said = self.constraint_messages.get(constraint.name)
                    if said is None:  # not said in words yet: Django's own message, never nothing
                        errors = exc.update_error_dict(errors)
                        continue
                    field, message = said
                    if field is None or (exclude and field in exclude):
                        field = NON_FIELD_ERRORS
                    errors.setdefault(field, []).append(ValidationError(message, code=constraint.name))
        if errors:
            raise ValidationError(errors)


# (model label, field name, language) → {stored value: its label in that language}, filled on first use.
_CHOICE_LABELS: dict[tuple[str, str, str | None], dict[Any, Any]] = {}


def choice_labels(field: Any) -> dict[Any, Any] | None:
    """A field's choices as {value: label} in the active language, or None for callable choices (which
    may change while the process runs). Django's `get_FOO_display` builds this dict on every call,
    hashing each lazy label and so translating every choice of the field (on a list of 20 initiatives,
    some 300 translations a page); the choices of a field are fixed when its class is defined, so
    each language's dict is built once per process."""
    if isinstance(field.choices, CallableChoiceIterator):
        return None
    key = (field.model._meta.label, field.name, get_language())
    labels = _CHOICE_LABELS.get(key)
    if labels is None:
        labels = _CHOICE_LABELS[key] = {
            make_hashable(value): force_str(label, strings_only=True) for value, label in field.flatchoices
        }
    return labels


class ChoiceLabels:
    """`get_FOO_display()` from each language's memo of the field's labels (`choice_labels`): the same
    result as Django's (the label, or the stored value itself when it is not a choice), without
    translating the field's every choice on each call. Put it before models.Model in the bases
    (TimeStampedModel has it)."""

    def _get_FIELD_display(self, field: Any) -> Any:  # noqa: N802 -- overrides Django's method of that name
        labels = choice_labels(field)
        if labels is None:
            return super()._get_FIELD_display(field)  # type: ignore[misc]
        value = getattr(self, field.attname)
        return force_str(labels.get(make_hashable(value), value), strings_only=True)


class TimeStampedModel(ChoiceLabels, ConstraintMessages, models.Model):
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One change made by a service: who, when, what, on which object, and non-personal details."""

    created_at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pelaku"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_label = models.CharField(_("nama pelaku"), max_length=200, blank=True)
    action = models.CharField(_("tindakan"), max_length=100, db_index=True)
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(_("objek"), max_length=300, blank=True)
    data: models.JSONField[Any, Any] = models.JSONField(_("rincian"), default=dict, blank=True)

    class Meta:
        verbose_name = _("catatan audit")
        verbose_name_plural = _("log audit")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"

    def data_text(self) -> str:
        """The details as JSON text, for the audit log's page and export."""
        return json.dumps(self.data, ensure_ascii=False, sort_keys=True) if self.data else ""


class WorkerHeartbeat(models.Model):
    """A background-task worker that is alive: `sinergi db_worker` writes its row every few seconds and
    removes it on a clean stop, so pages can tell "waiting for its turn" from "no worker is running"."""

    worker_id = models.CharField(_("pekerja"), max_length=64, unique=True)
    started_at = models.DateTimeField(_("mulai berjalan"))
    seen_at = models.DateTimeField(_("terakhir terlihat"), db_index=True)

    class Meta:
        verbose_name = _("detak pekerja tugas")
        verbose_name_plural = _("detak pekerja tugas")

    def __str__(self) -> str:
        return f"{self.worker_id} {self.seen_at:%Y-%m-%d %H:%M:%S}"


class InstallationProfile(models.Model):
    """Who runs this installation: its name, the regional government and its logo, set in the admin.

    One row (pk 1); `current()` reads it. Official documents take their letterhead from here and from the
    issuing office (accounts.Organisation letterhead and signatory fields), never from code."""

    SINGLETON_PK = 1

    name = models.CharField(
        _("nama instalasi"), max_length=120, default="Sinergi", help_text=_("Nama platform yang dilihat pengguna.")
    )
    government_name = models.CharField(
        _("nama pemerintah daerah"),
        max_length=160,
        blank=True,
        help_text=_("Baris pertama kop surat, misalnya: Pemerintah Kabupaten Kutai Kartanegara."),
    )
    logo = models.ImageField(
        _("logo"),
        upload_to="profil/",
        blank=True,
        validators=[FileExtensionValidator(["png", "jpg", "jpeg"])],
        help_text=_("Lambang daerah untuk kop surat dan sertifikat (PNG atau JPEG)."),
    )
    statistics_release_title = models.CharField(
        _("judul terbitan statistik"),
        max_length=120,
        default="Statistik PDRB Ekonomi Kreatif",
        help_text=_("Judul laporan PDF statistik; jangan memakai nama terbitan BPS (Berita Resmi Statistik)."),
    )
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    class Meta:
        verbose_name = _("profil instalasi")
        verbose_name_plural = _("profil instalasi")

    def __str__(self) -> str:
        return self.government_name or self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = self.SINGLETON_PK
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> InstallationProfile:
        """The installation's profile; an unsaved blank one until an administrator fills it in."""
        return cls.objects.filter(pk=cls.SINGLETON_PK).first() or cls(pk=cls.SINGLETON_PK)


class RateCounter(models.Model):
    """Requests counted against a rate limit (core.ratelimit): one row per scope and visitor, counted in
    fixed windows and reused window after window, so that a request costs one statement and every
    worker process sees the same count."""

    key = models.CharField(max_length=255, primary_key=True)
    window = models.BigIntegerField()  # Unix time // the rate's period
    hits = models.PositiveIntegerField(default=0)
    window_ends = models.BigIntegerField(db_index=True)  # Unix time the window ends

    class Meta:
        verbose_name = _("penghitung batas laju")
        verbose_name_plural = _("penghitung batas laju")

    def __str__(self) -> str:
        return f"{self.key}: {self.hits}"
