"""Pages of collaboration: thin views that parse, choose 404 or 403, call one service, render.

One module per part of the page set; `urls.py` and other callers keep importing from here.
"""

from .actions import (
    PHASE_PERMS,
    attachment_download,
    attachment_upload,
    endorse,
    milestone_add,
    milestone_progress,
    offline_support,
    phase_change,
    pledge_move,
    pledge_offer,
    result_add,
)
from .discussion import (
    comment_edit,
    comment_moderate,
    comment_post,
    comment_report,
    export,
    moderation_queue,
    user_unblock,
)
from .pages import (
    follow_through,
    initiative_create,
    initiative_detail,
    initiative_edit,
    initiative_list,
    support_count,
    support_toggle,
)

__all__ = [
    "PHASE_PERMS",
    "attachment_download",
    "attachment_upload",
    "comment_edit",
    "comment_moderate",
    "comment_post",
    "comment_report",
    "endorse",
    "export",
    "follow_through",
    "initiative_create",
    "initiative_detail",
    "initiative_edit",
    "initiative_list",
    "milestone_add",
    "milestone_progress",
    "moderation_queue",
    "offline_support",
    "phase_change",
    "pledge_move",
    "pledge_offer",
    "result_add",
    "support_count",
    "support_toggle",
    "user_unblock",
]
