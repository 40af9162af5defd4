"""What visitors see of the directory and the initiative list does not change when their rendering is made
cheaper (issue 17, CPU per COLD page): a set of pages — filters, sorts, second pages, HTMX fragments,
anonymous and signed in, Indonesian and English — rendered from fixed data is compared with the output
recorded before that work (`page_snapshots.json`), ignoring only what differs per request (the CSRF
token, the CSP nonce) and per database (the initiatives' ids in their links).

After an intended change of these pages, record them again with
`SINERGI_WRITE_SNAPSHOTS=1 PYTHONPATH=src .venv/bin/python -m pytest tests/portal/test_page_snapshots.py`
and review the JSON's diff.
"""

from __future__ import annotations

import difflib
import json
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from sinergi.accounts.models import User
from sinergi.collaboration.models import Phase
from tests.collaboration.factories import Cast, make_initiative
from tests.factories import kelurahan, make_actor

pytestmark = pytest.mark.django_db

SNAPSHOTS = Path(__file__).with_name("page_snapshots.json")
WRITE = os.environ.get("SINERGI_WRITE_SNAPSHOTS") == "1"

DIRECTORY = [
    "",
    "?urut=-name",
    "?urut=newest",
    "?urut=kecamatan",
    "?halaman=2",
    "?q=kopi&urut=name",
    "?subsektor=KUL",
    "?kecamatan=32.76.01",
    "?kecamatan=32.76.01&kelurahan=32.76.01.1006",
    "?skala=mikro",
    "?binaan=ya",
    "?jenis=community",
    "?jenis=product",
    "?jenis=hub",
    "?subsektor=ZZZ&kecamatan=99.99",
    "?q=tidak-ada-yang-bernama-begini",
]
INITIATIVES = [
    "",
    "?phase=open",
    "?phase=review",
    "?sort=dukungan",
    "?sort=judul",
    "?halaman=2",
    "?kecamatan=32.76.01",
    "?proposer_type=person",
    "?phase=zzz",
    "?q=tidak-ada",
]
VISITORS = ["anonymous", "signed-in"]
LANGUAGES = ["id", "en"]


def _cases() -> list[tuple[str, str, str, str]]:
    """(path, visitor, language, htmx) for every page compared."""
    cases = []
    for base, queries in (("/direktori/", DIRECTORY), ("/kolaborasi/", INITIATIVES)):
        for query in queries:
            for visitor in VISITORS:
                for language in LANGUAGES:
                    cases.append((base + query, visitor, language, ""))
            cases.append((base + query, "anonymous", "id", "htmx"))
    return cases


def _seed() -> None:
    """Fixed data: names sort the same way in SQLite and PostgreSQL; no relevance ties."""
    for i in range(23):
        make_actor(name=f"Kopi Nusantara {i:02d}", kbli_code="56303", size_class="mikro" if i % 2 else "kecil")
    make_actor(name="Batik Cinere", kbli_code="13134", kelurahan=kelurahan("32.76.03.1001"))
    make_actor(name="Rajut Beji", kelurahan=kelurahan("32.76.04.1001"))
    cast = Cast()
    cast.author.full_name = "Siti Pengusul"
    cast.author.save(update_fields=["full_name"])
    depok = kelurahan().parent
    phases = [Phase.OPEN, Phase.REVIEW, Phase.ACCEPTED, Phase.IMPLEMENTATION, Phase.COMPLETED, Phase.REJECTED]
    for i in range(22):
        make_initiative(cast, phases[i % len(phases)], title=f"Inisiatif {i:02d}", kecamatan=depok if i % 3 else None)


def _normalise(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value="CSRF"', html)
    html = re.sub(r'"X-CSRFToken": "[^"]+"', '"X-CSRFToken": "CSRF"', html)
    html = re.sub(r'nonce="[^"]+"', 'nonce="NONCE"', html)
    return re.sub(r"/kolaborasi/\d+/", "/kolaborasi/ID/", html)


def _render(path: str, visitor: str, language: str, htmx: str, user: User) -> str:
    client = Client()
    if visitor == "signed-in":
        client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.get(path, headers=headers)
    assert response.status_code == 200, (path, visitor, language, htmx)
    return _normalise(response.content.decode())


def test_directory_and_initiative_list_render_as_before() -> None:
    _seed()
    user = User.objects.create_user(email="warga@contoh.id", password="rahasia-Sinergi-2026", full_name="Warga Uji")
    rendered = {" | ".join(filter(None, case)): _render(*case, user=user) for case in _cases()}
    if WRITE:
        SNAPSHOTS.write_text(json.dumps(rendered, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
        pytest.skip(f"recorded {len(rendered)} pages in {SNAPSHOTS.name}")
    recorded = json.loads(SNAPSHOTS.read_text("utf-8"))
    assert sorted(rendered) == sorted(recorded)
    for case, html in rendered.items():
        if html != recorded[case]:
            lines = difflib.unified_diff(recorded[case].splitlines(), html.splitlines(), "recorded", "now", lineterm="")
            diff = "\n".join(list(lines)[:60])
            pytest.fail(f"{case} renders differently:\n{diff}")
