"""The export of initiatives: who exported what is audit-logged here, never in a view."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core import audit
from sinergi.core.access import check_perm
from sinergi.core.errors import ServiceError

from .. import exports, selectors


def initiatives_export(
    *, by: User, filters: Mapping[str, Any], file_format: str | None, sheet: str | None = None
) -> dict[str, Any]:
    """The export's sheets for the initiatives `by` may see under `filters`, recorded in the audit log.

    Supporters' e-mail addresses are included only for those who may export personal data. `sheet`: the
    one sheet a CSV download asks for; a sheet this person's export does not have raises ServiceError
    (code `unknown_sheet`) and nothing is recorded.
    """
    check_perm(by, "collaboration.export_initiatives", message=_("Anda tidak dapat mengekspor inisiatif."))
    initiatives = list(
        selectors.initiative_list(user=by, filters=filters)
        .prefetch_related("coauthors", "subsectors", "decision")
        .select_related("author")
    )
    personal = by.has_perm("collaboration.export_personal_data")
    data = exports.sheets(initiatives, with_personal_data=personal)
    if sheet is not None and sheet not in data:
        raise ServiceError(_("Lembar %(sheet)s tidak ada dalam ekspor ini.") % {"sheet": sheet}, code="unknown_sheet")
    audit.record(
        by=by,
        action="collaboration.initiatives.exported",
        data={"count": len(initiatives), "personal_data": personal, "format": file_format},
    )
    return data
