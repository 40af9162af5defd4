"""Local development: DEBUG on, a fixed development key, SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403 -- overlay on the one settings module
from .base import env_bool, with_demo

DEBUG = env_bool("SINERGI_DEBUG", True)
SECRET_KEY = SECRET_KEY or "sinergi-local-development-key-not-for-production"  # noqa: F405
SINERGI_DEMO = env_bool("SINERGI_DEMO", True)  # the demo banner
INSTALLED_APPS = with_demo(INSTALLED_APPS)  # noqa: F405 -- `make run` seeds the demo
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
