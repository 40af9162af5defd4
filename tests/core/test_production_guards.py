"""What must not exist or run under the production settings: /_bare and seeding the demo accounts."""

from __future__ import annotations

import importlib
import io
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, override_settings
from django.urls import clear_url_caches

from sinergi.accounts.models import User

SRC = Path(__file__).resolve().parents[2] / "src"


def production(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "sinergi.settings.production",
            "SINERGI_SECRET_KEY": secrets.token_urlsafe(48),
            "SINERGI_ALLOWED_HOSTS": "testserver",
            "SINERGI_REGION_CODE": "32.76",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
            "SINERGI_VAR_DIR": str(tmp_path / "var"),
            "PYTHONPATH": str(SRC),
        }
    )
    env.pop("SINERGI_DEMO", None)
    env.pop("SINERGI_BARE_VIEW", None)
    env.update(extra)
    return env


def run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 -- our own interpreter and code
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


RESOLVE_BARE = """
from django.urls import Resolver404, resolve
try:
    resolve("/_bare")
except Resolver404:
    print("absent")
else:
    print("present")
"""


def test_bare_view_does_not_exist_in_production(tmp_path: Path) -> None:
    result = run(RESOLVE_BARE, production(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "absent"


def test_bare_view_exists_for_benchmarks_that_ask(tmp_path: Path) -> None:
    result = run(RESOLVE_BARE, production(tmp_path, SINERGI_BARE_VIEW="1"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "present"


def test_seed_demo_refuses_under_production_settings(tmp_path: Path) -> None:
    env = production(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "sinergi", "seed_demo"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "seed_demo menolak berjalan dengan pengaturan produksi" in result.stderr
    assert "SINERGI_DEMO" in result.stderr
    assert not (tmp_path / "prod.sqlite3").exists() or (tmp_path / "prod.sqlite3").stat().st_size == 0


@pytest.mark.django_db
def test_seed_demo_refusal_creates_nothing(settings: Any) -> None:
    settings.SINERGI_PRODUCTION = True
    settings.SINERGI_DEMO = False
    before = User.objects.count()
    with pytest.raises(CommandError, match="SINERGI_DEMO"):
        call_command("seed_demo", stdout=io.StringIO())
    assert User.objects.count() == before
    assert not User.objects.filter(email="admin@demo.sinergi.id").exists()


@pytest.mark.django_db
def test_bare_view_answers_404_when_switched_off() -> None:
    import sinergi.urls

    try:
        with override_settings(SINERGI_BARE_VIEW=False):
            importlib.reload(sinergi.urls)
            clear_url_caches()
            assert Client().get("/_bare").status_code == 404
    finally:
        importlib.reload(sinergi.urls)
        clear_url_caches()
    assert Client().get("/_bare").status_code == 200
