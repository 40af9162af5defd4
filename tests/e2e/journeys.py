"""What many browser journeys share: signing in through the real sign-in page."""

from __future__ import annotations

from typing import Any

PASSWORD = "rahasia-Sinergi-2026"  # tests.factories.UserFactory's password


def sign_in(page: Any, base: str, email: str) -> None:
    page.context.clear_cookies()
    page.goto(base + "/akun/masuk/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(lambda url: "/akun/masuk/" not in url)
