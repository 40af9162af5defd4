"""Numbers read from the environment (settings.base.env_int): a value that is not a whole number stops
the start with the variable's name, which int() alone does not say."""

from __future__ import annotations

import importlib

import pytest
from django.core.exceptions import ImproperlyConfigured


def test_a_number_setting_names_the_variable_it_cannot_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from sinergi.settings import base

    try:
        monkeypatch.setenv("SINERGI_DIRECTORY_COUNT_LIMIT", "500")
        assert importlib.reload(base).SINERGI_DIRECTORY_COUNT_LIMIT == 500
        monkeypatch.delenv("SINERGI_DIRECTORY_COUNT_LIMIT")
        assert importlib.reload(base).SINERGI_DIRECTORY_COUNT_LIMIT == 10_000  # the default
        for name in ("SINERGI_DIRECTORY_COUNT_LIMIT", "SINERGI_EMAIL_PORT"):
            monkeypatch.setenv(name, "tiga puluh")
            with pytest.raises(ImproperlyConfigured, match=rf"^{name}: a whole number, not 'tiga puluh'\.$"):
                importlib.reload(base)
            monkeypatch.delenv(name)
    finally:
        monkeypatch.undo()
        importlib.reload(base)
