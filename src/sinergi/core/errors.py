"""Errors a service raises; pages show them inline, the API turns them into its one error shape."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


class ServiceError(Exception):
    """A rule of the domain was broken by otherwise well-formed input."""

    code = "invalid"
    status = 400

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field_errors: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = str(message)
        if code:
            self.code = code
        self.field_errors = {k: [str(m) for m in v] for k, v in (field_errors or {}).items()}


class NotAllowed(ServiceError):
    code = "forbidden"
    status = 403


class Conflict(ServiceError):
    code = "conflict"
    status = 409


def from_validation_error(exc: object) -> dict[str, list[str]]:
    """Field errors from a django ValidationError, `__all__` for the non-field ones."""
    message_dict = getattr(exc, "message_dict", None)
    if message_dict is not None:
        return {k: [str(m) for m in v] for k, v in message_dict.items()}
    messages = getattr(exc, "messages", [str(exc)])
    return {"__all__": [str(m) for m in messages]}
