"""Pages of collaboration: thin views that parse, check the named permission, call a service, render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinergi.accounts.models import User
from sinergi.core import audit
from sinergi.core.errors import ServiceError
from sinergi.core.pagecache import csrf_context, public_page
from sinergi.core.ratelimit import posts_a_file, rate_limited

from . import exports, selectors, services
from .cache import INITIATIVES
from .forms import (
    CommentForm,
    DecisionForm,
    EndorseForm,
    FilterForm,
    InitiativeForm,
    MilestoneForm,
    OfflineSupportForm,
    OpenForSupportForm,
    PledgeForm,
    ProgressForm,
    ReasonForm,
    ResultForm,
    acting_organisations,
)
from .models import Attachment, Comment, Initiative, Milestone, Phase, Pledge

PAGE_SIZE = 20


def _initiative_for(request: HttpRequest, pk: int, perm: str = "collaboration.view_initiative") -> Initiative:
    initiative = get_object_or_404(Initiative.objects.select_related("kecamatan", "proposer_organisation"), pk=pk)
    if not request.user.has_perm("collaboration.view_initiative", initiative):
        raise Http404
    if perm != "collaboration.view_initiative" and not request.user.has_perm(perm, initiative):
        raise PermissionDenied
    return initiative


def _me(request: HttpRequest) -> Any:
    """The signed-in user (views that call services are behind login_required)."""
    return request.user


def _errors(form: Any) -> dict[str, list[str]]:
    return {k: [str(m) for m in v] for k, v in form.errors.items()}


def _fail(request: HttpRequest, exc: ServiceError) -> None:
    details = [m for msgs in exc.field_errors.values() for m in msgs]
    messages.error(request, " ".join([exc.message, *details]))


def _back(initiative: Initiative, anchor: str = "") -> HttpResponse:
    return redirect(f"/kolaborasi/{initiative.pk}/" + (f"#{anchor}" if anchor else ""))


# ---------------------------------------------------------------- public pages


@require_GET
@public_page(version=INITIATIVES)
def initiative_list(request: HttpRequest) -> HttpResponse:
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.initiative_list(user=request.user, filters=filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), **csrf_context(request)}
    template = "collaboration/list.html#results" if request.htmx else "collaboration/list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_GET
def follow_through(request: HttpRequest) -> HttpResponse:
    return render(request, "collaboration/follow_through.html", {"initiatives": selectors.follow_through_list()})


@require_GET
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _initiative_for(request, pk)
    initiative = selectors.initiative_detail(pk=pk)
    user = request.user
    can_internal = user.has_perm("collaboration.view_internal")
    context = {
        "initiative": initiative,
        "coverage": selectors.helix_coverage(initiative=initiative),
        "threads": selectors.comment_threads(initiative=initiative),
        "supported": selectors.has_supported(user=user, initiative=initiative),
        "history": audit.history_for(initiative)[:50],
        "attachments": [a for a in initiative.attachments.all() if can_internal or not a.is_internal],
        "implementing_events": _related(initiative, "events"),
        "implementing_programs": _related(initiative, "programs"),
        "open_form": OpenForSupportForm(),
        "reason_form": ReasonForm(),
        "decision_form": DecisionForm(),
        "offline_form": OfflineSupportForm(),
        "endorse_form": EndorseForm(user=user),
        "pledge_form": PledgeForm(user=user),
        "comment_form": CommentForm(),
        "milestone_form": MilestoneForm(),
        "progress_form": ProgressForm(),
        "result_form": ResultForm(),
        "acts_for": acting_organisations(user).exists() if user.is_authenticated else False,
        "now": timezone.now(),
    }
    return render(request, "collaboration/detail.html", context)


def _related(initiative: Initiative, name: str) -> list[Any]:
    """Events/programs that implement this initiative, once those apps add their FK (reverse relation)."""
    manager = getattr(initiative, name, None)
    if manager is None or not hasattr(manager, "all"):
        return []
    return list(manager.all()[:20])


def _support_context(request: HttpRequest, initiative: Initiative) -> dict[str, Any]:
    initiative.refresh_from_db(fields=["support_count", "offline_support_count", "phase", "support_threshold"])
    return {
        "initiative": initiative,
        "supported": selectors.has_supported(user=request.user, initiative=initiative),
    }


@require_GET
def support_count(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk)
    return render(request, "collaboration/_support.html#support-box", _support_context(request, initiative))


@require_POST
@login_required
def support_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk)
    status = 200
    error = ""
    try:
        if request.POST.get("action") == "withdraw":
            services.support_withdraw(by=_me(request), initiative=initiative)
        else:
            if not request.user.has_perm("collaboration.support_initiative", initiative):
                raise PermissionDenied
            services.support_add(by=_me(request), initiative=initiative)
    except ServiceError as exc:
        error, status = exc.message, exc.status
    if not request.htmx:  # type: ignore[attr-defined]
        if error:
            messages.error(request, error)
        return _back(initiative, "dukungan")
    context = _support_context(request, initiative) | {"error": error}
    return render(request, "collaboration/_support.html#support-box", context, status=200 if status < 500 else status)


# ---------------------------------------------------------------- proposing


@login_required
@rate_limited("upload", when=posts_a_file)
def initiative_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("collaboration.create_initiative"):
        raise PermissionDenied
    form = InitiativeForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                initiative = services.initiative_create(
                    by=_me(request),
                    data=form.cleaned_data,
                    proposer_organisation=form.cleaned_data.get("proposer_organisation"),
                    subsectors=form.cleaned_data["subsectors"],
                    coauthors=form.cleaned_data["coauthor_emails"],
                )
                if form.cleaned_data.get("attachment"):
                    services.attachment_add(
                        by=_me(request), initiative=initiative, upload=form.cleaned_data["attachment"]
                    )
                if "submit" in request.POST:
                    services.initiative_submit(by=_me(request), initiative=initiative)
        except ServiceError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Inisiatif tersimpan.")
                if "submit" not in request.POST
                else _("Inisiatif diajukan. Petugas akan meninjaunya."),
            )
            return _back(initiative)
    return render(request, "collaboration/form.html", {"form": form, "initiative": None})


def _add_errors(form: Any, exc: ServiceError) -> None:
    for field, errors in exc.field_errors.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)
    if not exc.field_errors:
        form.add_error(None, exc.message)


@login_required
@rate_limited("upload", when=posts_a_file)
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk, "collaboration.change_initiative")
    form = InitiativeForm(request.POST or None, request.FILES or None, instance=initiative, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                services.initiative_update(
                    by=_me(request),
                    initiative=initiative,
                    data=form.cleaned_data,
                    subsectors=form.cleaned_data["subsectors"],
                    coauthors=form.cleaned_data["coauthor_emails"],
                )
                if form.cleaned_data.get("attachment"):
                    services.attachment_add(
                        by=_me(request), initiative=initiative, upload=form.cleaned_data["attachment"]
                    )
                if "submit" in request.POST and initiative.phase == Phase.DRAFT:
                    services.initiative_submit(by=_me(request), initiative=initiative)
        except ServiceError as exc:
            initiative.refresh_from_db()
            _add_errors(form, exc)
        else:
            messages.success(request, _("Perubahan tersimpan."))
            return _back(initiative)
    return render(request, "collaboration/form.html", {"form": form, "initiative": initiative})


# ---------------------------------------------------------------- phase changes


def _phase_action(request: HttpRequest, initiative: Initiative, action: str) -> None:
    by = _me(request)
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


# ---------------------------------------------------------------- other actions on an initiative


def _run(request: HttpRequest, initiative: Initiative, anchor: str, fn: Callable[[], Any], ok: str) -> HttpResponse:
    try:
        fn()
    except ServiceError as exc:
        _fail(request, exc)
    else:
        messages.success(request, ok)
    return _back(initiative, anchor)


def _form_or_fail(form: Any) -> dict[str, Any]:
    if not form.is_valid():
        raise ServiceError(_("Isian belum benar."), field_errors=_errors(form))
    return dict(form.cleaned_data)


@require_POST
@login_required
def offline_support(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk, "collaboration.record_offline_support")

    def go() -> None:
        data = _form_or_fail(OfflineSupportForm(request.POST))
        services.offline_support_record(by=_me(request), initiative=initiative, **data)

    return _run(request, initiative, "dukungan", go, _("Dukungan luring dicatat."))


@require_POST
@login_required
def endorse(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk, "collaboration.endorse_initiative")

    def go() -> None:
        data = _form_or_fail(EndorseForm(request.POST, user=request.user))
        services.endorsement_add(by=_me(request), initiative=initiative, **data)

    return _run(request, initiative, "pentahelix", go, _("Dukungan organisasi tercatat."))


@require_POST
@login_required
def pledge_offer(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk, "collaboration.pledge_initiative")

    def go() -> None:
        data = _form_or_fail(PledgeForm(request.POST, user=request.user))
        services.pledge_offer(by=_me(request), initiative=initiative, **data)

    return _run(request, initiative, "pentahelix", go, _("Tawaran sumbangan tercatat."))


@require_POST
@login_required
def pledge_move(request: HttpRequest, pk: int, pledge_id: int, action: str) -> HttpResponse:
    initiative = _initiative_for(request, pk, "collaboration.manage_pledge")
    pledge = get_object_or_404(Pledge, pk=pledge_id, initiative=initiative)
    service = {"confirm": services.pledge_confirm, "deliver": services.pledge_deliver}.get(action)
    if service is None:
        raise Http404
    return _run(
        request,
        initiative,
        "pentahelix",
        lambda: service(by=_me(request), pledge=pledge),
        _("Status sumbangan diperbarui."),
    )


@require_POST
@login_required
def comment_post(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk, "collaboration.comment_initiative")

    def go() -> None:
        data = _form_or_fail(CommentForm(request.POST))
        parent = None
        if data.get("parent"):
            parent = get_object_or_404(Comment, pk=data["parent"], initiative=initiative)
        services.comment_post(
            by=_me(request),
            initiative=initiative,
            body=data["body"],
            stance=data["stance"],
            parent=parent,
        )

    return _run(request, initiative, "diskusi", go, _("Komentar terkirim."))


def _comment_for(request: HttpRequest, pk: int, comment_id: int) -> tuple[Initiative, Comment]:
    initiative = _initiative_for(request, pk)
    comment = get_object_or_404(
        Comment.objects.select_related("initiative", "author"), pk=comment_id, initiative=initiative
    )
    return initiative, comment


@require_POST
@login_required
def comment_edit(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    initiative, comment = _comment_for(request, pk, comment_id)
    if not request.user.has_perm("collaboration.edit_comment", comment):
        messages.error(request, _("Komentar hanya dapat diubah oleh penulisnya dalam 15 menit."))
        return _back(initiative, "diskusi")
    return _run(
        request,
        initiative,
        f"komentar-{comment.pk}",
        lambda: services.comment_edit(
            by=_me(request),
            comment=comment,
            body=request.POST.get("body", ""),
        ),
        _("Komentar diubah."),
    )


@require_POST
@login_required
def comment_report(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    initiative, comment = _comment_for(request, pk, comment_id)
    if not request.user.has_perm("collaboration.report_comment", comment):
        raise PermissionDenied
    return _run(
        request,
        initiative,
        f"komentar-{comment.pk}",
        lambda: services.comment_report(
            by=_me(request),
            comment=comment,
            reason=request.POST.get("reason", ""),
        ),
        _("Terima kasih, laporan diteruskan ke moderator."),
    )


@require_POST
@login_required
def comment_moderate(request: HttpRequest, pk: int, comment_id: int, action: str) -> HttpResponse:
    initiative, comment = _comment_for(request, pk, comment_id)
    if not request.user.has_perm("collaboration.moderate"):
        raise PermissionDenied
    by = _me(request)
    reason = request.POST.get("reason", "")
    if action == "block" and not request.user.has_perm("collaboration.block_user"):
        raise PermissionDenied

    def fn() -> None:
        if action == "hide":
            services.comment_hide(by=by, comment=comment, reason=reason)
        elif action == "unhide":
            services.comment_unhide(by=by, comment=comment)
        elif action == "block":
            services.user_block(by=by, user=comment.author, reason=reason)
        else:
            raise Http404

    return _run(request, initiative, f"komentar-{comment.pk}", fn, _("Moderasi tercatat."))


@require_POST
@login_required
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk, "collaboration.add_milestone")

    def go() -> None:
        data = _form_or_fail(MilestoneForm(request.POST))
        services.milestone_add(by=_me(request), initiative=initiative, **data)

    return _run(request, initiative, "tindak-lanjut", go, _("Tonggak ditambahkan."))


@require_POST
@login_required
def milestone_progress(request: HttpRequest, pk: int, milestone_id: int) -> HttpResponse:
    initiative = _initiative_for(request, pk, "collaboration.update_progress")
    milestone = get_object_or_404(Milestone, pk=milestone_id, initiative=initiative)

    def go() -> None:
        data = _form_or_fail(ProgressForm(request.POST))
        services.milestone_progress_update(by=_me(request), milestone=milestone, **data)

    return _run(request, initiative, "tindak-lanjut", go, _("Kemajuan dilaporkan."))


@require_POST
@login_required
@rate_limited("upload", when=posts_a_file)
def result_add(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk, "collaboration.add_result")

    def go() -> None:
        data = _form_or_fail(ResultForm(request.POST, request.FILES))
        services.result_add(by=_me(request), initiative=initiative, **data)

    return _run(request, initiative, "tindak-lanjut", go, _("Hasil dicatat."))


@require_POST
@login_required
@rate_limited("upload", when=posts_a_file)
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk, "collaboration.attach_file")
    upload = request.FILES.get("file")

    def go() -> None:
        if upload is None:
            raise ServiceError(_("Pilih berkas."))
        internal = bool(request.POST.get("is_internal")) and request.user.has_perm("collaboration.view_internal")
        services.attachment_add(by=_me(request), initiative=initiative, upload=upload, is_internal=internal)

    return _run(request, initiative, "lampiran", go, _("Lampiran diunggah."))


@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    initiative = _initiative_for(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_id, initiative=initiative)
    if attachment.is_internal and not request.user.has_perm("collaboration.view_internal"):
        raise Http404
    with attachment.file.open("rb") as handle:  # at most 10 MB (files.MAX_BYTES)
        response = HttpResponse(handle.read(), content_type=attachment.content_type)
    disposition = "attachment" if attachment.content_type == "application/pdf" else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{attachment.name.replace(chr(34), "")}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# ---------------------------------------------------------------- moderation, export, notifications


@login_required
def moderation_queue(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("collaboration.moderate"):
        raise PermissionDenied
    return render(request, "collaboration/moderation.html", {"comments": selectors.reported_comments()[:100]})


@login_required
def user_unblock(request: HttpRequest, user_id: int) -> HttpResponse:
    if request.method != "POST" or not request.user.has_perm("collaboration.block_user"):
        raise PermissionDenied
    person = get_object_or_404(User, pk=user_id)
    services.user_unblock(by=_me(request), user=person)
    messages.success(request, _("Blokir dicabut."))
    return redirect("collaboration:moderation")


@require_GET
@login_required
def export(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("collaboration.export_initiatives"):
        raise PermissionDenied
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    initiatives = list(
        selectors.initiative_list(user=request.user, filters=filters)
        .prefetch_related("coauthors", "subsectors", "decision")
        .select_related("author")
    )
    personal = request.user.has_perm("collaboration.export_personal_data")
    data = exports.sheets(initiatives, with_personal_data=personal)
    audit.record(
        actor=request.user,
        action="collaboration.initiatives.exported",
        data={"count": len(initiatives), "personal_data": personal, "format": request.GET.get("format")},
    )
    stamp = timezone.localdate().isoformat()
    if request.GET.get("format") == "csv":
        sheet = request.GET.get("sheet", "inisiatif")
        if sheet not in data:
            raise Http404
        response = HttpResponse(exports.to_csv(data, sheet), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="inisiatif-{sheet}-{stamp}.csv"'
        return response
    response = HttpResponse(
        exports.to_xlsx(data), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="inisiatif-{stamp}.xlsx"'
    return response
