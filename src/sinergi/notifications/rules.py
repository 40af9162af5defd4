"""Named permissions of the notification layer.

Office staff follow the delivery status of their office's workflows. Whether a person may see one
object's deliveries is the owning app's office-scoped permission (`Workflow.permission`, e.g.
`events.view_deliveries` = the organising office's staff); the status page is open to whoever holds
one of them somewhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from . import types

if TYPE_CHECKING:
    from sinergi.accounts.typing import AnyUser


@rules.predicate
def follows_a_workflow(user: AnyUser) -> bool:
    return any(user.has_perm(flow.permission) for flow in types.workflows())


rules.add_perm("notifications.view_delivery_status", follows_a_workflow)
