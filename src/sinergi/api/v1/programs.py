"""Programs endpoints: fostering programs and their sessions (public reads); writes with a token of
scope `events:write` and the pages' named permissions: create a program (a draft), move it along its
lifecycle (draft → open → selection → running → closed), record attendance."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja import Status as Reply

from sinergi.accounts.models import User
from sinergi.core.errors import ServiceError
from sinergi.programs import selectors, services
from sinergi.programs.models import Program, ProgramStatus

from ..access import fetch
from ..auth import require_perm, require_scope, token_auth, write_throttle
from ..errors import ErrorOut, NotFound
from ..pagination import Page, PageParams, paginate

router = Router(tags=["programs"])
READ_ERRORS = {frozenset({404, 422}): ErrorOut}
WRITE_ERRORS = {frozenset({400, 401, 403, 404, 409, 422, 429}): ErrorOut}
WRITE = "events:write"


class ProgramOut(Schema):
    slug: str
    title: str
    kind: str
    status: str
    organiser: str
    description: str
    start_date: date
    end_date: date
    call_opens: date | None
    call_closes: date | None
    cohort_size: int
    participants: int
    eligible_subsectors: list[str]
    eligible_size_classes: list[str]
    fostered_rule: str
    initiative: int | None

    @staticmethod
    def from_model(p: Program) -> dict[str, Any]:
        return {
            "slug": p.slug, "title": p.title, "kind": p.kind, "status": p.status, "organiser": str(p.organiser),
            "description": p.description, "start_date": p.start_date, "end_date": p.end_date,
            "call_opens": p.call_opens, "call_closes": p.call_closes, "cohort_size": p.cohort_size,
            "participants": getattr(p, "cohort", 0),
            "eligible_subsectors": [s.code for s in p.eligible_subsectors.all()],
            "eligible_size_classes": list(p.eligible_size_classes or []), "fostered_rule": p.fostered_rule,
            "initiative": p.initiative_id,
        }  # fmt: skip


class ProgramPage(Page[ProgramOut]):
    pass


class ProgramSessionOut(Schema):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    venue: str
    trainer: str
    capacity: int


class QuestionIn(Schema):
    key: str = Field(..., max_length=40)
    label: str = Field(..., max_length=200)
    type: Literal["text", "number", "choice", "yesno"] = "text"
    required: bool = False
    choices: list[str] = []


class ProgramIn(Schema):
    title: str = Field(..., max_length=200)
    slug: str = Field(..., max_length=220)
    kind: Literal["training", "mentoring", "certification", "market_access", "incubation"]
    organiser: str = Field(..., description="slug organisasi penyelenggara")
    description: str = ""
    certification: str = ""
    start_date: date
    end_date: date
    call_opens: date | None = None
    call_closes: date | None = None
    cohort_size: int = Field(20, ge=1)
    eligible_subsectors: list[str] = Field([], description="kode subsektor daftar yang berlaku")
    eligible_size_classes: list[Literal["mikro", "kecil", "menengah", "besar"]] = []
    fostered_rule: Literal["any", "fostered", "not_fostered"] = "any"
    questions: list[QuestionIn] = []


class ProgramStatusIn(Schema):
    status: Literal["draft", "open", "selection", "running", "closed"]


class AttendanceIn(Schema):
    present: list[int]


class AttendanceOut(Schema):
    session: int
    present: int


def _program(slug: str) -> Program:
    program = selectors.program_list().filter(slug=slug).first()
    if program is None:
        raise NotFound(_("Program tidak ditemukan."))
    return program


@router.get("/programs", response={200: ProgramPage, **READ_ERRORS}, summary="Daftar program pembinaan")
def program_list(request: HttpRequest, page: Query[PageParams]) -> Any:
    data = paginate(request, selectors.program_list().prefetch_related("eligible_subsectors"), page)
    data["results"] = [ProgramOut.from_model(p) for p in data["results"]]
    return data


@router.get("/programs/{slug}", response={200: ProgramOut, **READ_ERRORS}, summary="Satu program")
def program_get(request: HttpRequest, slug: str) -> Any:
    return ProgramOut.from_model(_program(slug))


@router.get("/programs/{slug}/sessions", response={200: list[ProgramSessionOut], **READ_ERRORS}, summary="Sesi program")
def program_sessions(request: HttpRequest, slug: str) -> Any:
    return [
        {"id": s.pk, "title": s.title, "starts_at": s.starts_at, "ends_at": s.ends_at, "venue": s.venue,
         "trainer": s.trainer, "capacity": s.capacity}
        for s in _program(slug).sessions.all()
    ]  # fmt: skip


def _managed_program(user: User, slug: str) -> Program:
    """A program of any status for those who manage it; 404 (not 403) to others, as on the pages."""
    return fetch(
        user,
        selectors.program_list(public_only=False),
        perm="programs.manage_program",
        visible="programs.view_program",
        missing=_("Program tidak ditemukan."),
        slug=slug,
    )


@router.post("/programs", auth=token_auth, throttle=[write_throttle],
             response={201: ProgramOut, **WRITE_ERRORS}, summary="Buat program (draf)")  # fmt: skip
def program_create(request: HttpRequest, payload: ProgramIn) -> Any:
    user = require_scope(request, WRITE)
    require_perm(user, "programs.manage_program")
    organiser = selectors.organiser_by_slug(slug=payload.organiser)
    if organiser is None:
        raise NotFound(_("Organisasi penyelenggara tidak dikenal."))
    subsectors = selectors.current_subsectors(codes=payload.eligible_subsectors)
    unknown = sorted(set(payload.eligible_subsectors) - {s.code for s in subsectors})
    if unknown:
        message = _("Kode subsektor tidak dikenal di daftar yang berlaku: %(codes)s.") % {"codes": ", ".join(unknown)}
        raise ServiceError(message, field_errors={"eligible_subsectors": [message]})
    data = payload.dict(exclude={"organiser", "eligible_subsectors", "questions"})
    data["questions"] = [q.dict() for q in payload.questions]
    program = services.program_create(
        by=user, data={**data, "organiser": organiser, "status": ProgramStatus.DRAFT}, subsectors=subsectors
    )
    return Reply(201, ProgramOut.from_model(selectors.program_list(public_only=False).get(pk=program.pk)))


@router.post("/programs/{slug}/status", auth=token_auth, throttle=[write_throttle],
             response={200: ProgramOut, **WRITE_ERRORS}, summary="Ubah status program")  # fmt: skip
def program_status(request: HttpRequest, slug: str, payload: ProgramStatusIn) -> Any:
    user = require_scope(request, WRITE)
    program = _managed_program(user, slug)
    services.program_set_status(by=user, program=program, status=payload.status)
    return ProgramOut.from_model(selectors.program_list(public_only=False).get(pk=program.pk))


@router.post("/programs/sessions/{pk}/attendance", auth=token_auth, throttle=[write_throttle],
             response={200: AttendanceOut, **WRITE_ERRORS}, summary="Catat presensi sesi")  # fmt: skip
def attendance(request: HttpRequest, pk: int, payload: AttendanceIn) -> Any:
    user = require_scope(request, WRITE)
    session = fetch(
        user, selectors.sessions(), perm="programs.take_attendance", missing=_("Sesi tidak ditemukan."), pk=pk
    )
    n = services.attendance_record(by=user, session=session, present_ids=payload.present)
    return {"session": session.pk, "present": n}
