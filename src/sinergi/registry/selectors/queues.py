"""Staff work queues: profiles to verify, claims to decide, possible duplicates (office-scoped)."""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import Actor, ClaimStatus, DuplicateFlag, ProfileClaim, Status
from .scope import Viewer, in_registry_scope


def verification_queue(*, user: Viewer) -> QuerySet[Actor]:
    """Submitted profiles waiting for this person's registry office (its kab/kota's, if it has one)."""
    qs = Actor.objects.filter(status=Status.SUBMITTED)
    return in_registry_scope(qs, user=user).select_related("kelurahan__parent", "owner").order_by("submitted_at", "id")


def pending_claims(*, user: Viewer) -> QuerySet[ProfileClaim]:
    """Open claims on profiles this person's registry office administers."""
    qs = ProfileClaim.objects.filter(status=ClaimStatus.PENDING)
    return (
        in_registry_scope(qs, user=user, place="actor__kelurahan")
        .select_related("actor", "user")
        .order_by("created_at", "id")
    )


def open_duplicate_flags(*, user: Viewer) -> QuerySet[DuplicateFlag]:
    """Unresolved possible duplicates among the profiles this person's registry office administers."""
    qs = in_registry_scope(DuplicateFlag.objects.filter(resolved=False), user=user, place="actor__kelurahan")
    return qs.select_related("actor", "other").order_by("-score", "id")


def claim_rows() -> QuerySet[ProfileClaim]:
    """Claims (any status) with their profile and claimant (pick one with a lookup; callers check access)."""
    return ProfileClaim.objects.select_related("actor", "user")


def duplicate_flag_rows() -> QuerySet[DuplicateFlag]:
    """Possible duplicates (resolved or not) with both profiles (pick one with a lookup; callers check access)."""
    return DuplicateFlag.objects.select_related("actor", "other")
