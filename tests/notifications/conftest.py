from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import override_settings

from .whatsapp_server import FakeGraph, fake_graph


@pytest.fixture
def whatsapp() -> Iterator[FakeGraph]:
    """The local WhatsApp Cloud API stand-in on a free port, with the WhatsApp channel switched on."""
    with fake_graph() as graph, override_settings(**graph.settings()):
        yield graph
