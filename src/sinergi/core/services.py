"""Writes of core's own: keyword-only, atomic, permission-checked, audited."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from . import audit
from .access import check_perm
from .errors import NotAllowed, ServiceError
from .models import AuditEntry, InstallationProfile
from .writes import model_update, validate

if TYPE_CHECKING:
    from sinergi.accounts.models import User


@transaction.atomic
def audit_log_exported(*, by: User, filters: Mapping[str, str], count: int) -> AuditEntry:
    """Records that `by` downloaded the audit log (itself evidence in a breach investigation)."""
    if not by.has_perm("core.view_audit_log"):
        raise NotAllowed(_("Hanya administrator yang boleh mengunduh log audit."))
    return audit.record(by=by, action="core.audit_log.exported", data={"filters": dict(filters), "count": count})


PROFILE_FIELDS = ("name", "government_name", "statistics_release_title")


@transaction.atomic
def installation_profile_set(
    *, by: User | None, data: Mapping[str, str], logo: File[bytes] | None = None, clear_logo: bool = False
) -> InstallationProfile:
    """Set who runs this installation (`PROFILE_FIELDS` that `data` holds, a new `logo` when given, or no
    logo with `clear_logo`), creating its one profile the first time. Other keys are refused by name;
    nothing changed writes nothing."""
    check_perm(
        by, "core.change_installation_profile", message=_("Hanya administrator yang boleh mengubah profil instalasi.")
    )
    unknown = sorted(set(data) - set(PROFILE_FIELDS))
    if unknown:
        raise ServiceError(
            _("Isian profil instalasi tidak dikenal."),
            field_errors={name: [_("Isian ini tidak dikenal.")] for name in unknown},
        )
    profile = (
        InstallationProfile.objects.select_for_update().filter(pk=InstallationProfile.SINGLETON_PK).first()
        or InstallationProfile()
    )
    created = profile._state.adding
    changed = model_update(profile, fields=PROFILE_FIELDS, data=data)
    if logo is not None:
        profile.logo = logo  # the FileField saves the file with the row
        changed.append("logo")
    elif clear_logo and profile.logo:
        profile.logo = ""  # the file stays in storage, as the admin leaves it
        changed.append("logo")
    if not changed and not created:
        return profile
    validate(profile, message=_("Profil instalasi belum benar."))
    profile.save()
    audit.record(
        by=by,
        action="core.installation_profile.changed",
        target=profile,
        data={"created": created, "changed": changed},
    )
    return profile
