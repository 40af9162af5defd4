"""Sign-up that does not reveal which e-mail addresses have an account.

The sign-up page answers every well-formed request the same way — "check your e-mail" — and the
mailbox learns the rest: a new address gets a link that activates the (until then inactive) account,
an address that already has an account gets a note saying so, with links to sign in and to reset the
password. Only the owner of the mailbox can tell the two apart. Mail goes out through the task worker
(`accounts.tasks.send_signup_mail`), never inside the web request.
"""

from __future__ import annotations

from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode

from .models import User


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Valid until the account is active (or PASSWORD_RESET_TIMEOUT passes), then never again."""

    key_salt = "sinergi.accounts.signup.ActivationTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        return f"{user.pk}{user.password}{user.is_active}{user.email}{timestamp}"


activation_tokens = ActivationTokenGenerator()


def activation_path_args(user: User) -> dict[str, str]:
    return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": activation_tokens.make_token(user)}


def user_for_activation(uidb64: str, token: str) -> User | None:
    """The inactive account the link activates, or None when the link is wrong, used or expired."""
    try:
        pk = int(urlsafe_base64_decode(uidb64).decode())
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=pk, is_active=False, last_login__isnull=True).first()
    if user is None or not activation_tokens.check_token(user, token):
        return None
    return user
