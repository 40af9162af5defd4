"""Demo data lives outside the product (issue 12 §5): one demo app, `sinergi.demo`, installed only where
demo data belongs, with an explicit ordered list of seeds per region."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sinergi.demo import regions
from tests.core.test_production_guards import production, run

SRC = Path(__file__).resolve().parents[2] / "src"
WHERE_IS_THE_DEMO = """
import sys
from django.apps import apps
from django.core.management import get_commands
print(apps.is_installed("sinergi.demo"), "sinergi.demo" in sys.modules, get_commands()["seed_demo"])
"""


def test_no_product_app_ships_demo_code() -> None:
    shipped = sorted(
        path.relative_to(SRC).as_posix()
        for path in (SRC / "sinergi").rglob("*.py")
        if (path.name == "demo.py" or path.name.startswith("demo_"))
        and not path.relative_to(SRC).as_posix().startswith("sinergi/demo/")
    )
    assert shipped == []


def test_a_real_installation_never_imports_the_demo_app(tmp_path: Path) -> None:
    result = run(WHERE_IS_THE_DEMO, production(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "sinergi.core"]


def test_a_demo_site_installs_the_demo_app_and_its_seed_demo(tmp_path: Path) -> None:
    """The container image on a public demo site: production settings with SINERGI_DEMO=1."""
    result = run(WHERE_IS_THE_DEMO, production(tmp_path, SINERGI_DEMO="1"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "sinergi.demo"]


def test_local_settings_install_the_demo_app_unless_switched_off(tmp_path: Path) -> None:
    env = production(tmp_path, DJANGO_SETTINGS_MODULE="sinergi.settings.local")
    assert run(WHERE_IS_THE_DEMO, env).stdout.split() == ["True", "True", "sinergi.demo"]
    off = run(WHERE_IS_THE_DEMO, {**env, "SINERGI_DEMO": "0"})
    assert off.stdout.split() == ["False", "False", "sinergi.core"], off.stderr


def test_without_the_demo_app_seed_demo_says_why_and_changes_nothing(tmp_path: Path) -> None:
    env = production(tmp_path, DJANGO_SETTINGS_MODULE="sinergi.settings.local", SINERGI_DEMO="0")
    command = [sys.executable, "-m", "sinergi", "seed_demo"]  # our own interpreter and command
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603
    assert result.returncode != 0
    assert "aplikasi demo (sinergi.demo) hanya terpasang bila SINERGI_DEMO=1" in result.stderr
    assert not (tmp_path / "prod.sqlite3").exists() or (tmp_path / "prod.sqlite3").stat().st_size == 0


def test_each_region_lists_its_seeds_in_order() -> None:
    assert [area for area, _seed in regions.seeders("32.76")] == [
        "accounts",
        "registry",
        "collaboration",
        "programs",
        "events",
        "statistics",
    ]
    assert [area for area, _seed in regions.seeders("64")] == ["accounts", "registry", "events", "statistics"]
    assert regions.seeders("64.72") == ()
    assert regions.regions() == ["32.76", "64"]
