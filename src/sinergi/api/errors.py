"""The one error shape of the API, and the handlers that give it to every error.

Every error answers `{"error": {"code": str, "message": str, "fields": {name: [messages]}}}`:
validation (422; a number too large for the database or for decimal arithmetic is `value_out_of_range`),
domain rules broken (ServiceError 400, NotAllowed 403, Conflict 409), no or bad
token (401), missing scope or permission (403, also Django's `PermissionDenied` from `core.access`), unknown
object or route (404), wrong method (405),
too many requests (429) and anything unexpected (500, logged, no details given away).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from ninja import Schema
from ninja.errors import HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from sinergi.core.errors import ServiceError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("sinergi.api")

CODES_BY_STATUS = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "validation_error",
    429: "throttled",
    500: "server_error",
}
MESSAGES_BY_STATUS = {
    400: _("Permintaan tidak dapat dibaca."),
    401: _("Perlu token API yang sah: kirim header 'Authorization: Bearer <token>'."),
    403: _("Anda tidak berhak melakukan ini."),
    404: _("Tidak ditemukan."),
    405: _("Metode HTTP ini tidak didukung untuk alamat ini."),
    409: _("Bertentangan dengan data yang sudah ada."),
    422: _("Data belum benar; periksa isian yang disebut."),
    429: _("Terlalu banyak permintaan; coba lagi nanti."),
    500: _("Terjadi kesalahan di server; sudah dicatat."),
}

PERMISSION_DENIED_MESSAGE = _("Anda tidak berhak melakukan ini.")
OUT_OF_RANGE_MESSAGE = _("Ada angka yang terlalu besar untuk disimpan; periksa angka yang dikirim.")

# Pydantic's error types, said in Indonesian (the rest keep pydantic's own message).
PYDANTIC_MESSAGES = {
    "missing": _("Wajib diisi."),
    "literal_error": _("Pilihan tidak dikenal."),
    "enum": _("Pilihan tidak dikenal."),
    "int_parsing": _("Harus bilangan bulat."),
    "int_type": _("Harus bilangan bulat."),
    "bool_parsing": _("Harus true atau false."),
    "bool_type": _("Harus true atau false."),
    "string_type": _("Harus teks."),
    "decimal_parsing": _("Harus angka."),
    "greater_than_equal": _("Terlalu kecil."),
    "less_than_equal": _("Terlalu besar."),
    "string_too_long": _("Terlalu panjang."),
    "string_too_short": _("Terlalu pendek."),
    "date_from_datetime_parsing": _("Tanggal harus berbentuk YYYY-MM-DD."),
    "date_parsing": _("Tanggal harus berbentuk YYYY-MM-DD."),
    "extra_forbidden": _("Isian ini tidak dikenal."),
    "json_invalid": _("JSON tidak sah."),
    "model_attributes_type": _("Isi permintaan harus objek JSON."),
    "dict_type": _("Isi permintaan harus objek JSON."),
    "finite_number": _("Harus angka biasa (bukan NaN atau tak hingga)."),
    "decimal_type": _("Harus angka."),
    "decimal_max_digits": _("Angka terlalu panjang: paling banyak %(max_digits)s digit."),
    "decimal_max_places": _("Paling banyak %(decimal_places)s angka di belakang koma."),
    "decimal_whole_digits": _("Paling banyak %(whole_digits)s digit di depan koma."),
    "int_from_float": _("Harus bilangan bulat."),
    "float_parsing": _("Harus angka."),
    "float_type": _("Harus angka."),
    "greater_than": _("Terlalu kecil."),
    "less_than": _("Terlalu besar."),
    "list_type": _("Harus daftar (array JSON)."),
    "too_long": _("Terlalu banyak: paling banyak %(max_length)s."),
    "datetime_parsing": _("Waktu harus berbentuk ISO 8601, misalnya 2026-05-01T09:00:00+07:00."),
    "datetime_type": _("Waktu harus berbentuk ISO 8601, misalnya 2026-05-01T09:00:00+07:00."),
    "date_type": _("Tanggal harus berbentuk YYYY-MM-DD."),
}
# Where ninja says the value came from; not part of the field's name.
LOCATIONS = {"body", "query", "path", "header", "cookie", "form", "file", "payload", "filters", "page", "data"}


class ErrorDetail(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    """Every error of the API has this shape."""

    error: ErrorDetail


class FieldInvalid(ServiceError):
    """A parameter is well-formed but names nothing known (an unknown subsector code, say): 422."""

    code = "validation_error"
    status = 422


class NotFound(ServiceError):
    code = "not_found"
    status = 404


def error_body(code: str, message: str, fields: Mapping[str, Sequence[str]] | None = None) -> dict[str, Any]:
    return {
        "error": {
            "code": code,
            "message": str(message),
            "fields": {str(k): [str(m) for m in v] for k, v in (fields or {}).items()},
        }
    }


def error_response(
    status: int,
    *,
    code: str | None = None,
    message: str | None = None,
    fields: Mapping[str, Sequence[str]] | None = None,
) -> JsonResponse:
    return JsonResponse(
        error_body(
            code or CODES_BY_STATUS.get(status, "error"), str(message or MESSAGES_BY_STATUS.get(status, "")), fields
        ),
        status=status,
    )


def field_name(loc: Sequence[Any]) -> str:
    parts = [str(p) for p in loc]
    while len(parts) > 1 and parts[0] in LOCATIONS:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def fields_from_pydantic(errors: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        name = field_name(error.get("loc", ()))
        kind = str(error.get("type", ""))
        template = PYDANTIC_MESSAGES.get(kind)
        message = str(template or error.get("msg", _("Tidak sah.")))
        if template is not None and "%(" in message:
            message = message % dict(error.get("ctx") or {})
        if kind in {"literal_error", "enum"}:
            expected = (error.get("ctx") or {}).get("expected")
            if expected:
                conjunction = _("atau")
                choices = str(expected).replace(" or ", f" {conjunction} ")
                message = _("Pilihan tidak dikenal; pilih salah satu: %(choices)s.") % {"choices": choices}
        elif kind == "value_error":
            # Our validators raise ValueError with an Indonesian message; pydantic prefixes it.
            message = str(error.get("msg", "")).removeprefix("Value error, ")
        fields.setdefault(name, []).append(message)
    return fields


def install(api: NinjaAPI) -> None:
    """Replace ninja's default handlers so that every error has the one shape."""

    def on_validation(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(422, fields=fields_from_pydantic(exc.errors))

    def on_service_error(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(exc.status, code=exc.code, message=exc.message, fields=exc.field_errors)

    def on_http_error(request: HttpRequest, exc: Any) -> HttpResponse:
        # ninja's own HttpErrors (bad token, unreadable body, throttled) carry English text: say it our way.
        response = error_response(exc.status_code)
        if isinstance(exc, Throttled) and exc.wait:
            response["Retry-After"] = str(int(exc.wait) + 1)
        return response

    def on_not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return error_response(404)

    def on_permission_denied(request: HttpRequest, exc: Any) -> HttpResponse:
        # `core.access.get_permitted` (and Django) say "may see it, may not do this" with PermissionDenied.
        return error_response(403, code="permission_denied", message=str(PERMISSION_DENIED_MESSAGE))

    def on_value_out_of_range(request: HttpRequest, exc: Any) -> HttpResponse:
        # A number the database column or decimal arithmetic cannot hold, where no schema bound caught
        # it first: the caller's value, not a server fault. Logged, so the missing bound gets added.
        logger.warning("API value out of range on %s %s: %s", request.method, request.path, exc, exc_info=exc)
        return error_response(422, code="value_out_of_range", message=str(OUT_OF_RANGE_MESSAGE))

    def on_unexpected(request: HttpRequest, exc: Any) -> HttpResponse:
        logger.exception("API error on %s %s", request.method, request.path)
        return error_response(500)

    api.add_exception_handler(NinjaValidationError, on_validation)
    api.add_exception_handler(ServiceError, on_service_error)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(PermissionDenied, on_permission_denied)
    api.add_exception_handler(DataError, on_value_out_of_range)
    api.add_exception_handler(ArithmeticError, on_value_out_of_range)  # decimal.InvalidOperation, OverflowError
    api.add_exception_handler(Exception, on_unexpected)


def not_found_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Unknown routes under /api/ answer in the error shape, not Django's HTML 404 page."""
    return error_response(404, message=str(_("Alamat API ini tidak ada. Lihat /api/v1/docs.")))


def with_error_shape(view: Any) -> Any:
    """Wrap a ninja path view so its plain-text 405 answers in the error shape too."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            shaped = error_response(405)
            if response.has_header("Allow"):
                shaped["Allow"] = response["Allow"]
            return shaped
        return response

    wrapped.csrf_exempt = getattr(view, "csrf_exempt", False)  # type: ignore[attr-defined]
    wrapped.__name__ = getattr(view, "__name__", "view")
    wrapped.__doc__ = view.__doc__
    return wrapped
