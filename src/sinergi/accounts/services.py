"""Writes for users, organisations and memberships. Each writes one audit entry."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, router, transaction
from django.db.models import Case, Value, When
from django.db.models.deletion import Collector, ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from sinergi.core import audit
from sinergi.core.access import check_perm
from sinergi.core.errors import NotAllowed, ServiceError
from sinergi.core.models import AuditEntry
from sinergi.core.writes import model_update, unique_slug, validate
from sinergi.wilayah.models import Wilayah

from .models import Membership, OfficeFunction, Organisation, OrganisationKind, User, normalise_email
from .predicates import forget_memberships
from .tasks import send_signup_mail


@transaction.atomic
def password_problems(*, password: str, email: str = "", full_name: str = "") -> list[str]:
    """What the configured password validators say against this password for this person (none: [])."""
    try:
        validate_password(password, User(email=normalise_email(email), full_name=full_name.strip()))
    except ValidationError as exc:
        return list(exc.messages)
    return []


def user_signup(*, email: str, full_name: str, password: str, language: str = "id") -> User:
    """Start a sign-up without revealing whether the address has an account (accounts/signup.py).

    A new address gets an inactive account and, once this commits, an activation link by e-mail; an
    address that already has an account gets a note saying so instead, and its account is untouched
    (a stranger must not set the password of someone's pending account). The caller answers the same
    either way; the returned account is for the audit trail and tests only, never for the answer.
    """
    email = normalise_email(email)
    user = User(email=email, full_name=full_name.strip(), language=language, is_active=False)
    problems = password_problems(password=password, email=email, full_name=full_name)
    if problems:
        raise ServiceError(_("Kata sandi belum memenuhi syarat."), field_errors={"password": problems})
    user.set_password(password)  # also for a known address: the time taken must not tell them apart
    validate(user, unique=False, message=_("Data akun belum benar."))
    existing = User.objects.filter(email__iexact=email).first()
    if existing is None:
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # the same address signed up at the same moment
            existing = User.objects.get(email__iexact=email)
    if existing is None:
        audit.record(by=user, action="accounts.user.registered", target=user, data={"active": False})
        target = user
    else:
        audit.record(by=None, action="accounts.user.signup_repeated", target=existing)
        target = existing
    transaction.on_commit(lambda: send_signup_mail.enqueue(user_id=target.pk, language=language))
    return target


@transaction.atomic
def user_activate(*, user: User) -> User:
    """The owner of the mailbox opened the activation link: the account becomes usable."""
    locked = User.objects.select_for_update().get(pk=user.pk)
    if locked.is_active:
        return locked
    locked.is_active = True
    locked.save(update_fields=["is_active"])
    audit.record(by=locked, action="accounts.user.activated", target=locked)
    return locked


@transaction.atomic
def user_set_language(*, user: User, language: str) -> User:
    """The person chooses the language of their pages, e-mails and notifications."""
    if language not in {"id", "en"}:
        raise ServiceError(_("Bahasa tidak dikenal."), field_errors={"language": [_("Pilih id atau en.")]})
    user.language = language
    user.save(update_fields=["language"])
    audit.record(by=user, action="accounts.user.language_changed", target=user, data={"language": language})
    return user


@dataclass(frozen=True)
class PreparedPassword:
    """A password hashed once for several accounts (hashing is slow on purpose, e.g. for the demo's
    people who share a published password). `user_create_active` still runs the validators on `raw` for
    each account; `hashed` is always `raw`'s hash, because only `of` makes one."""

    raw: str = field(repr=False)
    hashed: str = field(repr=False)

    @classmethod
    def of(cls, raw: str) -> PreparedPassword:
        return cls(raw, make_password(raw))


@transaction.atomic
def user_create_active(
    *,
    by: User | None,
    email: str,
    full_name: str,
    password: str | PreparedPassword | None,
    language: str = "id",
    staff: bool = False,
    superuser: bool = False,
) -> User:
    """An administrator opens an active account for a person (no activation e-mail): with a password
    the configured validators accept for this person, or with none (`None`: the person sets one through
    "lupa kata sandi"). Only a superuser (or the platform) may create admin-site staff or a superuser."""
    check_perm(by, "accounts.create_account", message=_("Hanya administrator yang boleh membuat akun."))
    if (staff or superuser) and by is not None and not by.is_superuser:
        raise NotAllowed(_("Hanya superuser yang boleh membuat akun admin."))
    email = normalise_email(email)
    user = User(
        email=email,
        full_name=full_name.strip(),
        language=language,
        is_active=True,
        is_staff=staff,
        is_superuser=superuser,
    )
    if password is None:
        user.set_unusable_password()
    else:
        raw = password.raw if isinstance(password, PreparedPassword) else password
        problems = password_problems(password=raw, email=email, full_name=full_name)
        if problems:
            raise ServiceError(_("Kata sandi belum memenuhi syarat."), field_errors={"password": problems})
        user.password = password.hashed if isinstance(password, PreparedPassword) else make_password(raw)
    validate(user, message=_("Data akun belum benar."))
    user.save()
    audit.record(
        by=by,
        action="accounts.user.created",
        target=user,
        data={"active": True, "password": password is not None, "staff": staff, "superuser": superuser},
    )
    return user


def _unknown_functions(functions: Iterable[str]) -> None:
    unknown = set(functions) - set(OfficeFunction.values)
    if unknown:
        raise ServiceError(
            _("Fungsi perangkat daerah tidak dikenal."),
            field_errors={"functions": [_("Tidak dikenal: %(names)s") % {"names": ", ".join(sorted(unknown))}]},
        )


@transaction.atomic
def organisation_create(
    *,
    by: User | None,
    name: str,
    kind: str,
    short_name: str = "",
    description: str = "",
    slug: str = "",
    functions: frozenset[str] | set[str] = frozenset(),
    area: Wilayah | None = None,
) -> Organisation:
    """Create an organisation; `functions` (OfficeFunction values) say what an office administers,
    `area` (a kab/kota Wilayah, province installations only) where it works."""
    _unknown_functions(functions)
    organisation = Organisation(
        name=name,
        kind=kind,
        short_name=short_name,
        description=description,
        slug=unique_slug(Organisation, slug or short_name or name, fallback="organisasi", max_length=70),
        administers_registry=OfficeFunction.REGISTRY in functions,
        produces_statistics=OfficeFunction.STATISTICS in functions,
        area=area,
    )
    validate(organisation, message=_("Data organisasi belum benar."))
    organisation.save()
    audit.record(
        by=by,
        action="accounts.organisation.created",
        target=organisation,
        data={"kind": kind, "functions": sorted(organisation.functions), "area": organisation.area_code},
    )
    return organisation


def organisation_functions_problems(*, organisation: Organisation, functions: Iterable[str]) -> list[str]:
    """Why `organisation` may not hold exactly `functions` ([] when it may), without changing anything.

    Only an office holds functions (the model says so too). An active office may not give up a function
    when no other active office would hold it for the whole installation (no working area): the
    directory's verification and personal data (`accounts.predicates.registry_areas`: profiles outside
    every working area, or with no kelurahan, belong to an office without one) or the statistics'
    review and approval would belong to nobody. Give the function to another office first."""
    functions = frozenset(functions)
    problems: list[str] = []
    if functions and organisation.kind != OrganisationKind.OFFICE:
        problems.append(_("Hanya perangkat daerah yang dapat mengelola direktori atau menyusun statistik."))
    if not organisation.is_active or organisation.pk is None:
        return problems
    stored = Organisation.objects.get(pk=organisation.pk)
    offices = Organisation.objects.filter(kind=OrganisationKind.OFFICE, is_active=True, area__isnull=True).exclude(
        pk=organisation.pk
    )
    if stored.is_active and stored.area_id is None:
        for function in sorted(stored.functions - functions):
            if function == OfficeFunction.REGISTRY and not offices.filter(administers_registry=True).exists():
                problems.append(
                    _(
                        "Kantor ini satu-satunya yang mengelola direktori untuk seluruh wilayah; tetapkan kantor "
                        "lain (tanpa wilayah kerja) sebagai pengelola direktori dulu."
                    )
                )
            if function == OfficeFunction.STATISTICS and not offices.filter(produces_statistics=True).exists():
                problems.append(
                    _(
                        "Kantor ini satu-satunya yang menyusun statistik PDRB Ekraf untuk seluruh wilayah; tetapkan "
                        "kantor lain (tanpa wilayah kerja) sebagai penyusun statistik dulu."
                    )
                )
    return problems


@transaction.atomic
def organisation_functions_set(
    *, by: User | None, organisation: Organisation, functions: frozenset[str] | set[str]
) -> Organisation:
    """Set what an office does in Sinergi (OfficeFunction values: the directory, the statistics); what it
    may not hold or give up is `organisation_functions_problems`'. Unchanged functions write nothing."""
    check_perm(
        by,
        "accounts.set_organisation_functions",
        organisation,
        message=_("Hanya administrator yang boleh mengubah fungsi perangkat daerah."),
    )
    _unknown_functions(functions)
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = locked.functions
    if before == frozenset(functions):
        return locked
    problems = organisation_functions_problems(organisation=locked, functions=functions)
    if problems:
        raise ServiceError(_("Fungsi perangkat daerah tidak dapat diubah."), field_errors={"functions": problems})
    locked.administers_registry = OfficeFunction.REGISTRY in functions
    locked.produces_statistics = OfficeFunction.STATISTICS in functions
    validate(locked, message=_("Data organisasi belum benar."))
    locked.save(update_fields=["administers_registry", "produces_statistics", "updated_at"])
    organisation.administers_registry, organisation.produces_statistics = (
        locked.administers_registry,
        locked.produces_statistics,
    )
    audit.record(
        by=by,
        action="accounts.organisation.functions_changed",
        target=locked,
        data={"before": sorted(before), "after": sorted(locked.functions)},
    )
    return locked


LETTERHEAD_FIELDS = (
    "letterhead_address",
    "letterhead_phone",
    "letterhead_website",
    "signatory_name",
    "signatory_title",
    "signatory_nip",
    "letter_place",
)


@transaction.atomic
def organisation_letterhead_set(*, by: User | None, organisation: Organisation, data: Mapping[str, str]) -> list[str]:
    """Set the letterhead and signatory of an office's official documents (`LETTERHEAD_FIELDS` that `data`
    holds; other keys are refused by name). Returns the names that changed; nothing changed writes
    nothing."""
    check_perm(
        by,
        "accounts.set_organisation_letterhead",
        organisation,
        message=_("Hanya administrator yang boleh mengubah kop surat dan penanda tangan."),
    )
    unknown = sorted(set(data) - set(LETTERHEAD_FIELDS))
    if unknown:
        raise ServiceError(
            _("Isian kop surat tidak dikenal."),
            field_errors={name: [_("Isian ini tidak dikenal.")] for name in unknown},
        )
    locked = Organisation.objects.select_for_update().get(pk=organisation.pk)
    changed = model_update(locked, fields=LETTERHEAD_FIELDS, data=data)
    if not changed:
        return []
    validate(locked, message=_("Kop surat atau penanda tangan belum benar."))
    locked.save(update_fields=[*changed, "updated_at"])
    audit.record(by=by, action="accounts.organisation.letterhead", target=locked, data={"changed": changed})
    for name in changed:
        setattr(organisation, name, getattr(locked, name))
    return changed


@transaction.atomic
def membership_set(*, by: User | None, user: User, organisation: Organisation, role: str) -> Membership:
    """Give `user` the `role` in `organisation` (a new membership or a changed role)."""
    membership, created = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    validate(membership)
    forget_memberships(user)
    audit.record(
        by=by,
        action="accounts.membership.added" if created else "accounts.membership.changed",
        target=organisation,
        data={"user": user.pk, "role": role},
    )
    return membership


@transaction.atomic
def membership_remove(
    *, by: User | None, user: User, organisation: Organisation, roles: Collection[str] | None = None
) -> bool:
    """Take `user` out of `organisation`; nothing happens when they were not in it, nor (with `roles`)
    when their role there is not one of `roles`. Says whether a membership was removed."""
    memberships = Membership.objects.filter(user=user, organisation=organisation)
    if roles is not None:
        memberships = memberships.filter(role__in=list(roles))
    deleted, _objects = memberships.delete()
    forget_memberships(user)
    if deleted:
        audit.record(by=by, action="accounts.membership.removed", target=organisation, data={"user": user.pk})
    return bool(deleted)


def unactivated_accounts_purge(*, older_than: timedelta) -> int:
    """Delete sign-ups whose activation link was never opened (UU 27/2022: keep no personal data without a
    purpose): inactive, never signed in, created more than `older_than` ago, and with nothing attached —
    an account an administrator deactivated, or one holding memberships or any other record, stays.
    Each deletion is audited without the address. Returns how many were deleted."""
    cutoff = timezone.now() - max(older_than, timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT))
    deleted = 0
    candidates = User.objects.filter(is_active=False, last_login__isnull=True, date_joined__lt=cutoff)
    for pk in candidates.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            user = candidates.select_for_update().filter(pk=pk).first()
            if user is None:
                continue
            collector = Collector(using=router.db_for_write(User))
            try:
                collector.collect([user])
            except ProtectedError:
                continue
            attached = any(model is not User and objects for model, objects in collector.data.items())
            if attached or any(query.exists() for query in collector.fast_deletes):
                continue
            user.delete()
            # The account's own entries (its registration) keep what happened, not who: no name, no address.
            user_type = ContentType.objects.get_for_model(User)
            AuditEntry.objects.filter(target_type=user_type, target_id=str(pk)).update(
                target_label=f"#{pk}",
                by_label=Case(When(by_label="sistem", then=Value("sistem")), default=Value(f"#{pk}")),
            )
            audit.record(
                by=None,
                action="accounts.user.unactivated_purged",
                target=None,
                data={"user": pk, "joined": user.date_joined.date().isoformat()},
            )
            deleted += 1
    return deleted
