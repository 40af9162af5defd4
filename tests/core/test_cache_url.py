"""SINERGI_CACHE_URL: Redis, the database table, a file or memory; anything else stops the start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from sinergi.core import ratelimit
from sinergi.core.cacheurl import cache_from_url
from sinergi.core.versions import DataVersion

SRC = Path(__file__).resolve().parents[2] / "src"


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("redis://cache.internal:6379/1", "redis.RedisCache", "redis://cache.internal:6379/1"),
        ("rediss://:s3cret@cache.internal:6380/0", "redis.RedisCache", "rediss://:s3cret@cache.internal:6380/0"),
        ("unix:///run/redis/redis.sock?db=2", "redis.RedisCache", "unix:///run/redis/redis.sock?db=2"),
        ("db://", "db.DatabaseCache", "sinergi_cache"),
        ("db://other_cache", "db.DatabaseCache", "other_cache"),
        ("file:///srv/sinergi/cache", "filebased.FileBasedCache", "/srv/sinergi/cache"),
        ("locmem://", "locmem.LocMemCache", "sinergi"),
    ],
)
def test_a_known_cache_url_chooses_django_s_backend(url: str, backend: str, location: str) -> None:
    assert cache_from_url(url) == {"BACKEND": f"django.core.cache.backends.{backend}", "LOCATION": location}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("memcached://cache:11211", "'memcached://cache:11211' is not a cache URL Sinergi knows; use one of redis://"),
        ("redis//cache:6379", "'redis//cache:6379' is not a cache URL Sinergi knows"),
        ("cache.internal:6379", "is not a cache URL Sinergi knows"),
        ("redis://:hunter2@/0", "'redis://:***@/0' names no host"),
        ("file://relative/path", "needs an absolute path"),
    ],
)
def test_an_unknown_or_incomplete_cache_url_is_refused_with_the_setting_s_name(url: str, message: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=r"^SINERGI_CACHE_URL: ") as refused:
        cache_from_url(url)
    assert message in str(refused.value)
    assert "hunter2" not in str(refused.value)


@pytest.mark.parametrize("settings_module", ["sinergi.settings.local", "sinergi.settings.production"])
def test_the_server_refuses_to_start_with_an_unknown_cache_url(settings_module: str) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "DJANGO_SETTINGS_MODULE": settings_module,
        "SINERGI_CACHE_URL": "memcached://cache:11211",
        "SINERGI_SECRET_KEY": "x" * 40,
        "DATABASE_URL": "sqlite:////tmp/sinergi-never-created.sqlite3",
        "SINERGI_ALLOWED_HOSTS": "sinergi.example.go.id",
        "SINERGI_REGION_CODE": "32.76",
    }
    started = subprocess.run(
        [sys.executable, "-m", "sinergi", "check"], check=False, env=env, capture_output=True, text=True, timeout=120
    )
    assert started.returncode != 0
    assert "ImproperlyConfigured: SINERGI_CACHE_URL: 'memcached://cache:11211' is not a cache URL" in started.stderr


@pytest.fixture
def redis_cache(settings: Any, redis_url: str) -> str:
    """The default cache is the test's redis-server, as on every server of an installation with Redis."""
    settings.CACHES = {**settings.CACHES, "default": cache_from_url(redis_url)}
    from django.core.cache import cache

    cache.clear()
    return redis_url


@pytest.mark.django_db
def test_health_checks_the_redis_cache(client: Client, redis_cache: str) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["cache"] == "ok"


@pytest.mark.django_db
def test_rate_limits_count_every_server_s_requests_with_a_redis_cache(settings: Any, redis_cache: str) -> None:
    """Two servers: with Redis as the cache, rate limits still count in the shared database
    (core_ratecounter), so another server's request counts against the same limit."""
    from django.db.models import F

    from sinergi.core.models import RateCounter

    settings.SINERGI_RATE_LIMITS = {**settings.SINERGI_RATE_LIMITS, "upload": "3/hour"}
    ratelimit.hit("upload", "user:7")
    ratelimit.hit("upload", "user:7")
    assert RedisCache(redis_cache, {})._cache.get_client().keys("*ratelimit*") == []
    counted = RateCounter.objects.filter(key__startswith="upload:", key__endswith=":user:7")
    assert counted.update(hits=F("hits") + 1) == 1  # the other server's request
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.hit("upload", "user:7")


def test_a_data_version_bumped_on_one_server_is_seen_on_another(redis_cache: str) -> None:
    here, there = DataVersion("registry"), DataVersion("registry")
    before = there.current()
    here.bump()
    assert there.current() == before + 1
