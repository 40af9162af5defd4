"""The install is reproducible and the built wheel carries everything a server needs.

`requirements.lock` pins every dependency (runtime and the dev extra) and `make install` uses it as
constraints; the wheel built from the source tree, installed into a clean virtualenv, starts and
speaks English (the catalogue lives in the package, `src/sinergi/locale`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import venv
from importlib import metadata
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LOCK = ROOT / "requirements.lock"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;#]+)$")
REQUIREMENT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked() -> dict[str, str]:
    pins: dict[str, str] = {}
    for number, line in enumerate(LOCK.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        match = PIN.match(line.strip())
        assert match, f"requirements.lock:{number}: not an exact pin: {line!r}"
        pins[canonical(match["name"])] = match["version"]
    return pins


def test_lock_pins_every_runtime_and_dev_requirement():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["dev"]
    pins = locked()
    missing = []
    for requirement in requirements:
        match = REQUIREMENT_NAME.match(requirement)
        assert match, requirement
        if canonical(match.group()) not in pins:
            missing.append(requirement)
    assert not missing, f"not in requirements.lock (run `make lock`): {missing}"


def test_the_suite_runs_with_the_locked_versions():
    """The lock is what was tested: every pinned package is installed here at exactly that version."""
    different = {}
    for name, version in locked().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = "not installed"
        if installed != version:
            different[name] = (version, installed)
    assert not different, f"locked vs installed: {different} (run `make install`, or `make lock` and test)"


def test_make_install_uses_the_lock_as_constraints():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    install = re.search(r"^\$\(STAMP\):(?P<deps>.*)\n(?P<recipe>(?:\t.*\n)+)", makefile, re.MULTILINE)
    assert install, "the Makefile's install stamp rule is missing"
    assert "requirements.lock" in install["deps"], "the install must be redone when the lock changes"
    pip_lines = [line for line in install["recipe"].splitlines() if "pip install" in line and "-e" in line]
    assert pip_lines, "make install does not install the project"
    assert all("-c requirements.lock" in line for line in pip_lines), pip_lines
    assert re.search(r"^lock:", makefile, re.MULTILINE), "`make lock` is missing"


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(  # noqa: S603 -- fixed arguments, no shell
        [str(arg) for arg in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, f"{args} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Builds the wheel from a copy of the source (no stale build/ can leak in) into a clean venv.

    Only the sinergi wheel is installed into the venv (pip --no-deps --no-index); its dependencies are
    borrowed from the running environment through a path entry, which adds no package of its own (the
    editable sinergi there is an import hook that only a site directory would run). A full install of
    the dependencies from the lock is CI's job (`.ci/run`, `make wheel-check`).
    """
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    source.mkdir()
    shutil.copy2(ROOT / "pyproject.toml", source)
    shutil.copy2(ROOT / "README.md", source)
    shutil.copytree(ROOT / "src", source / "src", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "*.pyc"))
    dist = base / "dist"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", dist, source, cwd=base)
    (wheel,) = dist.glob("sinergi-*.whl")

    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site_packages = Path(
        run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=base).strip()
    )
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--quiet",
        "--no-deps",
        "--no-index",
        wheel,
        cwd=base,
    )
    borrowed = [path for path in sys.path if path.endswith("site-packages")]
    (site_packages / "zz_borrowed_dependencies.pth").write_text("\n".join(borrowed) + "\n", encoding="utf-8")
    return env_dir


def clean_env(tmp: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "SINERGI_", "PYTHON"))}
    env.pop("DATABASE_URL", None)
    env["SINERGI_VAR_DIR"] = str(tmp / "var")
    return env


def test_the_wheel_installs_and_starts_from_a_clean_venv(installed_wheel: Path, tmp_path: Path):
    env = clean_env(tmp_path)
    python = installed_wheel / "bin" / "python"
    location = run(python, "-c", "import sinergi; print(sinergi.__file__)", cwd=tmp_path, env=env).strip()
    assert location.startswith(str(installed_wheel)), f"sinergi imported from {location}, not from the wheel"
    output = run(installed_wheel / "bin" / "sinergi", "check", cwd=tmp_path, env=env)
    assert "System check identified no issues" in output


def test_the_wheel_carries_the_english_catalogue_templates_static_and_reference_data(
    installed_wheel: Path, tmp_path: Path
):
    env = clean_env(tmp_path)
    env["DJANGO_SETTINGS_MODULE"] = "sinergi.settings.local"
    probe = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.contrib.staticfiles import finders\n"
        "from django.template.loader import get_template\n"
        "from django.utils import translation\n"
        "from sinergi.wilayah import reference\n"
        "with translation.override('en'):\n"
        "    print(translation.gettext('Beranda'))\n"
        "print(settings.LOCALE_PATHS[0])\n"
        "print(get_template('components/nav_items.html').origin.name)\n"
        "print(finders.find('sinergi/css/sinergi.css'))\n"
        "print(reference.__file__)\n"
    )
    english, locale_path, template, static, reference = run(
        installed_wheel / "bin" / "python", "-c", probe, cwd=tmp_path, env=env
    ).splitlines()
    assert english == "Home"
    for path in (locale_path, template, static, reference):
        assert path.startswith(str(installed_wheel)), path
    data = Path(reference).parent / "data"
    assert (data / "wilayah_indonesia.csv.gz").is_file()


def test_the_wheel_carries_every_data_file_of_the_demo_and_the_statistics(installed_wheel: Path, tmp_path: Path):
    """Package data is found per package folder: a data folder whose name is not a package name (e.g. a
    region code with a dot) would be left out of the wheel without a word."""
    env = clean_env(tmp_path)
    probe = "import sinergi, pathlib; print(pathlib.Path(sinergi.__file__).parent)"
    installed = Path(run(installed_wheel / "bin" / "python", "-c", probe, cwd=tmp_path, env=env).strip())
    source = ROOT / "src" / "sinergi"
    for folder in ("demo/data", "statistics/data"):
        shipped = sorted(p.relative_to(source).as_posix() for p in (source / folder).rglob("*.csv"))
        assert shipped
        assert sorted(p.relative_to(installed).as_posix() for p in (installed / folder).rglob("*.csv")) == shipped
