"""Writes of collaboration, one module per aggregate; every service is importable from here.

Keyword-only, atomic, validated, one audit entry each. Every service checks its named permission in
rules.py itself (`core.access.check_perm`, NotAllowed), after its phase rule (Conflict); pages and the API
check the same permission first only to answer 404 or 403. The services enforce the lifecycle (which
phase may follow which) and invariants.
"""

from ..models import INITIATIVE_FIELDS
from ._common import (
    COMMENT_LIMIT_PER_MINUTE,
    RATE_WINDOW_SECONDS,
    SUPPORT_LIMIT_PER_MINUTE,
    RateLimited,
    rate_limit,
    rate_limit_reset,
)
from .attachments import attachment_add
from .discussion import (
    comment_edit,
    comment_hide,
    comment_post,
    comment_report,
    comment_unhide,
    user_block,
    user_unblock,
)
from .exports import initiatives_export
from .follow_through import milestone_add, milestone_progress_update, result_add
from .initiatives import (
    answer_recipients,
    initiative_create,
    initiative_propose,
    initiative_revise,
    initiative_submit,
    initiative_update,
)
from .phases import (
    initiative_accept,
    initiative_archive,
    initiative_complete,
    initiative_open_for_support,
    initiative_reject,
    initiative_start_implementation,
    initiative_start_review,
    initiative_withdraw,
)
from .pledges import endorsement_add, pledge_confirm, pledge_deliver, pledge_offer
from .support import offline_support_record, support_add, support_withdraw

__all__ = [
    "COMMENT_LIMIT_PER_MINUTE",
    "INITIATIVE_FIELDS",
    "RATE_WINDOW_SECONDS",
    "SUPPORT_LIMIT_PER_MINUTE",
    "RateLimited",
    "answer_recipients",
    "attachment_add",
    "comment_edit",
    "comment_hide",
    "comment_post",
    "comment_report",
    "comment_unhide",
    "endorsement_add",
    "initiative_accept",
    "initiative_archive",
    "initiative_complete",
    "initiative_create",
    "initiative_open_for_support",
    "initiative_propose",
    "initiative_reject",
    "initiative_revise",
    "initiative_start_implementation",
    "initiative_start_review",
    "initiative_submit",
    "initiative_update",
    "initiative_withdraw",
    "initiatives_export",
    "milestone_add",
    "milestone_progress_update",
    "offline_support_record",
    "pledge_confirm",
    "pledge_deliver",
    "pledge_offer",
    "rate_limit",
    "rate_limit_reset",
    "result_add",
    "support_add",
    "support_withdraw",
    "user_block",
    "user_unblock",
]
