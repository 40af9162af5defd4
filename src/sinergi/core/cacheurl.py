"""The shared cache from one setting, SINERGI_CACHE_URL; anything it does not know stops the start.

Read by the settings (so nothing here may import models): `cache_from_url` turns the URL into Django's
CACHES entry. Known schemes:

- `redis://[:password@]host:port/db`, `rediss://…` (TLS), `unix:///path/to/socket?db=0`: Django's
  built-in RedisCache (needs the `redis` package), shared by every server;
- `db://` (or `db://table_name`): the database cache table (`sinergi createcachetable`), shared;
- `file:///path`: a file cache, one machine only;
- `locmem://`: each process's own memory, development only.

An unknown scheme, or a URL without what its scheme needs, is an ImproperlyConfigured naming the
variable, so a typo never silently leaves the servers with caches of their own.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

SETTING = "SINERGI_CACHE_URL"
DATABASE_TABLE = "sinergi_cache"
REDIS_SCHEMES = ("redis", "rediss", "unix")
SCHEMES = (*REDIS_SCHEMES, "db", "file", "locmem")


def cache_from_url(url: str) -> dict[str, Any]:
    """Django's CACHES entry for `url` (see the module's docstring), or ImproperlyConfigured."""
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in REDIS_SCHEMES:
        if scheme != "unix" and not parts.hostname:
            raise ImproperlyConfigured(f"{SETTING}: '{_masked(url)}' names no host (redis://host:6379/0).")
        if scheme == "unix" and not parts.path:
            raise ImproperlyConfigured(f"{SETTING}: '{_masked(url)}' names no socket (unix:///run/redis.sock).")
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": (parts.netloc + parts.path).strip("/") or DATABASE_TABLE,
        }
    if scheme == "file":
        if parts.netloc or not parts.path.startswith("/"):
            raise ImproperlyConfigured(f"{SETTING}: '{url}' needs an absolute path (file:///srv/sinergi/cache).")
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": parts.path}
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": parts.netloc or "sinergi"}
    raise ImproperlyConfigured(
        f"{SETTING}: '{_masked(url)}' is not a cache URL Sinergi knows; use one of "
        + ", ".join(f"{name}://" for name in SCHEMES)
        + " (docs/operations/deploy.md)."
    )


def _masked(url: str) -> str:
    """`url` without its password, for an error message that ends up in logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()
