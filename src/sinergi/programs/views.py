"""Pages for fostering programs: the call and its form, selection, cohort, attendance on a phone,
outcomes, the report, certificates and fostering letters with public verification."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sinergi.accounts.requests import signed_in
from sinergi.core.access import get_permitted
from sinergi.core.errors import ServiceError
from sinergi.core.forms import apply_service_error
from sinergi.registry.filters import organiser_level_filter

from . import documents, selectors, services
from .forms import (
    ApplicationForm,
    LetterForm,
    OutcomeForm,
    ProgramEditForm,
    ProgramForm,
    ProgramSessionForm,
    QuestionFormSet,
    SelectionForm,
)
from .models import OutcomeStage, Program
from .reports import program_report

VIEW = "programs.view_program"
MANAGE = "programs.manage_program"


def _program(request: HttpRequest, slug: str, perm: str = VIEW) -> Program:
    """The program `slug` for this person: 404 when they may not see it, 403 when they may see but not `perm`.

    Only the public view hides a program's existence; an office page answers 403 to whoever lacks `perm`.
    """
    return get_permitted(
        request.user, selectors.programs_for_pages(), perm=perm, visible=VIEW if perm == VIEW else None, slug=slug
    )


def _show_error(form: forms.BaseForm, exc: ServiceError) -> None:
    """A service's error on the form: an answer's error on its question's field (`q_<key>`)."""
    questions = {name[2:]: name for name in form.fields if name.startswith("q_")}
    apply_service_error(form, exc, aliases=questions)


def program_list(request: HttpRequest) -> HttpResponse:
    staff = request.user.has_perm(MANAGE)
    level, level_context = organiser_level_filter(request.GET.get("kabkota", ""))
    context = {
        "programs": selectors.program_list(public_only=not staff, organiser_level=level),
        "can_manage": staff,
        **level_context,
    }
    return render(request, "programs/program_list.html", context)


def program_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(MANAGE):
        raise PermissionDenied
    user = signed_in(request)
    if "tambah_pertanyaan" in request.POST:
        # One more blank question row: show what was typed again, unsaved and without error messages.
        form = ProgramForm(initial=_initial(ProgramForm, request.POST), user=user)
        typed = QuestionFormSet(request.POST, prefix="pertanyaan")
        rows = [{name: q.data.get(q.add_prefix(name), "") for name in q.fields} for q in typed]
        questions = QuestionFormSet(initial=[r for r in rows if r.get("label")], prefix="pertanyaan")
        return render(request, "programs/form.html", {"form": form, "questions": questions, "title": _("Program baru")})
    form = ProgramForm(request.POST or None, user=user)
    questions = QuestionFormSet(request.POST or None, prefix="pertanyaan")
    if request.method == "POST" and form.is_valid() and questions.is_valid():
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in {"partners", "eligible_subsectors", "eligible_kecamatan", "size_classes"}
        }
        data["questions"] = questions.questions()  # type: ignore[attr-defined]
        data["eligible_size_classes"] = form.cleaned_data["size_classes"]
        try:
            program = services.program_create(
                by=user,
                data=data,
                subsectors=form.cleaned_data["eligible_subsectors"],
                kecamatan=form.cleaned_data["eligible_kecamatan"],
                partners=form.cleaned_data["partners"],
            )
        except ServiceError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("Program “%(title)s” tersimpan sebagai draf.") % {"title": program.title})
            return redirect("programs:manage", slug=program.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "programs/form.html",
        {"form": form, "questions": questions, "title": _("Program baru")},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """The organiser's staff edit title, description, dates, call window, eligibility and cohort size."""
    program = _program(request, slug, MANAGE)
    user = signed_in(request)
    # The form validates on its own copy (a ModelForm writes to its instance); the page keeps the saved title.
    form = ProgramEditForm(request.POST or None, instance=selectors.program_by_pk(program.pk), user=user)
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        data = {k: v for k, v in cleaned.items() if k in services.PROGRAM_EDITABLE}
        data["eligible_size_classes"] = cleaned["size_classes"]
        try:
            program = services.program_update(
                by=user,
                program=program,
                data=data,
                subsectors=cleaned["eligible_subsectors"],
                kecamatan=cleaned["eligible_kecamatan"],
                partners=cleaned["partners"],
            )
        except ServiceError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("Program “%(title)s” diperbarui.") % {"title": program.title})
            return redirect("programs:manage", slug=program.slug)
    return render(
        request,
        "programs/edit.html",
        {"form": form, "program": program},
        status=400 if request.method == "POST" else 200,
    )


