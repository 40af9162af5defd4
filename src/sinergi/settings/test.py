"""Tests: fast hashing, tasks run immediately, mail in memory, uploads in a temporary folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403 -- overlay on the one settings module
from .base import with_demo

DEBUG = False
SECRET_KEY = "sinergi-test-key"  # noqa: S105 -- test-only key
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SINERGI_EMAIL_DELIVERY_BACKEND = EMAIL_BACKEND  # what the worker delivers with (core/mail.py)
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
_TMP = Path(tempfile.mkdtemp(prefix="sinergi-test-"))
MEDIA_ROOT = _TMP / "media"
STORAGES = {
    "default": {
        "BACKEND": "sinergi.core.storage.MediaStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": "/berkas/"},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = True
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# The demo seeds are the tests' and the browser journeys' fixtures.
INSTALLED_APPS = with_demo(INSTALLED_APPS)  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
