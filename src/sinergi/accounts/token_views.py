"""A page where a signed-in user lists, creates and revokes their own API tokens."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sinergi.core.errors import ServiceError
from sinergi.core.forms import apply_service_error

from . import tokens
from .models import TokenScope
from .requests import AuthenticatedHttpRequest

EXPIRY_CHOICES = [
    ("30", gettext_lazy("30 hari")),
    ("90", gettext_lazy("90 hari")),
    ("365", gettext_lazy("1 tahun")),
    ("never", gettext_lazy("Tidak kedaluwarsa")),
]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Nama token"),
        max_length=100,
        help_text=gettext_lazy("Misalnya nama aplikasi yang memakainya."),
    )
    scopes = forms.MultipleChoiceField(
        label=gettext_lazy("Cakupan"),
        choices=TokenScope.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Tanpa cakupan, token hanya dapat membaca data publik."),
    )
    expires = forms.ChoiceField(label=gettext_lazy("Berlaku"), choices=EXPIRY_CHOICES, initial="90")


@login_required
def token_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        days = form.cleaned_data["expires"]
        expires_at = None if days == "never" else timezone.now() + timedelta(days=int(days))
        try:
            _token, secret = tokens.token_create(
                by=request.user,
                user=request.user,
                name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"],
                expires_at=expires_at,
            )
        except ServiceError as exc:
            apply_service_error(form, exc, aliases={"expires_at": "expires"})
        else:
            form = TokenForm()
    context = {
        "form": form,
        "secret": secret,
        "tokens": tokens.token_list(user=request.user),
        "now": timezone.now(),
        "scope_labels": dict(TokenScope.choices),
    }
    return render(request, "accounts/tokens.html", context)


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(tokens.token_list(user=request.user), pk=pk)
    tokens.token_revoke(by=request.user, token=token)
    messages.success(request, _("Token “%(name)s” sudah dicabut.") % {"name": token.name})
    return redirect("accounts:tokens")