def _initial(form_class: Any, data: Any) -> dict[str, Any]:
    """A form's initial values from posted data (lists for multiple choices)."""
    fields = form_class.base_fields
    return {
        name: data.getlist(name) if getattr(field.widget, "allow_multiple_selected", False) else data.get(name)
        for name, field in fields.items()
        if name in data
    }


@require_POST
def program_status(request: HttpRequest, slug: str) -> HttpResponse:
    program = _program(request, slug, MANAGE)
    try:
        services.program_set_status(by=signed_in(request), program=program, status=request.POST.get("status", ""))
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Status program sekarang “%(status)s”.") % {"status": program.get_status_display()})
    return redirect("programs:manage", slug=slug)


@require_POST
def session_add(request: HttpRequest, slug: str) -> HttpResponse:
    program = _program(request, slug, MANAGE)
    form = ProgramSessionForm(request.POST, prefix="sesi")
    if form.is_valid():
        try:
            services.session_create(by=signed_in(request), program=program, data=form.cleaned_data)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Sesi ditambahkan."))
    else:
        messages.error(request, "; ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("programs:manage", slug=slug)


def program_detail(request: HttpRequest, slug: str) -> HttpResponse:
    program = _program(request, slug)
    return render(
        request,
        "programs/program_detail.html",
        {
            "program": program,
            "sessions": program.sessions.all(),
            "can_manage": request.user.has_perm(MANAGE, program),
            "subsectors": program.eligible_subsectors.all(),
            "kecamatan": program.eligible_kecamatan.all(),
        },
    )


@login_required
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    program = _program(request, slug)
    user = signed_in(request)
    if not program.accepts_applications():
        messages.error(request, _("Pendaftaran program ini sedang tidak dibuka."))
        return redirect("programs:detail", slug=program.slug)
    applied = selectors.applications_by_owner(program=program, user=user)
    own = list(selectors.actors_to_apply(program=program, user=user))
    form = ApplicationForm(
        request.POST or None, actors=[(str(a.pk), str(a)) for a in own], questions=program.questions or []
    )
    if request.method == "POST" and form.is_valid():
        actor = selectors.actor_by_pk(pk=form.cleaned_data["actor"])
        if actor is None:
            raise Http404
        try:
            services.application_submit(by=user, program=program, actor=actor, answers=form.answers())
        except ServiceError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("Pendaftaran terkirim. Hasil seleksi akan dikabarkan."))
            return redirect("programs:detail", slug=program.slug)
    problems = {str(a): services.eligibility_problems(program=program, actor=a) for a in own}
    return render(
        request,
        "programs/apply.html",
        {
            "program": program,
            "form": form,
            "problems": problems,
            "has_actor": bool(own),
            "applied": applied.select_related("actor"),
        },
        status=400 if form.errors else 200,
    )


def manage(request: HttpRequest, slug: str) -> HttpResponse:
    program = _program(request, slug, MANAGE)
    applications = [
        (a, SelectionForm(prefix=f"a{a.pk}", initial={"score": a.score, "notes": a.notes, "decision": a.status}))
        for a in selectors.application_list(program=program)
    ]
    return render(
        request,
        "programs/manage.html",
        {
            "program": program,
            "applications": applications,
            "participants": selectors.participant_list(program=program),
            "sessions": program.sessions.all(),
            "session_form": ProgramSessionForm(prefix="sesi"),
        },
    )


