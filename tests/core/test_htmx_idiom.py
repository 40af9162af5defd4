"""One HTMX idiom (docs/architecture.md, "Pages"): `request.htmx` from django-htmx, and the fragment
rendered from the page's own template as a django-template-partials partial (`page.html#name`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import RequestFactory

from sinergi.core.htmx import render_page, wants_fragment

SRC = Path(__file__).resolve().parents[2] / "src" / "sinergi"
# Where a raw header is the point: the page cache keys on the headers exactly as sent.
RAW_HEADER_ALLOWED = {"core/pagecache.py"}

OTHER_IDIOMS = {
    "reading the HX-Request header": re.compile(r"""headers\.get\(\s*["']HX-Request|HTTP_HX_REQUEST"""),
    "a home-made is_htmx helper": re.compile(r"\bis_htmx\b"),
    "getattr on request.htmx": re.compile(r"""getattr\(\s*request\s*,\s*["']htmx"""),
    "an untyped request.htmx": re.compile(r"request\.htmx.*type:\s*ignore"),
}
# A view rendering a separate `_fragment.html` file instead of the page's partial.
FRAGMENT_FILE = re.compile(r"""(render|render_to_response|TemplateResponse)\([^)]*["'][\w/]+/_[\w-]+\.html["']""", re.S)


def _python_files() -> list[Path]:
    return [p for p in SRC.rglob("*.py") if "migrations" not in p.parts]


def test_views_use_request_htmx_only() -> None:
    found = []
    for path in _python_files():
        rel = path.relative_to(SRC).as_posix()
        text = path.read_text(encoding="utf-8")
        for what, pattern in OTHER_IDIOMS.items():
            if rel in RAW_HEADER_ALLOWED and what == "reading the HX-Request header":
                continue
            found += [f"{rel}: {what}" for _ in pattern.finditer(text)]
    assert found == []


def test_fragments_are_partials_of_their_page() -> None:
    found = []
    for path in _python_files():
        text = path.read_text(encoding="utf-8")
        found += [f"{path.relative_to(SRC).as_posix()}: {m.group(0)!r}" for m in FRAGMENT_FILE.finditer(text)]
    assert found == []


@pytest.fixture
def page(tmp_path: Path, settings: Any) -> str:
    (tmp_path / "idiom").mkdir()
    (tmp_path / "idiom" / "page.html").write_text(
        "<h1>Judul</h1>{% load partials %}{% partialdef results inline %}<ul>{{ n }}</ul>{% endpartialdef %}"
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    return "idiom/page.html"


@pytest.mark.parametrize(
    ("headers", "whole"),
    [
        ({}, True),
        ({"HX-Request": "true"}, False),
        ({"HX-Request": "true", "HX-History-Restore-Request": "true"}, True),
    ],
)
def test_render_page_answers_htmx_with_the_partial(page: str, headers: dict[str, str], whole: bool) -> None:
    from django_htmx.middleware import HtmxDetails

    request = RequestFactory().get("/", headers=headers)
    request.htmx = HtmxDetails(request)  # type: ignore[attr-defined]
    response = render_page(request, page, {"n": 3}, partial="results")  # type: ignore[arg-type]
    body = response.content.decode()
    assert "<ul>3</ul>" in body
    assert ("<h1>Judul</h1>" in body) is whole
    assert wants_fragment(request) is not whole  # type: ignore[arg-type]
    assert "HX-Request" in response["Vary"]
