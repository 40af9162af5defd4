"""Actions on an initiative: phase changes, offline support, organisations, follow-through, attachments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinergi.accounts.requests import signed_in
from sinergi.core.errors import ServiceError
from sinergi.core.ratelimit import posts_a_file, rate_limited

from .. import services
from ..forms import (
    DecisionForm,
    EndorseForm,
    MilestoneForm,
    OfflineSupportForm,
    OpenForSupportForm,
    PledgeForm,
    ProgressForm,
    ResultForm,
)
from ..models import Initiative
from ._common import _back, _errors, _fail, _form_action, _form_or_fail, _initiative_for, _run


def _phase_action(request: HttpRequest, initiative: Initiative, action: str) -> None:
    by = signed_in(request)
    if action == "submit":
        services.initiative_submit(by=by, initiative=initiative)
    elif action == "open":
        form = OpenForSupportForm(request.POST)
        if not form.is_valid():
            raise ServiceError(_("Ambang atau batas waktu belum benar."), field_errors=_errors(form))
        services.initiative_open_for_support(
            by=by,
            initiative=initiative,
            threshold=form.cleaned_data["threshold"],
            deadline=form.cleaned_data["deadline"],
        )
    elif action == "review":
        services.initiative_start_review(by=by, initiative=initiative)
    elif action in {"withdraw", "archive"}:
        reason = request.POST.get("reason", "")
        service = services.initiative_withdraw if action == "withdraw" else services.initiative_archive
        service(by=by, initiative=initiative, reason=reason)
    elif action == "decide":
        decision = DecisionForm(request.POST, request.FILES)
        if not decision.is_valid():
            raise ServiceError(_("Keputusan belum lengkap."), field_errors=_errors(decision))
        data = decision.cleaned_data
        decide = services.initiative_accept if data["outcome"] == "accept" else services.initiative_reject
        decide(
            by=by, initiative=initiative, answer=data["answer"], grounds=data["grounds"], minutes=data.get("minutes")
        )
    elif action == "implement":
        services.initiative_start_implementation(by=by, initiative=initiative)
    elif action == "complete":
        services.initiative_complete(by=by, initiative=initiative)
    else:
        raise Http404


PHASE_PERMS = {
    "submit": "collaboration.submit_initiative",
    "open": "collaboration.open_initiative",
    "review": "collaboration.review_initiative",
    "withdraw": "collaboration.withdraw_initiative",
    "archive": "collaboration.archive_initiative",
    "decide": "collaboration.decide_initiative",
    "implement": "collaboration.implement_initiative",
    "complete": "collaboration.complete_initiative",
}


@require_POST
@login_required
@rate_limited("upload", when=posts_a_file)
def phase_change(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    perm = PHASE_PERMS.get(action)
    if perm is None:
        raise Http404
    initiative = _initiative_for(request, pk, perm)
    try:
        _phase_action(request, initiative, action)
    except ServiceError as exc:
        _fail(request, exc)
    else:
        initiative.refresh_from_db()
        messages.success(request, _("Tahap sekarang: %(phase)s.") % {"phase": initiative.get_phase_display()})
    return _back(initiative)


@require_POST
@login_required
def offline_support(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        perm="collaboration.record_offline_support",
        form=lambda r: OfflineSupportForm(r.POST),
        service=services.offline_support_record,
        anchor="dukungan",
        ok=_("Dukungan luring dicatat."),
    )


@require_POST
@login_required
def endorse(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        perm="collaboration.endorse_initiative",
        form=lambda r: EndorseForm(r.POST, user=r.user),
        service=services.endorsement_add,
        anchor="pentahelix",
        ok=_("Dukungan organisasi tercatat."),
    )


@require_POST
@login_required
def pledge_offer(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        perm="collaboration.pledge_initiative",
        form=lambda r: PledgeForm(r.POST, user=r.user),
        service=services.pledge_offer,
        anchor="pentahelix",
        ok=_("Tawaran sumbangan tercatat."),
    )


@require_POST
@login_required
def pledge_move(request: HttpRequest, pk: int, pledge_id: int, action: str) -> HttpResponse:
    initiative = _initiative_for(request, pk, "collaboration.manage_pledge")
    pledge = get_object_or_404(initiative.pledges.all(), pk=pledge_id)
    service = {"confirm": services.pledge_confirm, "deliver": services.pledge_deliver}.get(action)
    if service is None:
        raise Http404
    return _run(
        request,
        initiative,
        "pentahelix",
        lambda: service(by=signed_in(request), pledge=pledge),
        _("Status sumbangan diperbarui."),
    )


@require_POST
@login_required
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        perm="collaboration.add_milestone",
        form=lambda r: MilestoneForm(r.POST),
        service=services.milestone_add,
        anchor="tindak-lanjut",
        ok=_("Tonggak ditambahkan."),
    )


@require_POST
@login_required
def milestone_progress(request: HttpRequest, pk: int, milestone_id: int) -> HttpResponse:
    initiative = _initiative_for(request, pk, "collaboration.update_progress")
    milestone = get_object_or_404(initiative.milestones.all(), pk=milestone_id)

    def go() -> None:
        data = _form_or_fail(ProgressForm(request.POST))
        services.milestone_progress_update(by=signed_in(request), milestone=milestone, **data)

    return _run(request, initiative, "tindak-lanjut", go, _("Kemajuan dilaporkan."))


@require_POST
@login_required
@rate_limited("upload", when=posts_a_file)
def result_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _form_action(
        request,
        pk,
        perm="collaboration.add_result",
        form=lambda r: ResultForm(r.POST, r.FILES),
        service=services.result_add,
        anchor="tindak-lanjut",
        ok=_("Hasil dicatat."),
    )


@require_POST
@login_required
@rate_limited("upload", when=posts_a_file)
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk, "collaboration.attach_file")
    upload = request.FILES.get("file")

    def go() -> None:
        if upload is None:
            raise ServiceError(_("Pilih berkas."))
        internal = bool(request.POST.get("is_internal"))
        services.attachment_add(by=signed_in(request), initiative=initiative, upload=upload, is_internal=internal)

    return _run(request, initiative, "lampiran", go, _("Lampiran diunggah."))


@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    initiative = _initiative_for(request, pk)
    attachment = get_object_or_404(initiative.attachments.all(), pk=attachment_id)
    if attachment.is_internal and not request.user.has_perm("collaboration.view_internal"):
        raise Http404
    with attachment.file.open("rb") as handle:  # at most 10 MB (files.MAX_BYTES)
        response = HttpResponse(handle.read(), content_type=attachment.content_type)
    disposition = "attachment" if attachment.content_type == "application/pdf" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{attachment.name.replace(chr(34), "")}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
