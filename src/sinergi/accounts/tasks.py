"""Background work of accounts: e-mail sent by the task worker, never inside a web request."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from sinergi.core.languages import language_or_default


@task()
def send_signup_mail(*, user_id: int, language: str) -> None:
    """The activation link for a new account, or — when the address already had an account — a note
    saying so. Both go to the address that was typed; the page showed the same answer either way."""
    from .models import User
    from .signup import activation_path_args

    user = User.objects.get(pk=user_id)
    with translation.override(language_or_default(language)):
        site = settings.SINERGI_SITE_URL
        context = {
            "user": user,
            "site_name": settings.SINERGI_SITE_NAME,
            "login_url": site + reverse("accounts:login"),
            "reset_url": site + reverse("accounts:password_reset"),
        }
        if user.is_active or user.last_login is not None:
            template = "accounts/signup_existing_email.txt"
        else:
            template = "accounts/signup_activate_email.txt"
            context["activate_url"] = site + reverse("accounts:activate", kwargs=activation_path_args(user))
        subject, _newline, body = render_to_string(template, context).strip().partition("\n")
        send_mail(subject.strip(), body.strip() + "\n", None, [user.email])
