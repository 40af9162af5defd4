"""Production: refuses to start without its secrets; HTTPS-only cookies, HSTS, shared cache."""

import os

from django.core.exceptions import ImproperlyConfigured

from sinergi.core.cacheurl import cache_from_url

from .base import *  # noqa: F403 -- overlay on the one settings module
from .base import env_bool, env_int, with_demo

DEBUG = False
if not SECRET_KEY or len(SECRET_KEY) < 32:  # noqa: F405
    raise ImproperlyConfigured("SINERGI_SECRET_KEY must be set (at least 32 characters) in production.")
for _fallback in SECRET_KEY_FALLBACKS:  # noqa: F405
    if len(_fallback) < 32 or _fallback == SECRET_KEY:  # noqa: F405
        raise ImproperlyConfigured(
            "SINERGI_SECRET_KEY_FALLBACKS lists the previous keys (each at least 32 characters), "
            "never the current SINERGI_SECRET_KEY."
        )
if not os.environ.get("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL must be set in production (PostgreSQL).")
if not os.environ.get("SINERGI_ALLOWED_HOSTS"):
    raise ImproperlyConfigured("SINERGI_ALLOWED_HOSTS must list the host names this site answers to.")
if not os.environ.get("SINERGI_REGION_CODE"):
    # The development default is the demo region; an installation always says which region it serves.
    raise ImproperlyConfigured(
        "SINERGI_REGION_CODE must be the Kemendagri code of the region served, "
        "e.g. 64 (a province) or 64.72 (a kab/kota)."
    )

SINERGI_BARE_VIEW = env_bool("SINERGI_BARE_VIEW", False)
# Demo data (published passwords) may be seeded only where SINERGI_DEMO is on (seed_demo checks): only a
# public demo site installs the demo app; a real installation never imports it.
SINERGI_PRODUCTION = True
if SINERGI_DEMO:  # noqa: F405
    INSTALLED_APPS = with_demo(INSTALLED_APPS)  # noqa: F405

SECURE_SSL_REDIRECT = env_bool("SINERGI_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SINERGI_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False  # preloading is a one-way decision for the operator, not a default
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# The health check answers on plain HTTP too, so a load balancer or monitor can reach it directly.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]  # and Prometheus may scrape the application server

# Shared between servers and workers: rate limits and data versions must see every process
# (SINERGI_CACHE_URL=redis://… for Redis; unset, the database cache table).
CACHES = {"default": cache_from_url(SINERGI_CACHE_URL or "db://sinergi_cache")}  # noqa: F405
# Rendered public pages stay in each worker's memory (fast hits; the shared version number invalidates them).
CACHES["pages"] = PAGE_CACHE  # noqa: F405
