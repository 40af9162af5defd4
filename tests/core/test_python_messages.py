"""Messages written in Python (service errors, API errors, notifications) follow the reader's language.

Indonesian is the source language; the English comes from src/sinergi/locale/en (see test_translations.py for
the catalogue itself). Tests run with Indonesian active, so each check here switches to English the
way a person does — the language cookie, or `translation.override` for a bare service call — and
also checks the Indonesian default, so a test cannot pass because nothing was translated at all.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sinergi.collaboration import services as collaboration
from sinergi.collaboration.models import Phase
from sinergi.core.errors import NotAllowed, ServiceError
from sinergi.notifications.models import Notification
from sinergi.registry import identifiers
from sinergi.registry import services as registry
from sinergi.registry.models import Status
from tests.collaboration.factories import Cast, make_initiative
from tests.core.test_translations import PO_PATH, parse_po
from tests.factories import UserFactory, make_actor

SRC = Path(settings.BASE_DIR) / "src" / "sinergi"


def _english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# --- Registry -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_registry_service_error_in_both_languages() -> None:
    actor = make_actor()
    for language, expected in (("id", "Pilih dua profil yang berbeda."), ("en", "Choose two different profiles.")):
        with translation.override(language), pytest.raises(ServiceError) as caught:
            registry.actor_merge(by=None, keep=actor, absorb=actor, reason="uji")
        assert caught.value.message == expected


@pytest.mark.django_db
def test_registry_error_with_placeholders_and_field_errors_in_english() -> None:
    actor = make_actor(status=Status.SUBMITTED)
    with translation.override("en"), pytest.raises(ServiceError) as caught:
        registry.actor_reject(by=None, actor=actor, reason="  ")
    assert caught.value.message == "Write the reason for rejecting so that the profile owner knows what to fix."
    assert caught.value.field_errors == {"reason": ["Required."]}
    with translation.override("en"), pytest.raises(ServiceError) as status_error:
        registry.actor_submit(by=None, actor=actor)
    assert status_error.value.message == (
        "A profile with status 'Awaiting verification' cannot be changed to 'Awaiting verification'."
    )


def test_identifier_messages_in_english() -> None:
    with translation.override("en"), pytest.raises(ValueError, match=r"^An NIB must have 13 digits\.$"):
        identifiers.clean_nib("123")
    with translation.override("en"), pytest.raises(ValueError, match="lima juta") as caught:
        identifiers.clean_money("lima juta")
    assert str(caught.value) == "'lima juta' is not an amount of money; write digits only, for example 15000000."


@pytest.mark.django_db
def test_owner_who_chose_english_sees_the_submit_error_in_english(client: Client) -> None:
    owner = UserFactory(language="en")
    actor = make_actor(by=owner, status=Status.DRAFT, description="")
    client.force_login(owner)
    response = _english(client).post(reverse("registry:actor_submit", kwargs={"slug": actor.slug}), follow=True)
    html = response.content.decode()
    assert "Complete these before submitting: description." in html
    assert "Lengkapi dulu" not in html


# --- Collaboration --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_collaboration_service_error_in_both_languages() -> None:
    cast = Cast()
    initiative = make_initiative(cast, Phase.OPEN)
    comment = collaboration.comment_post(by=cast.author, initiative=initiative, body="Setuju sekali.")
    for language, expected in (
        ("id", "Hanya penulis yang dapat mengubah komentarnya."),
        ("en", "Only the author can edit a comment."),
    ):
        with translation.override(language), pytest.raises(NotAllowed) as caught:
            collaboration.comment_edit(by=cast.stranger, comment=comment, body="Bukan milik saya.")
        assert caught.value.message == expected


@pytest.mark.django_db
def test_notifications_are_written_in_each_recipients_language(django_capture_on_commit_callbacks: Any) -> None:
    cast = Cast()
    cast.coauthor.language = "en"
    cast.coauthor.save(update_fields=["language"])
    initiative = make_initiative(cast, Phase.SUBMITTED, title="Galeri kriya")
    # Whoever acts (here in English) does not decide the language the authors read.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        collaboration.initiative_start_review(by=cast.staff, initiative=initiative)
    titles = dict(Notification.objects.filter(kind="collaboration.review").values_list("user_id", "title"))
    assert titles == {
        cast.author.pk: "Inisiatif Anda sedang dikaji: Galeri kriya",
        cast.coauthor.pk: "Your initiative is under review: Galeri kriya",
    }
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects[cast.coauthor.email] == "[Sinergi] Your initiative is under review: Galeri kriya"
    assert subjects[cast.author.email] == "[Sinergi] Inisiatif Anda sedang dikaji: Galeri kriya"


# --- API ------------------------------------------------------------------------------------------


def _error(response: Any) -> dict[str, Any]:
    error: dict[str, Any] = response.json()["error"]
    return error


@pytest.mark.django_db
def test_api_error_details_follow_the_language_cookie(client: Client) -> None:
    missing = "/api/v1/actors/tidak-ada"
    assert _error(client.get(missing))["message"] == "Profil pelaku tidak ditemukan."
    english = _english(Client())
    response = english.get(missing)
    assert response.status_code == 404
    assert response.headers["Content-Language"] == "en"
    assert _error(response)["message"] == "Actor profile not found."

    unknown = _error(english.get("/api/v1/actors", {"subsector": "XXX"}))
    assert unknown["message"] == "Unknown filter."
    assert unknown["fields"]["subsector"] == ["Subsector code 'XXX' is unknown; see /api/v1/subsectors."]

    unauthenticated = english.post("/api/v1/actors", data="{}", content_type="application/json")
    assert unauthenticated.status_code == 401
    assert _error(unauthenticated)["message"].startswith("A valid API token is required")

    assert _error(english.get("/api/v1/nothing-here"))["message"] == (
        "This API address does not exist. See /api/v1/docs."
    )


# --- Nothing left plain ---------------------------------------------------------------------------

# Files that speak only to operators (none at present; bulk import parsing is checked like the rest).
NOT_CHECKED: set[str] = set()
CHECKED_APPS = ("accounts", "api", "collaboration", "core", "events", "imports", "portal", "programs", "registry",
                "statistics")  # fmt: skip
ERRORS = {"ServiceError", "NotAllowed", "Conflict", "FieldInvalid", "NotFound", "RateLimited", "ValidationError",
          "FileRejected"}  # fmt: skip
FLASHES = {"debug", "info", "success", "warning", "error"}
TRANSLATORS = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy"}


def _plain_text(node: ast.AST | None) -> bool:
    """A literal (or f-string, or a sum of them) that no translation function touched."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and bool(node.value.strip())
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _plain_text(node.left) or _plain_text(node.right)
    if isinstance(node, ast.List | ast.Tuple):
        return any(_plain_text(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return any(_plain_text(v) for v in node.values)
    return False


def _name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _python_sources() -> list[Path]:
    files = []
    for app in CHECKED_APPS:
        for path in sorted((SRC / app).rglob("*.py")):
            relative = path.relative_to(SRC).as_posix()
            if "/migrations/" not in relative and relative not in NOT_CHECKED:
                files.append(path)
    return files


def test_no_user_facing_message_is_a_plain_literal() -> None:
    plain = []
    for path in _python_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node)
            texts: list[ast.AST | None] = []
            if name in ERRORS:
                texts = [*node.args[:1], *(k.value for k in node.keywords if k.arg in {"message", "field_errors"})]
            elif (
                name in FLASHES and isinstance(node.func, ast.Attribute) and ast.unparse(node.func.value) == "messages"
            ) or name == "add_error":
                texts = node.args[1:2]
            elif name == "append" and ast.unparse(node.func) == "errors.append" and node.args:
                cell_error = node.args[0]  # an import's (column, message) cell error: the message is checked
                texts = cell_error.elts[1:2] if isinstance(cell_error, ast.Tuple) else [cell_error]
            if any(_plain_text(t) for t in texts):
                plain.append(f"  {path.relative_to(SRC)}:{node.lineno}: {ast.unparse(node)[:100]}")
    assert len(_python_sources()) > 100
    assert not plain, "user-facing messages not wrapped in gettext:\n" + "\n".join(plain)


def test_every_python_msgid_is_in_the_catalogue() -> None:
    """A string wrapped in `_()` but never extracted (`make messages` not run) would stay Indonesian."""
    catalogue = {e.msgid for e in parse_po(PO_PATH)}
    missing = []
    for path in _python_sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node) in TRANSLATORS and node.args:
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str) and first.value not in catalogue:
                    missing.append(f"  {path.relative_to(SRC)}:{node.lineno}: {first.value!r}")
    assert not missing, "msgids missing from django.po (run `make messages`):\n" + "\n".join(missing)
