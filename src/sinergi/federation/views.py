from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors


@require_GET
def publications(request: HttpRequest) -> HttpResponse:
    """Public: the publications harvested from the kab/kota catalogues, by origin, with harvest times."""
    return render(request, "federation/publications.html", {"sources": list(selectors.sources_with_publications())})
