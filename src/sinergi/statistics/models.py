"""PDRB Ekraf on the platform: datasets (immutable once used), runs of the engine, publications.

Figures shown to the public are copied from a run's result into `PublishedFigure` (one tidy row per
value) when a draft is prepared, so the public page and the API read an indexed table, never JSON.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sinergi.core.models import ConstraintMessages, TimeStampedModel


class DatasetKind(models.TextChoices):
    PDRB = "pdrb", _("PDRB menurut lapangan usaha")
    ESTABLISHMENTS = "establishments", _("Data usaha")
    INDICATOR = "indicator", _("Seri indikator")
    BENCHMARK = "benchmark", _("Nilai acuan subsektor")
    POPULATION = "population", _("Penduduk")
    LEVELS = "levels", _("Hasil PDRB ekraf wilayah lain")


class DatasetSource(models.TextChoices):
    UPLOAD = "upload", _("Unggahan")
    REGISTRY = "registry", _("Direktori Sinergi")
    DEMO = "demo", _("Demo (sintetis)")


class DatasetStatus(models.TextChoices):
    VALIDATING = "validating", _("Sedang diperiksa")
    VALID = "valid", _("Valid")
    INVALID = "invalid", _("Tidak valid")


def dataset_upload_to(instance: Dataset, filename: str) -> str:
    return f"statistik/dataset/{instance.kind}/{instance.sha256[:16]}-{filename}"


class Dataset(TimeStampedModel):
    """One version of one input file. Never edited once a run used it (`locked`): correct by a new version."""

    kind = models.CharField(_("jenis"), max_length=20, choices=DatasetKind)
    name = models.CharField(_("nama"), max_length=120)
    region_code = models.CharField(_("kode wilayah"), max_length=20)
    region_name = models.CharField(_("nama wilayah"), max_length=120)
    version = models.PositiveIntegerField(_("versi"), default=1)
    supersedes = models.ForeignKey(
        "self", verbose_name=_("mengganti"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("sumber"), max_length=20, choices=DatasetSource, default=DatasetSource.UPLOAD)
    file = models.FileField(_("berkas"), upload_to=dataset_upload_to, max_length=300)
    original_name = models.CharField(_("nama berkas asli"), max_length=200)
    sha256 = models.CharField(max_length=64)
    summary = models.JSONField(_("ringkasan"), default=dict, blank=True)
    issues = models.JSONField(_("masalah"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DatasetStatus)
    locked = models.BooleanField(_("terkunci (sudah dipakai)"), default=False)
    note = models.TextField(_("catatan"), blank=True)
    # Lease of the worker checking the file (core.leases); empty until a worker starts on it.
    heartbeat_at = models.DateTimeField(_("detak terakhir pekerja"), null=True, blank=True)
    interrupted = models.BooleanField(_("pemeriksaan terhenti"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    constraint_messages = {
        "dataset_unique_version": ("version", _("Dataset dengan nama dan versi ini sudah ada.")),
    }

    class Meta:
        verbose_name = _("dataset statistik")
        verbose_name_plural = _("dataset statistik")
        ordering = ["kind", "region_code", "name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "region_code", "name", "version"], name="dataset_unique_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name} v{self.version} ({self.region_name})"


class Method(models.TextChoices):
    RATIO = "ratio", _("Alokasi rasio (θ dari data usaha)")
    EXTRAPOLATION = "extrapolation", _("Ekstrapolasi indikator")
    SURVEY = "survey", _("Estimasi langsung survei")
    LEVELS = "levels", _("Hasil wilayah lain (dimuat)")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Antre")
    RUNNING = "running", _("Berjalan")
    SUCCEEDED = "succeeded", _("Berhasil")
    FAILED = "failed", _("Gagal")


def run_bundle_upload_to(instance: Run, filename: str) -> str:
    return f"statistik/bundel/run-{instance.pk}-{filename}"


class Run(TimeStampedModel):
    """One execution of the engine: inputs, mapping and parameters in; result and manifest out."""

    region_code = models.CharField(_("kode wilayah"), max_length=20)
    region_name = models.CharField(_("nama wilayah"), max_length=120)
    method = models.CharField(_("metode"), max_length=20, choices=Method)
    datasets = models.ManyToManyField(Dataset, through="RunInput", related_name="runs")
    mapping = models.ForeignKey(
        "classification.KbliMapping",
        verbose_name=_("pemetaan KBLI"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    parameters = models.JSONField(_("parameter"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=RunStatus, default=RunStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("kemajuan (%)"), default=0)
    error_summary = models.TextField(_("galat"), blank=True)
    error_issues = models.JSONField(_("rincian galat"), default=list, blank=True)
    result = models.JSONField(_("hasil"), null=True, blank=True)
    manifest = models.JSONField(_("manifes"), null=True, blank=True)
    kecamatan_shares = models.JSONField(_("pangsa kecamatan"), default=dict, blank=True)
    # The reproducibility bundle (`ekraf.write_bundle`): inputs with establishments aggregated (no
    # personal data), mapping, manifest, published tables; `ekraf.reproduce` recomputes it.
    bundle = models.FileField(_("bundel reproduksi"), upload_to=run_bundle_upload_to, max_length=300, blank=True)
    bundle_sha256 = models.CharField(_("SHA-256 bundel"), max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The worker's lease while running (core.leases); a run whose worker died is failed and
    # `interrupted`, and may be run again (`services.run_retry`).
    heartbeat_at = models.DateTimeField(_("detak terakhir pekerja"), null=True, blank=True)
    interrupted = models.BooleanField(_("terhenti karena pekerja berhenti"), default=False)

    class Meta:
        verbose_name = _("proses hitung")
        verbose_name_plural = _("proses hitung")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Run #{self.pk} {self.get_method_display()} {self.region_name}"

    @property
    def is_finished(self) -> bool:
        return self.status in {RunStatus.SUCCEEDED, RunStatus.FAILED}

    @property
    def can_retry(self) -> bool:
        return self.status == RunStatus.FAILED and self.interrupted


class RunInput(ConstraintMessages, models.Model):
    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="inputs")
    dataset = models.ForeignKey(Dataset, on_delete=models.PROTECT, related_name="uses")
    role = models.CharField(_("peran"), max_length=20, choices=DatasetKind)

    constraint_messages = {
        "run_one_dataset_per_role": ("role", _("Perhitungan ini sudah punya dataset untuk peran ini.")),
    }

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "role"], name="run_one_dataset_per_role")]

    def __str__(self) -> str:
        return f"{self.run_id} {self.role}"


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    IN_REVIEW = "in_review", _("Ditinjau")
    PUBLISHED = "published", _("Terbit")
    SUPERSEDED = "superseded", _("Digantikan revisi")


PUBLIC_STATUSES = (PublicationStatus.PUBLISHED, PublicationStatus.SUPERSEDED)


class Publication(TimeStampedModel):
    """A release of one run's figures for a region; never edited once published (revise instead)."""

    run = models.ForeignKey(Run, on_delete=models.PROTECT, related_name="publications")
    region_code = models.CharField(_("kode wilayah"), max_length=20, db_index=True)
    region_name = models.CharField(_("nama wilayah"), max_length=120)
    title = models.CharField(_("judul"), max_length=200)
    summary = models.TextField(_("ringkasan"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=PublicationStatus, default=PublicationStatus.DRAFT, db_index=True
    )
    revision_of = models.ForeignKey(
        "self", verbose_name=_("revisi dari"), null=True, blank=True, on_delete=models.PROTECT, related_name="revisions"
    )
    revision_reason = models.TextField(_("alasan revisi"), blank=True)
    is_demo = models.BooleanField(_("estimasi demo"), default=False)
    is_comparison = models.BooleanField(_("hanya pembanding"), default=False)
    headline = models.JSONField(_("angka utama"), default=dict, blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("publikasi statistik")
        verbose_name_plural = _("publikasi statistik")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["region_code", "status", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


class PublicationComment(TimeStampedModel):
    class Kind(models.TextChoices):
        """What a comment records: a plain comment, or the note of a review step."""

        COMMENT = "comment", _("komentar")
        SUBMITTED = "submitted", _("diajukan")
        RETURNED = "returned", _("dikembalikan")
        APPROVED = "approved", _("disetujui")

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("komentar"))
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices, default=Kind.COMMENT)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.publication_id}: {self.body[:40]}"


class PublishedFigure(models.Model):
    """One published value: level, indicator, PDRB or kecamatan estimate (`area` = kecamatan kode)."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="figures")
    region_code = models.CharField(max_length=20)
    area = models.CharField(max_length=20, blank=True, default="")
    year = models.PositiveSmallIntegerField()
    code = models.CharField(max_length=12)
    indicator = models.CharField(max_length=40)
    price_basis = models.CharField(max_length=12)
    value = models.FloatField()

    class Meta:
        indexes = [
            models.Index(fields=["publication", "indicator", "price_basis", "code", "year"]),
            models.Index(fields=["publication", "area", "year"]),
        ]

    def __str__(self) -> str:
        return f"{self.region_code} {self.year} {self.code} {self.indicator} {self.price_basis}"
