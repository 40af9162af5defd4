"""Project-wide fixtures: reference data loaded once per test database, users per role."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Reference data is part of every test database, as it is of every installation."""
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0, stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _default_language() -> None:
    """Every test starts in the default language: a request in English (the language middleware
    activates the visitor's language for the thread) must not leak into the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    from django.core.cache import cache, caches

    from sinergi.registry.filters import clear_options_cache

    cache.clear()
    caches["pages"].clear()  # public pages cached by core/pagecache.py
    # The directory's filter options are memoised per process with primary keys; transactional tests
    # flush and reload the reference data under new keys, so each test starts without the memo.
    clear_options_cache()


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A redis-server of the test session's own (tests/servers.py)."""
    from tests.servers import redis_server

    with redis_server() as url:
        yield url


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    """moto's standalone S3 server of the test session's own (tests/servers.py)."""
    from tests.servers import s3_server

    with s3_server() as url:
        yield url
