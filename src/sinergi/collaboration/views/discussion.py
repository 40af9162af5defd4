"""Discussion and its moderation, and the export of initiatives."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sinergi.accounts.requests import signed_in
from sinergi.core.errors import ServiceError

from .. import exports, selectors, services
from ..forms import (
    CommentForm,
    FilterForm,
)
from ..models import Comment, Initiative
from ._common import _form_or_fail, _initiative_for, _run


@require_POST
@login_required
def comment_post(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _initiative_for(request, pk, "collaboration.comment_initiative")

    def go() -> None:
        data = _form_or_fail(CommentForm(request.POST))
        parent = None
        if data.get("parent"):
            parent = get_object_or_404(selectors.comments(initiative=initiative), pk=data["parent"])
        services.comment_post(
            by=signed_in(request),
            initiative=initiative,
            body=data["body"],
            stance=data["stance"],
            parent=parent,
        )

    return _run(request, initiative, "diskusi", go, _("Komentar terkirim."))


def _comment_for(request: HttpRequest, pk: int, comment_id: int) -> tuple[Initiative, Comment]:
    initiative = _initiative_for(request, pk)
    comment = get_object_or_404(selectors.comments(initiative=initiative), pk=comment_id)
    return initiative, comment


@require_POST
@login_required
def comment_edit(request: HttpRequest, pk: int, comment_id: int) -> HttpResponse:
    initiative, comment = _comment_for(request, pk, comment_id)
    return _run(
        request,
        initiative,
        f"komentar-{comment.pk}",
        lambda: services.comment_edit(
            by=signed_in(request),
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
            by=signed_in(request),
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
    by = signed_in(request)
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


@login_required
def moderation_queue(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("collaboration.moderate"):
        raise PermissionDenied
    return render(request, "collaboration/moderation.html", {"comments": selectors.reported_comments()[:100]})


@login_required
def user_unblock(request: HttpRequest, user_id: int) -> HttpResponse:
    if request.method != "POST" or not request.user.has_perm("collaboration.block_user"):
        raise PermissionDenied
    person = get_object_or_404(selectors.people(), pk=user_id)
    services.user_unblock(by=signed_in(request), user=person)
    messages.success(request, _("Blokir dicabut."))
    return redirect("collaboration:moderation")


@require_GET
@login_required
def export(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("collaboration.export_initiatives"):
        raise PermissionDenied
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    csv = request.GET.get("format") == "csv"
    sheet = request.GET.get("sheet", "inisiatif") if csv else None
    try:
        data = services.initiatives_export(
            by=signed_in(request), filters=filters, file_format="csv" if csv else "xlsx", sheet=sheet
        )
    except ServiceError as exc:
        if exc.code == "unknown_sheet":
            raise Http404 from exc
        raise
    stamp = timezone.localdate().isoformat()
    if sheet is not None:
        response = HttpResponse(exports.to_csv(data, sheet), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="inisiatif-{sheet}-{stamp}.csv"'
        return response
    response = HttpResponse(
        exports.to_xlsx(data), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="inisiatif-{stamp}.xlsx"'
    return response
