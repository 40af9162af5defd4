"""User text in every PDF is shown as written: ReportLab markup in a title never becomes a tag, an image
read from the server's disk, or a 500 (core.pdf)."""

from __future__ import annotations

import base64
import contextlib
import re
import zlib
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sinergi.events import services as event_services
from sinergi.statistics.models import Publication
from tests.events.factories import accepted_application, make_event, staff_user
from tests.factories import make_actor
from tests.statistics.helpers import analyst, head, published

pytestmark = pytest.mark.django_db

HOSTILE = ['<img src="/etc/passwd"/> Laporan', "Ekraf <b>tebal tanpa penutup", "A & B <font size=90>"]


def pdf_text(content: bytes) -> str:
    """The text of a PDF's content streams (inflated where compressed)."""
    assert content.startswith(b"%PDF")
    out = []
    for raw in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        data = raw.strip()
        if data.endswith(b"~>"):  # ReportLab's default: ASCII85 over Flate
            data = base64.a85decode(data[:-2].replace(b"\n", b"").replace(b"\r", b""))
        with contextlib.suppress(zlib.error):
            data = zlib.decompress(data)
        out.append(data.decode("latin-1"))
    return "".join(out)


def words_of(title: str) -> list[str]:
    return re.sub(r"[<>&\"/=]", " ", title).split()


@pytest.mark.parametrize("title", HOSTILE)
def test_public_statistics_report_shows_a_hostile_title_as_text(client: Client, title: str) -> None:
    publication = published(analyst(), head())
    Publication.objects.filter(pk=publication.pk).update(title=title)
    response = client.get(f"/statistik/{publication.pk}/unduh/laporan.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert all(word in text for word in words_of(title)), text[:800]


@pytest.mark.parametrize("title", HOSTILE)
def test_event_report_shows_hostile_titles_and_seller_names_as_text(client: Client, title: str) -> None:
    event = make_event(title=title, venue=title)
    app = accepted_application(event, actor=make_actor(name=title[:60]))
    event_services.sales_report(by=None, application=app, day=event.start_date, amount=Decimal(1000))
    client.force_login(staff_user())
    response = client.get(reverse("events:report_pdf", args=[event.slug]))
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert all(word in text for word in words_of(title)), text[:800]


def test_the_helper_escapes_everything_reportlab_parses(settings: Any) -> None:
    from reportlab.lib.styles import getSampleStyleSheet

    from sinergi.core.pdf import markup, paragraph

    assert markup('<img src="/etc/passwd"/> & <b>') == '&lt;img src="/etc/passwd"/&gt; &amp; &lt;b&gt;'
    para = paragraph("<b>x", getSampleStyleSheet()["Normal"], bold=True)
    assert para.getPlainText() == "<b>x"
