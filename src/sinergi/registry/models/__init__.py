"""The creative-economy registry: actors (pelaku ekraf, UMKM), communities, creative hubs, products, one
module per aggregate; everything is importable from `registry.models` as before.

Models hold data and single-row invariants only; every write goes through `registry.services`.
Derived values (an actor's subsectors, UMKM size class, search text) are computed in `registry.derived`
and written only by services, never typed.
"""

from .actors import (
    Actor,
    ActorKind,
    ActorLink,
    ActorYearlyFigure,
    Certification,
    CertificationKind,
    ContactPerson,
    LegalBasis,
    LegalForm,
    LinkKind,
    SizeClass,
    Status,
    nib_validator,
    nik_validator,
    npwp_validator,
    phone_validator,
    whatsapp_validator,
)
from .communities import Community, CommunityActivity, CommunityMember, CommunityRole, JoinedVia, MembershipStatus
from .hubs import CreativeHub, HubProgramme
from .products import AppPlatform, Product, ProductPhoto
from .queues import ClaimStatus, DuplicateFlag, DuplicateReason, DuplicateResolution, ProfileClaim

__all__ = [
    "Actor",
    "ActorKind",
    "ActorLink",
    "ActorYearlyFigure",
    "AppPlatform",
    "Certification",
    "CertificationKind",
    "ClaimStatus",
    "Community",
    "CommunityActivity",
    "CommunityMember",
    "CommunityRole",
    "ContactPerson",
    "CreativeHub",
    "DuplicateFlag",
    "DuplicateReason",
    "DuplicateResolution",
    "HubProgramme",
    "JoinedVia",
    "LegalBasis",
    "LegalForm",
    "LinkKind",
    "MembershipStatus",
    "Product",
    "ProductPhoto",
    "ProfileClaim",
    "SizeClass",
    "Status",
    "nib_validator",
    "nik_validator",
    "npwp_validator",
    "phone_validator",
    "whatsapp_validator",
]
