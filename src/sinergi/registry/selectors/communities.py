"""Communities: the public list and page, members in board order, invitations and memberships."""

from __future__ import annotations

from django.db.models import Case, Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Value, When

from sinergi.accounts.models import Membership, Role, User

from .. import search
from ..models import Actor, Community, CommunityMember, CommunityRole, MembershipStatus, Status
from .scope import text_filter


def community_list(
    *,
    q: str = "",
    subsector: str | None = None,
    kabkota: str | None = None,
    kecamatan: str | None = None,
    sort: str = "name",
) -> QuerySet[Community]:
    qs = Community.objects.filter(status=Status.VERIFIED)
    if q.strip():
        qs = text_filter(qs, q)
    if subsector:
        qs = qs.filter(
            Exists(
                Community.focus_subsectors.through.objects.filter(
                    community_id=OuterRef("pk"), subsector__code=subsector
                )
            )
        )
    if kecamatan:
        qs = qs.filter(base_kecamatan__code=kecamatan)
    elif kabkota:
        qs = qs.filter(base_kecamatan__parent__code=kabkota)
    qs = qs.select_related("base_kecamatan", "fostered_by").prefetch_related("focus_subsectors")
    qs = qs.annotate(member_count=Count("members", filter=Q(members__status=MembershipStatus.ACCEPTED), distinct=True))
    if sort == "members":
        return qs.order_by("-member_count", "name")
    if sort == "relevance" and q.strip():
        return search.with_rank(qs, q).order_by("-rank", "name")
    return qs.order_by("name")


def by_role(members: QuerySet[CommunityMember]) -> QuerySet[CommunityMember]:
    """Members in the order people read a community's board: Ketua, Sekretaris, Bendahara, Pengurus, then
    Anggota (the order `CommunityRole` declares), each by name."""
    rank = Case(
        *(When(role=role, then=Value(position)) for position, role in enumerate(CommunityRole.values)),
        default=Value(len(CommunityRole.values)),
        output_field=IntegerField(),
    )
    return members.alias(role_rank=rank).order_by("role_rank", "actor__name", "user__full_name", "pk")


def community_members(*, community: Community) -> QuerySet[CommunityMember]:
    """The community's accepted members (any profile status), for its leader's page."""
    return by_role(
        CommunityMember.objects.filter(community=community, status=MembershipStatus.ACCEPTED).select_related(
            "actor", "user", "invited_by"
        )
    )


def community_get(*, slug: str) -> Community | None:
    return (
        Community.objects.select_related("base_kecamatan", "fostered_by", "organisation")
        .prefetch_related(
            "focus_subsectors",
            Prefetch(
                "members",
                # Public: accepted members only; a business once verified, a person (name only) once accepted.
                queryset=by_role(
                    CommunityMember.objects.filter(status=MembershipStatus.ACCEPTED)
                    .filter(Q(actor__status=Status.VERIFIED) | Q(user__isnull=False))
                    .select_related("actor", "user")
                ),
            ),
        )
        .filter(slug=slug)
        .exclude(status=Status.ARCHIVED)
        .first()
    )


def community_workspace() -> QuerySet[Community]:
    """Communities of any status with what their workspace page reads (pick one with a lookup)."""
    return Community.objects.select_related("organisation", "base_kecamatan")


def community_leaders(*, community: Community) -> QuerySet[Membership]:
    """The people who lead the community's organisation (leader or admin role), for its leader switch."""
    return Membership.objects.filter(
        organisation=community.organisation, role__in=[Role.LEADER, Role.ADMIN]
    ).select_related("user")


def community_member_rows() -> QuerySet[CommunityMember]:
    """Memberships (any status) with their community, business and person (pick one with a lookup)."""
    return CommunityMember.objects.select_related("community", "actor", "user")


def community_member_actors(*, community: Community) -> QuerySet[Actor]:
    """The businesses that are accepted members of the community (any profile status)."""
    return Actor.objects.filter(
        community_memberships__community=community, community_memberships__status=MembershipStatus.ACCEPTED
    )


def communities_all() -> QuerySet[Community]:
    """Every community, whatever its status, by name (the registry office's workspace list)."""
    return Community.objects.order_by("name")


def communities_led_by(*, user: User) -> QuerySet[Community]:
    return Community.objects.filter(
        organisation__memberships__user=user, organisation__memberships__role__in=[Role.LEADER, Role.ADMIN]
    ).order_by("name")


def person_to_invite(*, email: str) -> User | None:
    """The active account with exactly this e-mail (any capitals), or None. People are never looked up
    by name or part of an address, so inviting reveals nothing the leader did not already know."""
    address = email.strip()
    if not address:
        return None
    return User.objects.filter(email__iexact=address, is_active=True).first()


def community_invitations_for(*, user: User) -> QuerySet[CommunityMember]:
    """Open invitations to join a community addressed to the person, or to a business they own, for their
    dashboard."""
    return (
        CommunityMember.objects.filter(Q(user=user) | Q(actor__owner=user), status=MembershipStatus.INVITED)
        .exclude(community__status=Status.ARCHIVED)
        .exclude(actor__status=Status.ARCHIVED)
        .select_related("community", "invited_by", "actor")
        .order_by("-created_at", "-id")
    )


def community_memberships_of(*, user: User) -> QuerySet[CommunityMember]:
    """The communities the person belongs to, themselves or through a business they own (accepted only)."""
    return (
        CommunityMember.objects.filter(Q(user=user) | Q(actor__owner=user), status=MembershipStatus.ACCEPTED)
        .exclude(community__status=Status.ARCHIVED)
        .exclude(actor__status=Status.ARCHIVED)
        .select_related("community", "actor")
        .order_by("community__name", "actor__name")
    )


def community_invitations_sent(*, community: Community) -> QuerySet[CommunityMember]:
    """The community's open invitations (people and businesses), oldest first, for its leader."""
    return (
        CommunityMember.objects.filter(community=community, status=MembershipStatus.INVITED)
        .select_related("community", "user", "actor", "invited_by")
        .order_by("created_at", "id")
    )
