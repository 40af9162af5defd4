"""Two app servers serve one site: two real gunicorn servers against one PostgreSQL, one Redis cache
(SINERGI_CACHE_URL) and one S3-compatible store (moto's server, SINERGI_MEDIA_STORAGE=s3), each with
its own disk (SINERGI_VAR_DIR). A person signs in on one and is signed in on the other, uploads a photo
through one and downloads it from the other, and an anonymous visitor's cached page on one is fresh
after an edit made through the other.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from PIL import Image

import sinergi
from sinergi.registry import services
from tests.factories import UserFactory, make_actor
from tests.servers import stop, wait_for_port

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SRC = Path(sinergi.__file__).resolve().parents[1]
PORTS = (8440, 8441)  # this branch's ports; tests/servers.py finds free ones for redis and moto
PASSWORD = "rahasia-Sinergi-2026"  # tests.factories.UserFactory's
FRESH_WITHIN = 15.0  # seconds another server may take to stop using a page cached before an edit


@pytest.fixture(autouse=True)
def _postgres_with_reference_data() -> Iterator[None]:
    if connection.vendor != "postgresql":
        pytest.skip("two app servers share one PostgreSQL database (SQLite is one machine's file)")
    call_command("load_reference", verbosity=0, stdout=io.StringIO())  # a transactional test flushed it
    yield
    call_command("load_reference", verbosity=0, stdout=io.StringIO())  # what the next test expects


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{db.get('USER') or 'postgres'}{password}@{host}:{port}/{db['NAME']}"


@contextlib.contextmanager
def app_server(port: int, environ: dict[str, str]) -> Iterator[str]:
    """`gunicorn sinergi.wsgi` on `port` with its own var folder; yields its base URL."""
    with tempfile.TemporaryDirectory(prefix=f"sinergi-server-{port}-") as var:
        env = {
            **os.environ,
            **environ,
            "DJANGO_SETTINGS_MODULE": "sinergi.settings.local",
            "SINERGI_VAR_DIR": var,  # this server's own disk: nothing shared through it
            "SINERGI_DEBUG": "1",  # static files from the source (no collectstatic per test)
            "SINERGI_ALLOWED_HOSTS": "127.0.0.1",
            "PYTHONPATH": str(SRC),
        }
        log = Path(var) / "server.log"
        command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "2", "sinergi.wsgi"]
        with log.open("wb") as out:
            process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            wait_for_port(port, process, f"gunicorn on {port}", log)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(process)
            if process.returncode not in (0, -15):
                print(log.read_text(errors="replace"))  # noqa: T201 -- the servers' log for the failure report


def _csrf(browser: httpx.Client, url: str) -> str:
    page = browser.get(url)
    assert page.status_code == 200, page.text
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert match, f"no CSRF field on {url}"
    return match.group(1)


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 200)).save(out, "JPEG")
    return out.getvalue()


def test_two_app_servers_serve_one_site(redis_url: str, s3_environ: dict[str, str]) -> None:
    owner = UserFactory()
    # The servers run the installation's password hashers, not the tests' fast one.
    hasher = PBKDF2PasswordHasher()
    owner.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    owner.save(update_fields=["password"])
    actor = make_actor(by=owner, name="Anyaman Dua Server")
    product = services.product_save(by=owner, actor=actor, data={"name": "Tas Pandan Lama"})
    environ = {
        "DATABASE_URL": _database_url(),
        "SINERGI_CACHE_URL": redis_url,
        "SINERGI_MEDIA_STORAGE": "s3",
        **s3_environ,
    }

    with app_server(PORTS[0], environ) as one, app_server(PORTS[1], environ) as two:
        browser = httpx.Client(timeout=60)  # one cookie jar: the same person on both servers
        visitor = httpx.Client(timeout=60)  # an anonymous visitor, cookie-less

        # A session made on one server is valid on the other.
        login = f"{one}/akun/masuk/"
        token = _csrf(browser, login)
        signed_in = browser.post(
            login, data={"username": owner.email, "password": PASSWORD, "csrfmiddlewaretoken": token}
        )
        assert signed_in.status_code == 302, signed_in.text
        dashboard = browser.get(f"{two}{reverse('core:dashboard')}")
        assert dashboard.status_code == 200  # not a redirect to the sign-in page
        assert reverse("accounts:logout") in dashboard.text  # the account menu of a signed-in person

        # An upload through one server is downloaded from the other.
        product_url = reverse("registry:product", kwargs={"slug": actor.slug, "pk": product.pk})
        token = _csrf(browser, f"{one}{product_url}")
        added = browser.post(
            f"{one}{reverse('registry:photo_add', kwargs={'slug': actor.slug, 'pk': product.pk})}",
            data={"alt_text": "Tas dari samping", "csrfmiddlewaretoken": token},
            files={"image": ("tas.jpg", _jpeg(), "image/jpeg")},
        )
        assert added.status_code == 302, added.text
        photo = product.photos.get()
        downloaded = visitor.get(f"{two}{reverse('registry:photo', kwargs={'pk': photo.pk})}")
        assert downloaded.status_code == 200
        with Image.open(io.BytesIO(downloaded.content)) as image:
            assert image.size == (640, 480)

        # A public page cached on one server is fresh there after an edit made through the other.
        public = f"{two}/produk/{product.slug}/"
        assert "Tas Pandan Lama" in visitor.get(public).text
        cached = _cached(visitor, public)
        assert cached is not None, "the public page was never served from the shared cache"
        assert "Tas Pandan Lama" in cached.text
        token = _csrf(browser, f"{one}{product_url}")
        edited = browser.post(f"{one}{product_url}", data={"name": "Tas Pandan Baru", "csrfmiddlewaretoken": token})
        assert edited.status_code == 302, edited.text
        assert _fresh(visitor, public, "Tas Pandan Baru"), (
            "the other server kept serving the page cached before the edit"
        )


def _cached(visitor: httpx.Client, url: str) -> httpx.Response | None:
    """The first answer for `url` served from the page cache within FRESH_WITHIN seconds. Each gunicorn
    worker rereads the shared data version at most once a second (core/pagecache.py), so right after the
    photo upload bumped it, a worker still holding the older version looks under the older key: a miss
    that is not a bug."""
    deadline = time.monotonic() + FRESH_WITHIN
    while time.monotonic() < deadline:
        page = visitor.get(url)
        if page.headers.get("X-Sinergi-Page-Cache") == "hit":
            return page
        time.sleep(0.2)
    return None


def _fresh(visitor: httpx.Client, url: str, text: str) -> bool:
    """Whether `url` shows `text` within FRESH_WITHIN seconds (each server rereads the shared version
    at most once a second: core/pagecache.py)."""
    deadline = time.monotonic() + FRESH_WITHIN
    while time.monotonic() < deadline:
        page: Any = visitor.get(url)
        if text in page.text:
            return True
        time.sleep(0.2)
    return False
