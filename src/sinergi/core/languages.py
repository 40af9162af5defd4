"""Which language to speak: a person's choice when it is one Sinergi speaks, else the site default."""

from __future__ import annotations

from django.conf import settings


def supported(code: str | None) -> bool:
    return bool(code) and code in {c for c, _name in settings.LANGUAGES}


def language_or_default(code: str | None) -> str:
    """`code` when Sinergi speaks it (settings.LANGUAGES), else LANGUAGE_CODE (Indonesian)."""
    return code if code and supported(code) else settings.LANGUAGE_CODE


def language_of(user: object) -> str:
    """The language a person chose (`User.language`), or the default for anyone else."""
    return language_or_default(getattr(user, "language", None))
