"""Browser tests: Playwright driving Debian's chromium (/usr/bin/chromium) against live_server.

Every test here is marked e2e (the Makefile runs them in a separate, serial pytest run).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.live_server_idle import requests_in_flight

# Playwright's sync API runs an event loop in this thread; the ORM calls made by tests are synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("SINERGI_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(os.environ.get("SINERGI_E2E_ARTIFACTS", "test-results"))
# What a page loads to look and work as it should: a failure of any of these fails the journey.
ASSET_TYPES = {"stylesheet", "script", "image", "font"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"chromium not found at {CHROMIUM}: install Debian's chromium (apt-get install chromium)")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    # Wait, after the browser closes, for the live server to answer what it had been asked: see
    # tests/live_server_idle.py.
    in_flight = (
        requests_in_flight(request.getfixturevalue("live_server").thread.httpd)
        if "live_server" in request.fixturenames
        else None
    )
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    console_errors: list[str] = []
    failed_assets: list[str] = []
    page.on("console", lambda msg: console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: console_errors.append(f"uncaught: {exc}"))
    page.on(
        "response",
        lambda r: (
            failed_assets.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.request.resource_type in ASSET_TYPES
            else None
        ),
    )
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    if in_flight is not None:
        in_flight.wait_until_idle()
    csp_violations = [e for e in console_errors if "Content Security Policy" in e]
    assert not csp_violations, f"CSP violations in the browser console: {csp_violations}"
    # "Failed to load resource" is the browser's note on any 4xx/5xx answer, including the pages and HTMX
    # requests a journey provokes on purpose (a refused form answers 400); page assets are held to
    # account by status below, everything else the console reports is an error of ours.
    errors = [e for e in console_errors if "Content Security Policy" not in e and "Failed to load resource" not in e]
    assert not errors, f"errors in the browser console: {errors}"
    assert not failed_assets, f"page assets that failed to load: {failed_assets}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(autouse=True)
def _reference_data(transactional_db: None) -> None:
    """Transactional tests flush every table after they run, reference data included: load it (the
    loader is idempotent) so each browser test starts from what every installation has."""
    import io

    from django.core.management import call_command

    call_command("load_reference", stdout=io.StringIO())
