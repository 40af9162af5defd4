"""The portal's pages are cached whole for anonymous visitors (`core.pagecache`), keyed to the registry's
directory version: any registry write makes them stale. `@public_page` here is that decorator, bound."""

from __future__ import annotations

from sinergi.core import pagecache
from sinergi.core.pagecache import csrf_context
from sinergi.registry.cache import DIRECTORY

public_page = pagecache.public_page(version=DIRECTORY)

__all__ = ["csrf_context", "public_page"]
