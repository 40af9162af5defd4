"""The home page renders in a real browser, in Indonesian, with the navigation and no CSP violations."""

from typing import Any

import pytest


@pytest.mark.django_db(transaction=True)
def test_home_page_renders_in_chromium(live_server: Any, page: Any) -> None:
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.get_by_role("navigation").count() >= 1
    assert page.title().endswith("Sinergi Kota Depok")
