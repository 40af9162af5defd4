"""Demo data lives outside the product (issue 12 §5): one demo app, `sinergi.demo`, installed only where
demo data belongs, with an explicit ordered list of seeds per region."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

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


def test_local_settings_install_the_demo_app(tmp_path: Path) -> None:
    """`make run` seeds the demo, banner or not."""
    env = production(tmp_path, DJANGO_SETTINGS_MODULE="sinergi.settings.local")
    assert run(WHERE_IS_THE_DEMO, env).stdout.split() == ["True", "True", "sinergi.demo"]
    without_banner = run(WHERE_IS_THE_DEMO, {**env, "SINERGI_DEMO": "0"})
    assert without_banner.stdout.split() == ["True", "True", "sinergi.demo"], without_banner.stderr


@pytest.mark.django_db
def test_where_the_demo_app_is_missing_seed_demo_says_why_and_changes_nothing() -> None:
    """Core's stand-in, for settings that neither are production nor install the demo app."""
    from sinergi.accounts.models import User
    from sinergi.core.management.commands.seed_demo import Command

    before = User.objects.count()
    with pytest.raises(CommandError, match=r"aplikasi demo \(sinergi\.demo\) hanya terpasang pada pengaturan lokal"):
        call_command(Command(), stdout=io.StringIO())
    assert User.objects.count() == before


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
