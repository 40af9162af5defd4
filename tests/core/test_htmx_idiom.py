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
# Ways around the idiom that a view's code shows, each a pattern over the source.
RENDERERS = r"(?:render|render_page|render_to_string|render_to_response|TemplateResponse|get_template|select_template)"
MISUSES = {
    # A separate `_fragment.html` file instead of the page's partial, by any renderer.
    "a separate fragment file": re.compile(rf"""\b{RENDERERS}\([^)]*["'][\w/]+/_[\w-]+\.html["']""", re.S),
    # `render_page` names the partial itself (`partial=`); a `page.html#part` name would ask it for a
    # partial of a partial, and the whole page would never be served.
    "a partial name given to render_page": re.compile(r"""\brender_page\([^)]*["'][\w/.-]+\.html#""", re.S),
    # A partial rendered to a string and wrapped by hand skips `Vary: HX-Request` and the history restore.
    "a partial rendered to a string": re.compile(r"""\brender_to_string\([^)]*["'][\w/.-]+\.html#""", re.S),
}
# Where a separate template is the point, with the reason. The report body is rendered once and cached
# (it is the expensive part of the public publication page, which includes it); no HTMX request gets it.
MISUSE_ALLOWED = {("statistics/views/public.py", "a separate fragment file", "statistics/_body.html")}


def _python_files() -> list[Path]:
    return [p for p in SRC.rglob("*.py") if "migrations" not in p.parts]


def misuses(rel: str, text: str) -> list[str]:
    """What in `text` (the source of `rel`) goes around the one HTMX idiom, less what is allowed."""
    found = []
    for what, pattern in MISUSES.items():
        for match in pattern.finditer(text):
            if any((rel, what) == allowed[:2] and allowed[2] in match.group(0) for allowed in MISUSE_ALLOWED):
                continue
            found.append(f"{rel}: {what}: {match.group(0)!r}")
    return found


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
        found += misuses(path.relative_to(SRC).as_posix(), path.read_text(encoding="utf-8"))
    assert found == []


@pytest.mark.parametrize(
    ("source", "what"),
    [
        ('return render(request, "portal/_hub_rows.html", context)', "a separate fragment file"),
        ('return render_page(request, "portal/_hub_rows.html", ctx, partial="results")', "a separate fragment file"),
        ('html = render_to_string("registry/_rows.html", {"rows": rows})', "a separate fragment file"),
        ('return TemplateResponse(\n    request, "events/_counters.html", ctx\n)', "a separate fragment file"),
        ('template = get_template("programs/_cohort.html")', "a separate fragment file"),
        ('return render_page(request, "portal/hub_list.html#results", ctx, partial="results")', "a partial name given"),
        ('return HttpResponse(render_to_string("portal/hub_list.html#results", ctx))', "a partial rendered"),
    ],
)
def test_the_scan_finds_each_way_around_the_idiom(source: str, what: str) -> None:
    found = misuses("some/views.py", source)
    assert len(found) == 1
    assert f"some/views.py: {what}" in found[0]


@pytest.mark.parametrize(
    "source",
    [
        'return render_page(request, "portal/hub_list.html", ctx, partial="results")',
        'return render(request, "portal/_area_fields.html#area-swap", ctx)',  # an endpoint's own partial
        'return render(request, "collaboration/detail.html#support-box", ctx)',
        'body = render_to_string("registry/community_invitation_email.txt", context)',
    ],
)
def test_the_scan_lets_the_idiom_pass(source: str) -> None:
    assert misuses("some/views.py", source) == []


def test_the_allowed_exception_is_only_where_it_is_named() -> None:
    source = 'html = render_to_string("statistics/_body.html", context, request=None)'
    assert misuses("statistics/views/public.py", source) == []
    assert len(misuses("statistics/views/workspace.py", source)) == 1


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
