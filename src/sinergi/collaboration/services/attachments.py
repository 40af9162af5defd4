"""Files attached to an initiative (proposal documents, minutes, evidence)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from sinergi.accounts.models import User
from sinergi.core import audit

from .. import files
from ..models import (
    Attachment,
    Initiative,
)
from ._common import _user


def attachment_add(
    *, by: User, initiative: Initiative, upload: Any, kind: str = Attachment.Kind.INITIATIVE, is_internal: bool = False
) -> Attachment:
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
