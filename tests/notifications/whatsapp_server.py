"""A local stand-in for the WhatsApp Business Cloud API (Graph API `POST /{phone-number-id}/messages`).

It speaks the same endpoint, checks every payload as Meta would refuse it (token, phone number id,
body shape, approved template names per language, parameter counts, header image link), answers in
Graph's shapes, and records what it received. `fail_next` makes it answer 500 (a Graph outage) for
that many requests. Runs on one of this branch's ports (8460–8469).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "test-whatsapp-token"
PHONE_NUMBER_ID = "109876543210"
VERSION = "v21.0"

# Approved templates: name → (language, body parameters, has an image header, has a code button).
TEMPLATES: dict[str, tuple[str, int, bool, bool]] = {
    "sinergi_profil_terverifikasi": ("id", 1, False, False),
    "sinergi_profile_verified": ("en", 1, False, False),
    "sinergi_profil_ditolak": ("id", 2, False, False),
    "sinergi_profile_rejected": ("en", 2, False, False),
    "sinergi_acara_komunitas": ("id", 3, False, False),
    "sinergi_community_event": ("en", 3, False, False),
    "sinergi_tiket": ("id", 3, True, False),
    "sinergi_ticket": ("en", 3, True, False),
    "sinergi_pengingat_sesi": ("id", 3, True, False),
    "sinergi_session_reminder": ("en", 3, True, False),
    "sinergi_pengingat_program": ("id", 4, False, False),
    "sinergi_program_reminder": ("en", 4, False, False),
    "sinergi_sertifikat_siap": ("id", 2, False, False),
    "sinergi_certificate_ready": ("en", 2, False, False),
    "sinergi_kode_verifikasi": ("*", 1, False, True),
}


@dataclass
class FakeGraph:
    port: int
    received: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    fail_next: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/{VERSION}"

    def settings(self) -> dict[str, Any]:
        return {
            "SINERGI_WHATSAPP_API_URL": self.api_url,
            "SINERGI_WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
            "SINERGI_WHATSAPP_TOKEN": TOKEN,
            "SINERGI_NOTIFICATION_CHANNELS": [
                "sinergi.notifications.channels.EmailChannel",
                "sinergi.notifications.channels.WhatsAppChannel",
            ],
        }

    def codes_sent_to(self, number: str) -> list[str]:
        return [
            m["template"]["components"][0]["parameters"][0]["text"]
            for m in self.received
            if m["to"] == number and m["template"]["name"] == "sinergi_kode_verifikasi"
        ]


def check(body: Any) -> str | None:
    """What Meta would refuse in this body, or None."""
    if not isinstance(body, dict):
        return "body is not a JSON object"
    if body.get("messaging_product") != "whatsapp":
        return "messaging_product must be 'whatsapp'"
    if body.get("recipient_type", "individual") != "individual":
        return "recipient_type must be 'individual'"
    if not re.fullmatch(r"[1-9]\d{9,14}", str(body.get("to", ""))):
        return f"'to' is not a phone number in international format without '+': {body.get('to')!r}"
    if body.get("type") != "template":
        return "business-initiated messages must be templates"
    template = body.get("template") or {}
    name = template.get("name")
    if name not in TEMPLATES:
        return f"template {name!r} is not approved"
    language, n_params, has_image, has_button = TEMPLATES[name]
    code = (template.get("language") or {}).get("code")
    if language not in ("*", code):
        return f"template {name!r} exists in {language!r}, not {code!r}"
    if code not in {"id", "en"}:
        return f"unknown language code {code!r}"
    components = template.get("components") or []
    kinds = [c.get("type") for c in components]
    bodies = [c for c in components if c.get("type") == "body"]
    if len(bodies) != 1 or len(bodies[0].get("parameters", [])) != n_params:
        return f"template {name!r} takes {n_params} body parameters"
    if any(p.get("type") != "text" or not p.get("text") for p in bodies[0]["parameters"]):
        return "body parameters must be non-empty text"
    if ("header" in kinds) != has_image:
        return f"template {name!r} {'needs' if has_image else 'has no'} an image header"
    if has_button:
        buttons = [c for c in components if c.get("type") == "button"]
        if len(buttons) != 1 or buttons[0].get("sub_type") != "url" or buttons[0].get("index") != "0":
            return "authentication templates need one url button (index 0) with the code"
    return None


def _handler(graph: FakeGraph) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _answer(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _error(self, status: int, code: int, message: str) -> None:
            self._answer(status, {"error": {"message": message, "type": "OAuthException", "code": code}})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            if self.path != f"/{VERSION}/{PHONE_NUMBER_ID}/messages":
                graph.problems.append(f"wrong path {self.path}")
                return self._error(404, 803, "Unknown path components")
            if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                graph.problems.append("missing or wrong token")
                return self._error(401, 190, "Invalid OAuth access token")
            try:
                body = json.loads(raw)
            except ValueError:
                graph.problems.append("body is not JSON")
                return self._error(400, 100, "Invalid parameter")
            with graph.lock:
                if graph.fail_next > 0:
                    graph.fail_next -= 1
                    return self._error(500, 2, "Service temporarily unavailable")
            problem = check(body)
            if problem:
                graph.problems.append(problem)
                return self._error(400, 132000, problem)
            with graph.lock:
                graph.received.append(body)
                message_id = f"wamid.TEST{len(graph.received)}"
            self._answer(
                200,
                {
                    "messaging_product": "whatsapp",
                    "contacts": [{"input": body["to"], "wa_id": body["to"]}],
                    "messages": [{"id": message_id}],
                },
            )
            return None

    return Handler


@contextmanager
def fake_graph(port: int = 0) -> Iterator[FakeGraph]:
    """Serve the stand-in on `port` (0: a free port the system picks, so parallel test workers never
    collide)."""
    graph = FakeGraph(port=port)
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(graph))
    graph.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield graph
    finally:
        server.shutdown()
        server.server_close()
