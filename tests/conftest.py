"""Project-wide fixtures: reference data loaded once per test database, users per role."""

from __future__ import annotations

import io
import os
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


@pytest.fixture(scope="session")
def s3_environ(s3_endpoint: str) -> dict[str, str]:
    """The SINERGI_S3_* variables of a fresh bucket on the session's S3 server."""
    from tests.servers import s3_bucket

    return s3_bucket(s3_endpoint)


MEDIA_STORAGE = os.environ.get("SINERGI_TEST_MEDIA_STORAGE", "local")


@pytest.fixture(scope="session", autouse=True)
def _media_storage(request: pytest.FixtureRequest) -> Iterator[None]:
    """SINERGI_TEST_MEDIA_STORAGE=s3 runs the tests with every upload in moto's S3 server, as on an
    installation with SINERGI_MEDIA_STORAGE=s3 (for the whole session, module-scoped seeds included)."""
    if MEDIA_STORAGE != "s3":
        yield
        return
    from django.conf import settings
    from django.test.utils import override_settings

    from sinergi.core.storageconfig import media_storage

    environ = request.getfixturevalue("s3_environ")
    with override_settings(STORAGES={**settings.STORAGES, "default": media_storage("s3", environ, location="")}):
        yield


@pytest.fixture(autouse=True)
def _local_media_only(request: pytest.FixtureRequest) -> None:
    """Tests marked `local_media` are about the disk itself (file modes, a full disk)."""
    if MEDIA_STORAGE == "s3" and request.node.get_closest_marker("local_media"):
        pytest.skip("about the local disk's own behaviour; SINERGI_TEST_MEDIA_STORAGE=s3")
