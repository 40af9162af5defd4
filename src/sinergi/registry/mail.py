"""E-mail of the registry: the community invitation, in the recipient's language (`User.language`).

Messages are sent as Django sends mail; `core.mail.TaskEmailBackend` queues them for the worker inside
the caller's transaction, so an invitation that rolls back sends nothing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from sinergi.core.languages import language_of


def community_invitation_email(*, member: Any, recipient: Any) -> EmailMessage:
    """The invitation to join a community, to the invited person or the invited business's owner, with a
    link to the dashboard where they accept or decline it."""
    with translation.override(language_of(recipient)):
        context = {
            "member": member,
            "recipient": recipient,
            "community": member.community,
            "business": member.actor.name if member.actor_id is not None else "",
            "inviter": member.invited_by.full_name if member.invited_by_id is not None else "",
            "role": member.get_role_display(),
            "site_name": settings.SINERGI_SITE_NAME,
            "dashboard_url": settings.SINERGI_SITE_URL + reverse("core:dashboard") + "#undangan-komunitas",
        }
        subject, _newline, body = render_to_string("registry/community_invitation_email.txt", context).partition("\n")
    return EmailMessage(subject.strip(), body.strip() + "\n", None, [recipient.email])
