"""Forms of the registry workspace: they parse and validate input; services do the writing.

Plain forms (not ModelForms), so that validating never mutates a record before its service runs.
Identifiers go through registry.identifiers, so a page, an import and the API accept the same input.
"""

from .actors import ActorForm, CertificationForm, ContactForm, FigureForm, LinkForm
from .communities import ActivityForm, CommunityForm, InviteForm, LeaderForm, MemberForm, member_candidates
from .fields import TEXTAREA, KelurahanField
from .hubs import HubForm, ResidentForm
from .products import FlagshipForm, PhotoForm, ProductForm
from .staff import (
    ClaimForm,
    DecisionForm,
    EraseForm,
    FosteringForm,
    MergeForm,
    NoteForm,
    ReasonForm,
    SubsectorOverrideForm,
)

__all__ = [
    "TEXTAREA",
    "ActivityForm",
    "ActorForm",
    "CertificationForm",
    "ClaimForm",
    "CommunityForm",
    "ContactForm",
    "DecisionForm",
    "EraseForm",
    "FigureForm",
    "FlagshipForm",
    "FosteringForm",
    "HubForm",
    "InviteForm",
    "KelurahanField",
    "LeaderForm",
    "LinkForm",
    "MemberForm",
    "MergeForm",
    "NoteForm",
    "PhotoForm",
    "ProductForm",
    "ReasonForm",
    "ResidentForm",
    "SubsectorOverrideForm",
    "member_candidates",
]