@require_POST
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    app = get_permitted(request.user, selectors.applications(), perm="programs.select", pk=pk)
    form = SelectionForm(request.POST, prefix=f"a{app.pk}")
    if form.is_valid():
        try:
            services.application_review(
                by=signed_in(request),
                application=app,
                score=form.cleaned_data["score"],
                notes=form.cleaned_data["notes"],
                decision=form.cleaned_data["decision"],
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Keputusan untuk %(a)s tersimpan.") % {"a": app.actor})
    else:
        messages.error(request, _("Nilai untuk %(a)s belum benar (0–100).") % {"a": app.actor})
    return redirect("programs:manage", slug=app.program.slug)


def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_permitted(request.user, selectors.sessions(), perm="programs.take_attendance", pk=pk)
    cohort = selectors.cohort(program=session.program)
    if request.method == "POST":
        try:
            ids = [int(v) for v in request.POST.getlist("present")]
            n = services.attendance_record(by=signed_in(request), session=session, present_ids=ids)
        except (ValueError, ServiceError) as exc:
            messages.error(request, getattr(exc, "message", _("Pilihan tidak dikenal.")))
        else:
            messages.success(request, _("Presensi tersimpan: %(n)d hadir.") % {"n": n})
            return redirect("programs:attendance", pk=session.pk)
    present = set(session.attendance.filter(present=True).values_list("participant_id", flat=True))
    return render(request, "programs/attendance.html", {"session": session, "cohort": cohort, "present": present})


def outcome_edit(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_permitted(request.user, selectors.participants(), perm="programs.record_outcome", pk=pk)
    form = OutcomeForm(request.POST or None, initial={"stage": request.GET.get("tahap", OutcomeStage.BASELINE)})
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_record(by=signed_in(request), participant=participant, **form.cleaned_data)
        except ServiceError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("Capaian tersimpan."))
            return redirect("programs:manage", slug=participant.program.slug)
    return render(
        request,
        "programs/outcome.html",
        {"participant": participant, "form": form, "outcomes": participant.outcomes.all()},
    )


@require_POST
def participant_complete(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_permitted(request.user, selectors.participants(), perm=MANAGE, pk=pk)
    try:
        services.participant_complete(by=signed_in(request), participant=participant)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("programs:manage", slug=participant.program.slug)


def report(request: HttpRequest, slug: str) -> HttpResponse:
    program = _program(request, slug, "programs.view_report")
    return render(request, "programs/report.html", {"program": program, "report": program_report(program)})


def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    # Someone else's certificate is as unknown as a missing one.
    perm = "programs.download_certificate"
    participant = get_permitted(request.user, selectors.participants(), perm=perm, visible=perm, pk=pk)
    if not participant.certificate_code:
        raise Http404
    url = request.build_absolute_uri(reverse("programs:verify", args=[participant.certificate_code]))
    response = HttpResponse(documents.certificate_pdf(participant, verify_url=url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sertifikat-{participant.certificate_code}.pdf"'
    return response


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: anyone holding a certificate or letter can check that it is genuine."""
    code = code.strip().upper()
    return render(
        request,
        "programs/verify.html",
        {
            "code": code,
            "participant": selectors.participant_get_by_code(code=code),
            "letter": selectors.letter_get_by_code(code=code),
        },
    )


def letter_issue(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("programs.issue_letter"):
        raise PermissionDenied
    user = signed_in(request)
    form = LetterForm(request.POST or None, initial={"actor": request.GET.get("pelaku", "")})
    if request.method == "POST" and form.is_valid():
        actor = selectors.actor_by_slug(slug=form.cleaned_data["actor"].strip())
        if actor is None:
            form.add_error("actor", _("Profil pelaku tidak ditemukan."))
        else:
            try:
                letter = services.fostering_letter_issue(by=user, actor=actor, purpose=form.cleaned_data["purpose"])
            except ServiceError as exc:
                form.add_error("actor", exc.message)
            else:
                return redirect("programs:letter", code=letter.code)
    return render(request, "programs/letter_issue.html", {"form": form, "letters": selectors.recent_letters(user=user)})


def letter_download(request: HttpRequest, code: str) -> HttpResponse:
    letter = get_permitted(request.user, selectors.letters(), perm="programs.download_letter", code=code)
    url = request.build_absolute_uri(reverse("programs:verify", args=[letter.code]))
    response = HttpResponse(documents.letter_pdf(letter, verify_url=url), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="surat-binaan-{letter.code}.pdf"'
    return response
