"""Rate limits on sign-up, password reset, anonymous event registration and uploads, through the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from sinergi.accounts.models import Role, User
from sinergi.core.models import RateCounter
from sinergi.core.ratelimit import Rate
from sinergi.events.models import Registration
from sinergi.imports.models import ImportJob
from tests.events.factories import make_event, make_session
from tests.factories import UserFactory, user_with_role
from tests.imports.factories import good_row, xlsx_bytes

pytestmark = pytest.mark.django_db

PASSWORD = "rahasia-Sinergi-2026"


def limit(settings: Any, scope: str, rate: str) -> None:
    settings.SINERGI_RATE_LIMITS = {**settings.SINERGI_RATE_LIMITS, scope: rate}


def signup_data(n: int) -> dict[str, str]:
    return {
        "full_name": f"Warga {n}",
        "email": f"warga{n}@contoh.id",
        "password": PASSWORD,
        "password_again": PASSWORD,
        "consent": "on",
    }


def test_rates_parse_and_refuse_nonsense() -> None:
    assert Rate.parse("10/hour") == Rate(10, 3600)
    assert Rate.parse("3/min") == Rate(3, 60)
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        Rate.parse("sepuluh/jam")


def test_signup_is_limited_per_client_with_a_clear_message(settings: Any) -> None:
    limit(settings, "signup", "3/hour")
    for n in range(3):
        assert Client(REMOTE_ADDR="203.0.113.5").post(reverse("accounts:signup"), signup_data(n)).status_code != 429
    response = Client(REMOTE_ADDR="203.0.113.5").post(reverse("accounts:signup"), signup_data(9))
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    text = response.content.decode()
    assert "Terlalu banyak pendaftaran akun dari alamat Anda." in text
    assert "Coba lagi dalam" in text
    assert not User.objects.filter(email="warga9@contoh.id").exists()
    # Another client is not affected; the sign-up page itself (GET) never counts.
    assert Client(REMOTE_ADDR="198.51.100.1").get(reverse("accounts:signup")).status_code == 200
    other = Client(REMOTE_ADDR="198.51.100.1").post(reverse("accounts:signup"), signup_data(10))
    assert other.status_code != 429


def test_signup_limit_speaks_english_to_english_visitors(settings: Any) -> None:
    limit(settings, "signup", "0/hour")
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(reverse("accounts:signup"), signup_data(1))
    assert response.status_code == 429
    assert "Too many account sign-ups from your address." in response.content.decode()


def test_password_reset_is_limited_per_client(settings: Any) -> None:
    limit(settings, "password_reset", "2/hour")
    user = UserFactory()
    for _ in range(2):
        assert Client().post(reverse("accounts:password_reset"), {"email": user.email}).status_code == 302
    response = Client().post(reverse("accounts:password_reset"), {"email": "siapa@contoh.id"})
    assert response.status_code == 429
    assert "Terlalu banyak permintaan atur ulang kata sandi." in response.content.decode()
    assert len(mail.outbox) == 2


def test_password_reset_is_limited_per_address_from_every_client(settings: Any) -> None:
    limit(settings, "password_reset_address", "2/hour")
    user = UserFactory()
    for n in range(2):
        client = Client(REMOTE_ADDR=f"203.0.113.{n}")
        assert client.post(reverse("accounts:password_reset"), {"email": user.email.upper()}).status_code == 302
    response = Client(REMOTE_ADDR="203.0.113.99").post(reverse("accounts:password_reset"), {"email": user.email})
    assert response.status_code == 429
    assert len(mail.outbox) == 2
    # An unregistered address is limited alike: the limit reveals nothing about who has an account.
    for n in range(2):
        Client(REMOTE_ADDR=f"203.0.114.{n}").post(reverse("accounts:password_reset"), {"email": "x@contoh.id"})
    assert Client().post(reverse("accounts:password_reset"), {"email": "x@contoh.id"}).status_code == 429


def test_anonymous_event_registration_is_limited_per_client(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    limit(settings, "event_registration", "3/hour")
    session = make_session(make_event(), capacity=50)
    url = reverse("events:register", args=[session.pk])
    for n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post(url, {"name": f"Tamu {n}", "email": f"tamu{n}@contoh.id"})
        assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(url, {"name": "Tamu 9", "email": "tamu9@contoh.id"})
    assert response.status_code == 429
    assert "Terlalu banyak pendaftaran acara dari alamat Anda." in response.content.decode()
    assert Registration.objects.filter(session=session).count() == 3
    assert len(mail.outbox) == 3
    # A signed-in person registers under their own account, not the anonymous limit.
    client = Client()
    client.force_login(UserFactory())
    assert client.post(url, {"name": "Anggota", "email": "anggota@contoh.id"}).status_code == 302


def test_uploads_are_limited_per_person(settings: Any, django_capture_on_commit_callbacks: Any) -> None:
    limit(settings, "upload", "2/hour")
    staff = user_with_role(Role.STAFF)
    client = Client()
    client.force_login(staff)
    content = xlsx_bytes([good_row(1)])
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/impor/pelaku/", {"file": SimpleUploadedFile("pelaku.xlsx", content)})
        assert response.status_code == 302
    response = client.post("/impor/pelaku/", {"file": SimpleUploadedFile("pelaku.xlsx", content)})
    assert response.status_code == 429
    assert "Terlalu banyak unggahan berkas dalam waktu singkat." in response.content.decode()
    assert ImportJob.objects.count() == 2
    # Opening the upload page is not an upload.
    assert client.get("/impor/pelaku/").status_code == 200
    # Another person has their own allowance.
    other = Client()
    other.force_login(user_with_role(Role.STAFF))
    with django_capture_on_commit_callbacks(execute=True):
        response = other.post("/impor/pelaku/", {"file": SimpleUploadedFile("pelaku.xlsx", content)})
    assert response.status_code == 302


# ---------------------------------------------------------------- the shared counter


def test_a_request_is_counted_with_one_statement_and_no_cache(settings: Any, django_assert_num_queries: Any) -> None:
    from django.core.cache import caches

    from sinergi.core import ratelimit

    limit(settings, "signup", "2/hour")
    ratelimit.hit("signup", "addr:203.0.113.7")  # a process's first count may also purge old counters
    with django_assert_num_queries(1):
        ratelimit.hit("signup", "addr:203.0.113.7")
    caches["default"].clear()  # the counts are not in the cache: clearing it forgives nothing
    with pytest.raises(ratelimit.RateLimited) as raised:
        ratelimit.hit("signup", "addr:203.0.113.7")
    assert 0 < raised.value.retry_after <= 3600
    ratelimit.hit("signup", "addr:198.51.100.2")  # another visitor has their own count


@pytest.mark.django_db(transaction=True)
def test_every_connection_sees_the_same_count(settings: Any) -> None:
    """Worker processes each have their own database connection; a thread here has one too."""
    import threading

    from django.db import connection

    from sinergi.core import ratelimit

    limit(settings, "upload", "3/minute")
    errors: list[BaseException] = []

    def elsewhere() -> None:
        try:
            for _ in range(2):
                ratelimit.hit("upload", "user:7")
        except BaseException as exc:  # noqa: BLE001 -- handed to the test's thread to fail it
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join()
    assert errors == []
    ratelimit.hit("upload", "user:7")
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.hit("upload", "user:7")


def test_windows_start_afresh_and_a_late_request_never_resets_a_newer_one() -> None:
    from sinergi.core import ratelimit
    from sinergi.core.models import RateCounter

    rate = Rate(2, 60)
    assert ratelimit._count("k", rate, 600.0) == (1, 660)
    assert ratelimit._count("k", rate, 630.0) == (2, 660)
    assert ratelimit._count("k", rate, 661.0) == (1, 720)  # the next minute starts from 1
    assert ratelimit._count("k", rate, 659.0) == (2, 720)  # late from the last minute: counted, no reset
    assert RateCounter.objects.count() == 1  # one row per scope and visitor, reused


def test_counters_whose_window_ended_are_deleted(monkeypatch: Any) -> None:
    import time

    from sinergi.core import ratelimit
    from sinergi.core.models import RateCounter

    now = time.time()
    RateCounter.objects.create(key="signup:addr:old", window=1, hits=5, window_ends=int(now) - 10)
    RateCounter.objects.create(key="signup:addr:live", window=1, hits=5, window_ends=int(now) + 100)
    monkeypatch.setitem(ratelimit._purge, "last", 0.0)
    ratelimit._count("upload:user:1", Rate(5, 60), now)
    assert set(RateCounter.objects.values_list("key", flat=True)) == {"signup:addr:live", "upload:user:1"}


def test_very_long_keys_are_hashed_not_cut() -> None:
    from sinergi.core import ratelimit

    rate = Rate(1, 3600)
    base = "x" * 300
    ratelimit.count_against("password_reset", base + "a", rate)
    ratelimit.count_against("password_reset", base + "b", rate)  # not the same count as …a
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.count_against("password_reset", base + "a", rate)


def test_rates_accept_ninja_spellings() -> None:
    assert Rate.parse("120/m") == Rate(120, 60)
    assert Rate.parse("5/s") == Rate(5, 1)
    assert Rate.parse("100/d") == Rate(100, 86400)


def test_a_changed_period_starts_its_own_count() -> None:
    """Window numbers of a per-minute rate are far larger than those of a per-hour one: the period is
    part of the counter, so changing a rate's period never leaves a visitor stuck in an old window."""
    from sinergi.core import ratelimit

    ratelimit.count_against("api_write", "token1", Rate(1, 60))
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.count_against("api_write", "token1", Rate(1, 60))
    ratelimit.count_against("api_write", "token1", Rate(1, 3600))  # a new rate, a fresh count


@pytest.mark.skipif(connection.vendor != "postgresql", reason="UNLOGGED is a PostgreSQL table setting")
def test_rate_counters_write_no_wal_on_postgresql() -> None:
    """A counted request must not wait for a disk flush: the counters' table is UNLOGGED (core 0006), so the
    check-in API's one throttle statement commits without one (issue 17)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = %s", [RateCounter._meta.db_table])
        (persistence,) = cursor.fetchone()
    assert persistence == "u"
