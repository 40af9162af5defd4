from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sinergi.core.errors import ServiceError
from sinergi.core.forms import apply_service_error
from sinergi.core.ratelimit import RateLimited, hit, limited_response, rate_limited

from . import services
from .forms import LanguageForm, SignUpForm
from .lockout import forget_failures
from .models import normalise_email
from .signup import user_for_activation

SIGNUP_EMAIL = "sinergi_signup_email"


def _with_language_cookie(response: HttpResponse, language: str) -> HttpResponse:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=getattr(settings, "LANGUAGE_COOKIE_SECURE", False),
    )
    return response


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        return _with_language_cookie(response, form.get_user().language)


@rate_limited("signup")
def signup(request: HttpRequest) -> HttpResponse:
    """Every well-formed sign-up gets the same answer; the e-mail says the rest (accounts/signup.py)."""
    if request.user.is_authenticated:
        return redirect("core:dashboard")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_signup(
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password"],
                language=translation.get_language() or "id",
            )
        except ServiceError as exc:
            apply_service_error(form, exc)
        else:
            request.session[SIGNUP_EMAIL] = normalise_email(form.cleaned_data["email"])
            return redirect("accounts:signup_sent")
    return render(request, "accounts/signup.html", {"form": form})


def signup_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signup_sent.html", {"email": request.session.get(SIGNUP_EMAIL, "")})


def activate(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """GET shows a button (mail scanners open links); POST activates the account and signs in."""
    user = user_for_activation(uidb64, token)
    if user is None:
        return render(request, "accounts/activate_invalid.html", status=404)
    if request.method == "POST":
        user = services.user_activate(user=user)
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Akun Anda sudah aktif. Selamat datang di Sinergi."))
        return _with_language_cookie(redirect("core:dashboard"), user.language)
    return render(request, "accounts/activate.html", {"account": user})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    form = LanguageForm(request.POST)
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    if not form.is_valid():
        return HttpResponseRedirect(next_url)
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        services.user_set_language(user=request.user, language=language)
    translation.activate(language)
    return _with_language_cookie(HttpResponseRedirect(next_url), language)


class PasswordResetView(auth_views.PasswordResetView):
    """Limited per client (scope password_reset) and per address a link goes to (password_reset_address),
    so nobody can flood a person's inbox; the limit answers alike for registered and unknown addresses."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        try:
            hit("password_reset_address", normalise_email(form.cleaned_data["email"]))
        except RateLimited as exc:
            return limited_response(self.request, exc)
        return super().form_valid(form)


password_reset = rate_limited("password_reset")(
    PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/password_reset_email.txt",
        subject_template_name="accounts/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done"),
    )
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A completed reset lifts the sign-in lockout of the account (the locked-out page offers it)."""

    def form_valid(self, form: SetPasswordForm[Any]) -> HttpResponse:
        response = super().form_valid(form)
        forget_failures(email=form.user.email)
        return response


password_reset_confirm = PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
