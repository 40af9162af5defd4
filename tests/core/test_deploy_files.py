"""The server files in deploy/ (docs/operations/deploy.md): environment sample, wrapper, systemd units.

They are what an operator installs, so they are checked the way a server uses them: the sample is
sourced by bash and loaded by the production settings, the wrapper runs a command with them, and
every unit starts a command that exists here with options that command accepts.
"""

from __future__ import annotations

import configparser
import importlib.util
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import get_commands, load_command_class

ROOT = Path(settings.BASE_DIR)
DEPLOY = ROOT / "deploy"
ENV_SAMPLE = DEPLOY / "env.sample"
WRAPPER = DEPLOY / "sinergi"
UNITS = DEPLOY / "systemd"
DEPLOY_DOC = ROOT / "docs" / "operations" / "deploy.md"
BASH = "/bin/bash"

# The periodic commands docs/operations/deploy.md says a server runs from timers.
TIMED_COMMANDS = {
    "clearsessions",
    "harvest_catalogues",
    "prune_db_task_results",
    "send_digest",
    "purge_imports",
    "purge_unactivated_accounts",
    "reap_work",
    "retry_notifications",
    "send_session_reminders",
}


def sourced(env_file: Path) -> dict[str, str]:
    """The variables bash exports after `set -a; . env_file`, starting from an empty environment."""
    script = 'set -euo pipefail; set -a; . "$1"; set +a; env -0'
    result = subprocess.run(  # noqa: S603 -- fixed arguments, no shell string
        [BASH, "-c", script, "bash", str(env_file)], env={}, capture_output=True, check=False
    )
    assert result.returncode == 0, result.stderr.decode()
    pairs = [item.split("=", 1) for item in result.stdout.decode().split("\0") if "=" in item]
    return {key: value for key, value in pairs if key not in {"PWD", "SHLVL", "_", "OLDPWD"}}


def test_env_sample_is_sourced_by_bash_with_every_production_variable():
    values = sourced(ENV_SAMPLE)
    assert values["DJANGO_SETTINGS_MODULE"] == "sinergi.settings.production"
    assert values["SINERGI_FROM_EMAIL"] == "Sinergi <noreply@example.go.id>"
    assert values["SINERGI_SITE_URL"].startswith("https://")
    assert values["SINERGI_REGION_CODE"] == "32.76"
    assert values["SINERGI_TRUSTED_PROXY_HEADER"] == "X-Real-IP"
    assert len(values["SINERGI_SECRET_KEY"]) >= 32
    for required in ("DATABASE_URL", "SINERGI_ALLOWED_HOSTS", "SINERGI_VAR_DIR", "SINERGI_EMAIL_BACKEND"):
        assert values[required], required
    documented = DEPLOY_DOC.read_text(encoding="utf-8")
    undocumented = [name for name in values if name != "DJANGO_SETTINGS_MODULE" and f"`{name}`" not in documented]
    assert not undocumented, f"in env.sample but not in deploy.md §2: {undocumented}"


def server_env(tmp_path: Path) -> Path:
    """env.sample as an operator fills it in, with the var folder moved somewhere writable."""
    text = ENV_SAMPLE.read_text(encoding="utf-8").replace("/srv/sinergi/var", str(tmp_path / "var"))
    env_file = tmp_path / "env"
    env_file.write_text(text, encoding="utf-8")
    return env_file


