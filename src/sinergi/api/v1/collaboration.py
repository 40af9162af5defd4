"""Collaboration endpoints: initiatives and their supports, endorsements, pledges, comments, milestones.

Reads are public (published phases only, comments hidden by moderators left out). Writes need a token
with scope `collaboration:write` and the same named permissions as the pages; they call the services.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja import Status as Reply

from sinergi.accounts.models import User
from sinergi.collaboration import selectors, services
from sinergi.collaboration.models import Initiative, Stance

from ..auth import guarded, path_id, require_perm, require_scope, token_auth, write_throttle
from ..errors import ErrorOut, FieldInvalid, NotFound
from ..pagination import Page, PageParams, paginate
from .schemas import Rupiah

router = Router(tags=["collaboration"])
READ_ERRORS = {frozenset({404, 422}): ErrorOut}
WRITE_ERRORS = {frozenset({400, 401, 403, 404, 409, 422, 429}): ErrorOut}
WRITE = "collaboration:write"


class InitiativeOut(Schema):
    id: int
    title: str
    phase: str
    proposer_type: str
    proposer: str
    kecamatan: str | None
    subsectors: list[str]
    problem: str
    goal: str
    beneficiaries: str
    budget_estimate: Decimal | None
    support_threshold: int
    support_deadline: date | None
    supports: int
    offline_supports: int
    answer: str
    answered_at: datetime | None
    created_at: datetime

    @staticmethod
    def from_model(i: Initiative) -> dict[str, Any]:
        return {
            "id": i.pk, "title": i.title, "phase": i.phase, "proposer_type": i.proposer_type,
            "proposer": i.proposer_label, "kecamatan": i.kecamatan.code if i.kecamatan else None,
            "subsectors": [s.code for s in i.subsectors.all()], "problem": i.problem, "goal": i.goal,
            "beneficiaries": i.beneficiaries, "budget_estimate": i.budget_estimate,
            "support_threshold": i.support_threshold, "support_deadline": i.support_deadline,
            "supports": i.support_count, "offline_supports": i.offline_support_count, "answer": i.answer,
            "answered_at": i.answered_at, "created_at": i.created_at,
        }  # fmt: skip


class InitiativePage(Page[InitiativeOut]):
    pass


class InitiativeFilters(Schema):
    phase: str | None = None
    subsector: str | None = None
    kecamatan: str | None = None
    proposer_type: str | None = None
    helix: str | None = None
    q: str | None = None
    sort: str | None = None


class InitiativeIn(Schema):
    title: str
    problem: str
    goal: str
    kecamatan: str | None = None
    subsectors: list[str] = []
    beneficiaries: str = ""
    budget_estimate: Rupiah | None = None
    resources_needed: str = ""
    timeline: str = ""


class SupportsOut(Schema):
    supports: int
    offline_supports: int
    total: int
    threshold: int
    deadline: date | None


class EndorsementOut(Schema):
    organisation: str
    helix: str
    statement: str
    created_at: datetime


class PledgeOut(Schema):
    id: int
    organisation: str
    helix: str
    kind: str
    description: str
    amount: Decimal | None
    status: str


class CommentOut(Schema):
    id: int
    parent: int | None
    author: str
    stance: str
    body: str
    created_at: datetime


class CommentIn(Schema):
    body: str
    stance: Stance = Stance.NEUTRAL
    parent: int | None = None


class MilestoneOut(Schema):
    id: int
    title: str
    due_date: date | None
    progress: int
    notes: str


def _public(request: HttpRequest, pk: int) -> Initiative:
    initiative = selectors.initiative_list(filters={}).filter(pk=pk).first()
    if initiative is None:
        raise NotFound(_("Inisiatif tidak ditemukan."))
    return initiative


@router.get("/initiatives", response={200: InitiativePage, **READ_ERRORS}, summary="Daftar inisiatif")
def initiative_list(request: HttpRequest, filters: Query[InitiativeFilters], page: Query[PageParams]) -> Any:
    qs = selectors.initiative_list(filters=filters.dict(exclude_none=True)).prefetch_related("subsectors")
    data = paginate(request, qs, page)
    data["results"] = [InitiativeOut.from_model(i) for i in data["results"]]
    return data


@router.get("/initiatives/{pk}", response={200: InitiativeOut, **READ_ERRORS}, summary="Satu inisiatif")
def initiative_get(request: HttpRequest, pk: int) -> Any:
    return InitiativeOut.from_model(_public(request, pk))


@router.get("/initiatives/{pk}/supports", response={200: SupportsOut, **READ_ERRORS}, summary="Jumlah dukungan")
def initiative_supports(request: HttpRequest, pk: int) -> Any:
    i = _public(request, pk)
    return {"supports": i.support_count, "offline_supports": i.offline_support_count, "total": i.total_supports,
            "threshold": i.support_threshold, "deadline": i.support_deadline}  # fmt: skip


@router.get("/initiatives/{pk}/endorsements", response={200: list[EndorsementOut], **READ_ERRORS})
def initiative_endorsements(request: HttpRequest, pk: int) -> Any:
    i = _public(request, pk)
    return [{"organisation": str(e.organisation), "helix": e.helix, "statement": e.statement,
             "created_at": e.created_at} for e in i.endorsements.select_related("organisation")]  # fmt: skip


@router.get("/initiatives/{pk}/pledges", response={200: list[PledgeOut], **READ_ERRORS})
def initiative_pledges(request: HttpRequest, pk: int) -> Any:
    i = _public(request, pk)
    return [{"id": p.pk, "organisation": str(p.organisation), "helix": p.helix, "kind": p.kind,
             "description": p.description, "amount": p.amount, "status": p.status}
            for p in i.pledges.select_related("organisation")]  # fmt: skip


@router.get("/initiatives/{pk}/comments", response={200: list[CommentOut], **READ_ERRORS})
def initiative_comments(request: HttpRequest, pk: int) -> Any:
    i = _public(request, pk)
    return [{"id": c.pk, "parent": c.parent_id, "author": str(c.author), "stance": c.stance, "body": c.body,
             "created_at": c.created_at}
            for c in i.comments.filter(is_hidden=False).select_related("author")]  # fmt: skip


@router.get("/initiatives/{pk}/milestones", response={200: list[MilestoneOut], **READ_ERRORS})
def initiative_milestones(request: HttpRequest, pk: int) -> Any:
    i = _public(request, pk)
    return [{"id": m.pk, "title": m.title, "due_date": m.due_date, "progress": m.progress, "notes": m.notes}
            for m in i.milestones.all()]  # fmt: skip


def _own(user: User, pk: int) -> Initiative:
    initiative = selectors.initiatives().filter(pk=pk).first()
    if initiative is None or not user.has_perm("collaboration.view_initiative", initiative):
        raise NotFound(_("Inisiatif tidak ditemukan."))
    return initiative


def _create_guard(request: HttpRequest) -> None:
    require_perm(require_scope(request, WRITE), "collaboration.create_initiative")


def _comment_guard(request: HttpRequest, pk: str) -> None:
    number = path_id(pk)
    if number is not None:
        user = require_scope(request, WRITE)
        require_perm(user, "collaboration.comment_initiative", _own(user, number))


@router.post("/initiatives", auth=guarded(_create_guard), throttle=[write_throttle],
             response={201: InitiativeOut, **WRITE_ERRORS}, summary="Usulkan inisiatif (draf)")  # fmt: skip
def initiative_create(request: HttpRequest, payload: InitiativeIn) -> Any:
    user = require_scope(request, WRITE)
    data = payload.dict(exclude={"subsectors", "kecamatan"})
    if payload.kecamatan:
        kecamatan = selectors.kecamatan_by_code(payload.kecamatan)
        if kecamatan is None:
            raise NotFound(_("Kecamatan tidak dikenal."))
        data["kecamatan"] = kecamatan
    subsectors = selectors.current_subsectors(payload.subsectors)
    unknown = sorted(set(payload.subsectors) - {s.code for s in subsectors})
    if unknown:
        message = _("Kode subsektor tidak dikenal di daftar yang berlaku: %(codes)s.") % {"codes": ", ".join(unknown)}
        raise FieldInvalid(message, field_errors={"subsectors": [message]})
    initiative = services.initiative_propose(by=user, data=data, subsectors=subsectors)
    return Reply(201, InitiativeOut.from_model(initiative))


@router.post("/initiatives/{pk}/submit", auth=token_auth, throttle=[write_throttle],
             response={200: InitiativeOut, **WRITE_ERRORS}, summary="Ajukan inisiatif")  # fmt: skip
def initiative_submit(request: HttpRequest, pk: int) -> Any:
    user = require_scope(request, WRITE)
    initiative = _own(user, pk)
    require_perm(user, "collaboration.submit_initiative", initiative)
    return InitiativeOut.from_model(services.initiative_submit(by=user, initiative=initiative))


@router.post("/initiatives/{pk}/supports", auth=token_auth, throttle=[write_throttle],
             response={200: SupportsOut, **WRITE_ERRORS}, summary="Dukung inisiatif")  # fmt: skip
def support_add(request: HttpRequest, pk: int) -> Any:
    user = require_scope(request, WRITE)
    initiative = _own(user, pk)
    require_perm(user, "collaboration.support_initiative", initiative)
    services.support_add(by=user, initiative=initiative)
    return initiative_supports(request, pk)


@router.delete("/initiatives/{pk}/supports", auth=token_auth, throttle=[write_throttle],
               response={200: SupportsOut, **WRITE_ERRORS}, summary="Tarik dukungan")  # fmt: skip
def support_withdraw(request: HttpRequest, pk: int) -> Any:
    user = require_scope(request, WRITE)
    initiative = _own(user, pk)
    services.support_withdraw(by=user, initiative=initiative)
    return initiative_supports(request, pk)


@router.post("/initiatives/{pk}/comments", auth=guarded(_comment_guard), throttle=[write_throttle],
             response={201: CommentOut, **WRITE_ERRORS}, summary="Kirim komentar")  # fmt: skip
def comment_post(request: HttpRequest, pk: int, payload: CommentIn) -> Any:
    user = require_scope(request, WRITE)
    initiative = _own(user, pk)
    parent = initiative.comments.filter(pk=payload.parent).first() if payload.parent else None
    c = services.comment_post(by=user, initiative=initiative, body=payload.body, stance=payload.stance,
                              parent=parent)  # fmt: skip
    return Reply(201, {"id": c.pk, "parent": c.parent_id, "author": str(c.author), "stance": c.stance,
                       "body": c.body, "created_at": c.created_at})  # fmt: skip
