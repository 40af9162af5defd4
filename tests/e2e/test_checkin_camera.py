"""Check-in through the CAMERA: chromium's fake capture device plays a video of a ticket's QR code,
the page decodes it (jsQR: headless chromium on Linux has no BarcodeDetector, and ``?decoder=js``
forces the fallback anyway) and the visitor is checked in through the same queue as a typed code.
A refused camera is said so, in words, and typing the code still works."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import segno
from django.conf import settings
from django.test import Client

from sinergi.events import services
from sinergi.events.models import CheckIn, Registration
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.events.factories import make_event, make_session, staff_user

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WIDTH, HEIGHT = 640, 480


def qr_frame(text: str) -> bytes:
    """A WIDTH×HEIGHT grayscale picture (one byte a pixel, 0 black, 255 white) of the ticket's QR code,
    made like the ticket page makes it (segno, error level M), centred with a white quiet zone."""
    qr = segno.make(text, error="m")
    modules = qr.symbol_size(scale=1, border=4)[0]
    scale = (HEIGHT - 40) // modules
    rows = [bytes(0 if dark else 255 for dark in row) for row in qr.matrix_iter(scale=scale, border=4)]
    side = len(rows)
    left, top = (WIDTH - side) // 2, (HEIGHT - side) // 2
    picture = bytearray(b"\xff" * (WIDTH * HEIGHT))
    for y, row in enumerate(rows):
        start = (top + y) * WIDTH + left
        picture[start : start + side] = row
    return bytes(picture)


def write_y4m(path: Path, luma: bytes, *, frames: int = 5, fps: int = 5) -> None:
    """A YUV4MPEG2 video (4:2:0, JPEG siting) of `frames` identical gray pictures: Y is the pixel,
    U and V are 128 (no colour)."""
    chroma = b"\x80" * ((WIDTH // 2) * (HEIGHT // 2))
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{fps}:1 Ip A1:1 C420jpeg\n".encode("ascii"))
        for _ in range(frames):
            out.write(b"FRAME\n")
            out.write(luma)
            out.write(chroma)
            out.write(chroma)


@pytest.fixture
def registration() -> Registration:
    event = make_event(title="Sinergitas Uji Kamera")
    session = make_session(event, kind="cooking_demo", capacity=20)
    return services.registration_create(session=session, name="Sari Kamera", email="sari@contoh.id")


@pytest.fixture
def camera_page(browser: Any, registration: Registration, tmp_path: Path) -> Iterator[Any]:
    """A page in a separate chromium whose (fake) camera shows the registration's QR code, camera
    permission granted; the shared browser has no camera. Fails on any CSP violation in the console,
    like the shared `page` fixture."""
    video = tmp_path / "ticket.y4m"
    write_y4m(video, qr_frame(registration.code))
    camera_browser = browser.browser_type.launch(
        executable_path=CHROMIUM,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    context = camera_browser.new_context(locale="id-ID", viewport={"width": 412, "height": 915}, permissions=["camera"])
    context.set_default_timeout(15_000)
    page = context.new_page()
    console_errors: list[str] = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    yield page
    context.close()
    camera_browser.close()
    csp_violations = [e for e in console_errors if "Content Security Policy" in e]
    assert not csp_violations, f"CSP violations in the browser console: {csp_violations}"


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])


def test_staff_checks_a_visitor_in_by_scanning_the_ticket_with_the_camera(
    live_server: Any, camera_page: Any, registration: Registration
) -> None:
    page = camera_page
    sign_in(page, live_server, staff_user())
    page.goto(f"{live_server.url}/acara/{registration.session.event.slug}/check-in/?decoder=js")
    assert CheckIn.objects.count() == 0
    page.get_by_role("button", name="Pindai dengan kamera").click()
    page.locator("#checkin-result").get_by_text("Selamat datang, Sari Kamera").wait_for()
    assert page.evaluate("typeof window.jsQR") == "function"  # decoded by the vendored library
    checkin = CheckIn.objects.get()
    assert checkin.registration == registration
    assert page.locator("#checkin-pending").inner_text() == "0"
    # The code stays in view: read again, but not sent again within a few seconds, nor counted twice.
    page.wait_for_timeout(1000)
    assert page.locator("#checkin-log li").count() == 1
    # Turning the camera off really ends the capture.
    page.evaluate("window.cameraStream = document.getElementById('checkin-video').srcObject")
    page.get_by_role("button", name="Matikan kamera").click()
    assert page.evaluate("window.cameraStream.getTracks().every((t) => t.readyState === 'ended')")
    assert page.locator("#checkin-camera-status").inner_text() == "Kamera dimatikan."
    assert page.get_by_role("button", name="Pindai dengan kamera").is_visible()
    assert CheckIn.objects.count() == 1


def test_a_refused_camera_says_so_and_the_typed_code_still_works(
    live_server: Any, camera_page: Any, registration: Registration
) -> None:
    page = camera_page
    page.context.clear_permissions()  # the staff member answered "Block" to the camera prompt
    sign_in(page, live_server, staff_user())
    page.goto(f"{live_server.url}/acara/{registration.session.event.slug}/check-in/?decoder=js")
    page.get_by_role("button", name="Pindai dengan kamera").click()
    refused = "Akses kamera ditolak. Izinkan kamera untuk situs ini di pengaturan peramban, atau ketik kode tiketnya."
    page.locator("#checkin-result .message.error").get_by_text(refused).wait_for()
    assert page.locator("#checkin-camera-status").inner_text() == refused
    assert not page.locator("#checkin-video").is_visible()
    assert CheckIn.objects.count() == 0
    page.get_by_label("Kode tiket").fill(registration.code)
    page.get_by_role("button", name="Check-in").click()
    page.locator("#checkin-result").get_by_text("Selamat datang, Sari Kamera").wait_for()
    assert CheckIn.objects.get().registration == registration