def run_wrapper(tmp_path: Path, env_file: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "PYTHONPATH": str(ROOT / "src")}
    env.update({"SINERGI_ENV_FILE": str(env_file), "SINERGI_APP_DIR": str(ROOT)})
    return subprocess.run(  # noqa: S603 -- fixed arguments, no shell string
        [str(WRAPPER), *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_the_wrapper_runs_sinergi_with_the_production_settings_from_the_env_file(tmp_path: Path):
    probe = (
        "from django.conf import settings; print(settings.SETTINGS_MODULE, settings.DEBUG, settings.DEFAULT_FROM_EMAIL)"
    )
    result = run_wrapper(tmp_path, server_env(tmp_path), "shell", "--no-startup", "--no-imports", "-c", probe)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "sinergi.settings.production False Sinergi <noreply@example.go.id>"


def test_the_wrapper_says_which_env_file_it_cannot_read(tmp_path: Path):
    missing = tmp_path / "nowhere" / "env"
    result = run_wrapper(tmp_path, missing, "check")
    assert result.returncode == 2
    assert f"berkas lingkungan {missing} tidak dapat dibaca" in result.stderr
    assert f"cannot read the environment file {missing}" in result.stderr


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser


SERVICES = sorted(UNITS.glob("*.service"))
TIMERS = sorted(UNITS.glob("*.timer"))


def test_there_are_units_for_web_worker_and_every_timed_command():
    names = {path.name for path in SERVICES}
    assert {"sinergi-web.service", "sinergi-worker.service"} <= names
    timed = set()
    for timer in TIMERS:
        service = UNITS / timer.name.replace(".timer", ".service")
        assert service.is_file(), f"{timer.name} starts {service.name}, which is missing"
        assert unit(timer)["Timer"]["OnCalendar"], timer.name
        assert unit(service)["Service"]["Type"] == "oneshot", service.name
        timed.add(shlex.split(unit(service)["Service"]["ExecStart"])[1])
    assert timed == TIMED_COMMANDS


@pytest.mark.parametrize("service", SERVICES, ids=lambda path: path.name)
def test_every_unit_starts_an_existing_command_with_options_it_accepts(service: Path):
    section = unit(service)["Service"]
    assert section["User"] == "sinergi"
    assert section["EnvironmentFile"] == "/etc/sinergi/env"
    executable, *args = shlex.split(section["ExecStart"])
    assert executable.startswith(section["WorkingDirectory"] + "/.venv/bin/"), executable
    program = Path(executable).name
    if program == "gunicorn":
        assert args[0] == "sinergi.wsgi"
        assert importlib.util.find_spec(args[0]) is not None
        return
    assert program == "sinergi", executable
    name, *options = args
    commands = get_commands()
    assert name in commands, f"{service.name}: `sinergi {name}` does not exist"
    parser = load_command_class(commands[name], name).create_parser("sinergi", name)
    accepted = {option for action in parser._actions for option in action.option_strings}
    unknown = [option.split("=", 1)[0] for option in options if option.startswith("-")]
    assert set(unknown) <= accepted, f"{service.name}: `sinergi {name}` has no option {set(unknown) - accepted}"


def code_blocks(text: str) -> list[str]:
    return re.findall(r"^```[a-z]*\n(.*?)^```", text, re.MULTILINE | re.DOTALL)


def section(text: str, heading: str) -> str:
    start = text.index(heading)
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end != -1 else None]


def test_deploy_doc_shows_the_unit_files_as_they_are():
    shown = {
        block.split("Description=", 1)[1].split("\n", 1)[0]: block
        for block in code_blocks(DEPLOY_DOC.read_text(encoding="utf-8"))
        if block.startswith("[Unit]")
    }
    for name in ("sinergi-web.service", "sinergi-worker.service"):
        lines = [line for line in (UNITS / name).read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        description = unit(UNITS / name)["Unit"]["Description"]
        assert description in shown, f"deploy.md does not show {name}"
        assert shown[description].strip() == "\n".join(lines).strip(), f"deploy.md's {name} differs from the file"


def test_deploy_doc_steps_run_as_a_server_is_set_up():
    text = DEPLOY_DOC.read_text(encoding="utf-8")
    commands = "\n".join(code_blocks(text))
    assert not re.search(r"(^|[\s;(])sudo\s", commands, re.MULTILINE), "say 'as root' instead of assuming sudo"
    assert "restic -r /srv/backup/restic --password-file /etc/sinergi/restic-pass init" in commands
    assert "install -d -o postgres -g postgres -m 0700 /srv/backup/db" in commands
    restores = [line for line in commands.splitlines() if "pg_restore " in line and not line.startswith("#")]
    assert restores, "the restore has no pg_restore"
    assert all("runuser -u postgres -- pg_restore" in line for line in restores), restores
    assert not any(line.startswith("pg_restore") or "| pg_restore" in line for line in restores), restores
    assert "createsuperuser --no-input" in commands
    assert "DJANGO_SUPERUSER_EMAIL=" in commands
    assert "DJANGO_SUPERUSER_FULL_NAME=" in commands
    upgrade = section(text, "## 5. Deploying a new version")
    assert upgrade.index("pg_dump") < upgrade.index("migrate --no-input"), "back up before migrating"
    for path in [ENV_SAMPLE, WRAPPER, *SERVICES]:
        assert path.relative_to(ROOT).as_posix() in text or path.name in text, f"deploy.md does not point to {path}"


RESTIC = "restic -r /srv/backup/restic --password-file /etc/sinergi/restic-pass"


def test_backups_keep_no_plain_dump_with_personal_data():
    """The documented dump left 64 NIKs readable (issue 15 §4): every dump goes into the encrypted
    restic repository and is removed; the restore decrypts it straight into pg_restore."""
    text = DEPLOY_DOC.read_text(encoding="utf-8")
    commands = [line for block in code_blocks(text) for line in block.splitlines() if not line.startswith("#")]
    dumps = [i for i, line in enumerate(commands) if "pg_dump " in line]
    assert len(dumps) >= 2, "the nightly backup and the one before an upgrade"
    for i in dumps:
        # the dump file, then into restic, then removed: on the same line (cron) or the next ones
        following = " ".join(commands[i : i + 3])
        target = re.search(r"--file=(\S+)", commands[i])
        assert target, commands[i]
        assert f"{RESTIC} backup" in following, following
        assert "/srv/backup/db/sinergi.dump" in following, following
        assert f"rm -f {target.group(1)}" in following or f"rm {target.group(1)}" in following, following
    assert not any(re.search(r"find .*\.dump", line) for line in commands), "plain dumps kept for rotation"
    assert f"{RESTIC} init" in commands
    assert any(line.startswith(f"{RESTIC} forget") or f"{RESTIC} forget" in line for line in commands)
    restores = [line for line in commands if "pg_restore" in line]
    assert restores
    assert all(line.startswith(f"{RESTIC} dump --tag db latest") for line in restores), restores
