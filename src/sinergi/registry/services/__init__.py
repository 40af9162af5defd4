"""Writes for the registry, one module per aggregate. Keyword-only, typed, atomic, validated, and each
writes one audit entry.

Pages, bulk import and the API all call these. Each service checks its named permission (`rules.py`) for
the person acting (`by`; None is the system: a task, a command, the demo) and raises `NotAllowed`; pages
and the API check the same permission first only to choose 404 or 403. The lifecycle rules are enforced
here; the values derived from a record are computed in `registry.derived`.
"""

from sinergi.core.errors import Conflict, NotAllowed, ServiceError

from .actors import (
    ACTOR_FIELDS,
    STAFF_ONLY_ACTOR_FIELDS,
    KbliChoice,
    actor_archive,
    actor_create,
    actor_merge,
    actor_override_subsectors,
    actor_refresh_derived,
    actor_reject,
    actor_restore,
    actor_set_fostering,
    actor_submit,
    actor_update,
    actor_verify,
    restored_status,
)
from .claims import claim_create, claim_decide
from .communities import (
    COMMUNITY_CREATE_FIELDS,
    COMMUNITY_FIELDS,
    community_create,
    community_create_with_leader,
    community_leader_remove,
    community_log_activity,
    community_set_leader,
    community_update,
)
from .contacts import (
    CERTIFICATION_FIELDS,
    CONTACT_FIELDS,
    actor_add_link,
    actor_remove_link,
    actor_set_figure,
    certification_add,
    certification_remove,
    contact_delete,
    contact_save,
    personal_data_viewed,
)
from .duplicates import (
    SIMILAR_NAME_RATIO,
    duplicate_dismiss,
    find_duplicates,
    flag_duplicates,
    flags_resolve_merged,
    normalise_name,
)
from .hubs import HUB_FIELDS, hub_resident_add, hub_resident_remove, hub_save
from .memberships import (
    community_invitation_respond,
    community_invitation_withdraw,
    community_invite,
    community_member_leave,
    community_member_remove,
    community_member_set,
    community_person_remove,
)
from .products import (
    MAX_PHOTOS_PER_PRODUCT,
    PRODUCT_FIELDS,
    product_archive,
    product_photo_add,
    product_photo_remove,
    product_save,
    product_set_flagship,
)

__all__ = [
    "ACTOR_FIELDS",
    "CERTIFICATION_FIELDS",
    "COMMUNITY_CREATE_FIELDS",
    "COMMUNITY_FIELDS",
    "CONTACT_FIELDS",
    "HUB_FIELDS",
    "MAX_PHOTOS_PER_PRODUCT",
    "PRODUCT_FIELDS",
    "SIMILAR_NAME_RATIO",
    "STAFF_ONLY_ACTOR_FIELDS",
    "Conflict",
    "KbliChoice",
    "NotAllowed",
    "ServiceError",
    "actor_add_link",
    "actor_archive",
    "actor_create",
    "actor_merge",
    "actor_override_subsectors",
    "actor_refresh_derived",
    "actor_reject",
    "actor_remove_link",
    "actor_restore",
    "actor_set_figure",
    "actor_set_fostering",
    "actor_submit",
    "actor_update",
    "actor_verify",
    "certification_add",
    "certification_remove",
    "claim_create",
    "claim_decide",
    "community_create",
    "community_create_with_leader",
    "community_invitation_respond",
    "community_invitation_withdraw",
    "community_invite",
    "community_leader_remove",
    "community_log_activity",
    "community_member_leave",
    "community_member_remove",
    "community_member_set",
    "community_person_remove",
    "community_set_leader",
    "community_update",
    "contact_delete",
    "contact_save",
    "duplicate_dismiss",
    "find_duplicates",
    "flag_duplicates",
    "flags_resolve_merged",
    "hub_resident_add",
    "hub_resident_remove",
    "hub_save",
    "normalise_name",
    "personal_data_viewed",
    "product_archive",
    "product_photo_add",
    "product_photo_remove",
    "product_save",
    "product_set_flagship",
    "restored_status",
]
