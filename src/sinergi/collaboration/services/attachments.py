"""Files attached to an initiative (proposal documents, minutes, evidence)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from sinergi.accounts.models import User
from sinergi.core import audit
from sinergi.core.access import check_perm

from .. import files
from ..models import (
    Attachment,
    Initiative,
)
from ._common import _user


def attachment_add(
    *, by: User, initiative: Initiative, upload: Any, kind: str = Attachment.Kind.INITIATIVE, is_internal: bool = False
) -> Attachment:
    """Attach a file to the initiative, when `by` may attach files to it in its phase (an internal file,
    seen by office staff only, when `by` may see internal files)."""
    check_perm(by, "collaboration.attach_file", initiative, message=_("Anda tidak dapat melampirkan berkas di sini."))
    if is_internal:
        check_perm(
            by,
            "collaboration.view_internal",
            initiative,
            message=_("Hanya petugas perangkat daerah yang dapat melampirkan berkas internal."),
        )
    return attach(by=by, initiative=initiative, upload=upload, kind=kind, is_internal=is_internal)


def attach(
    *, by: User, initiative: Initiative, upload: Any, kind: str = Attachment.Kind.INITIATIVE, is_internal: bool = False
) -> Attachment:
    """The file of a step another service has allowed (a proposal, the decision's minutes, a result's
    evidence): that service checked its own permission."""
    content_type, size = files.validate_upload(upload)
    name = PurePath(getattr(upload, "name", "berkas")).name[:200]
    attachment = Attachment(
        initiative=initiative,
        kind=kind,
        name=name,
        content_type=content_type,
        size=size,
        is_internal=is_internal,
        uploaded_by=_user(by),
    )
    attachment.file.save(name, upload, save=False)
    attachment.save()
    audit.record(
        by=by,
        action="collaboration.attachment.added",
        target=initiative,
        data={"kind": kind, "name": name, "internal": is_internal},
    )
    return attachment
