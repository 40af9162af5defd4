"""The operations drill: runs docs/operations/deploy.md's own install, backup, restore and upgrade code
blocks (those marked `<!-- ci:run NAME -->`) against a scratch installation, as a non-root user, and
checks that the restore brings back every table's rows and the uploaded files, and that the backup
holds no personal data in the clear.

The blocks are run as written, except for what a scratch install as an ordinary user cannot or must
not do — each rewrite is listed in REWRITES below, so a reader can see exactly what differs:
the fixed paths (/srv/sinergi, /srv/backup, /etc/sinergi, /usr/local/bin) move into a scratch folder,
the database names get a scratch suffix, `runuser -u …`, owners (`-o/-g`, `chown`, `--owner`,
`--role`) and system steps (apt, adduser, git, pip, systemctl, curl) are dropped, and cron lines lose
their schedule. PostgreSQL is reached through PGHOST/PGPORT/PGUSER (default 127.0.0.1:5433, postgres).

Run by .ci/run (as a non-root user); locally: `.venv/bin/python .ci/docs_drill.py`.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs/operations/deploy.md"
BLOCK = re.compile(r"<!-- ci:run ([\w-]+) -->\n```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)
# A name with a NIK-like number, in a user row and an uploaded file: the backup folder must never
# hold it readably (the upload would show it if restic did not encrypt; the dump must not be left).
MARKER = "Penanda Latihan 3276019876543210"
CRON = re.compile(r"^(\S+\s+){5}\S+\s+")  # minute hour day month weekday user
SKIPPED = (
    "apt ",
    "adduser ",
    "git clone",
    "python3.11 -m venv",
    ".venv/bin/pip install",
    "cd /srv/sinergi/app && git pull",
    "systemctl ",
    "curl ",
    "runuser -u postgres -- createuser",  # the role: the drill connects as PGUSER
)


def rewrites(scratch: Path, db: str) -> list[tuple[str, str]]:
    return [
        (r"^# point DATABASE_URL .*$", f"sed -i 's#/{db}$#/{db}_restored#' {scratch}/etc/env"),
        (r"runuser -u \w+ -- ", ""),
        (r" -o \w+ -g \w+", ""),
        (r"^chown .*$", ": chown skipped"),
        (r"--owner sinergi ", ""),
        (r"--role=sinergi ", ""),
        (r"\bsinergi_restored\b", f"{db}_restored"),
        (r"(pg_dump [^&;|]*?) sinergi\b(?!_)", rf"\1 {db}"),
        (r"(createdb )sinergi$", rf"\g<1>{db}"),
        (r"/srv/sinergi/app\b", str(ROOT)),
        (r"/srv/sinergi/var\b", f"{scratch}/var"),
        (r"/srv/sinergi\b", f"{scratch}/srv"),
        (r"/srv/backup\b", f"{scratch}/backup"),
        (r"/etc/sinergi\b", f"{scratch}/etc"),
        (r"/usr/local/bin\b", f"{scratch}/bin"),
        (r"(/etc/env)\s+# then edit it$", r"\1 && drill-edit-env"),
    ]


def rewrite(block: str, scratch: Path, db: str) -> str:
    lines = []
    for written in block.splitlines():
        line = CRON.sub("", written) if re.match(r"^\d", written) else written
        if line.lstrip().startswith(SKIPPED):
            lines.append(f"# skipped by the drill: {line.strip()}")
            continue
        for pattern, replacement in rewrites(scratch, db):
            line = re.sub(pattern, replacement, line)
        lines.append(line)
    return "\n".join(lines) + "\n"


def blocks() -> dict[str, str]:
    found = dict(BLOCK.findall(DOC.read_text(encoding="utf-8")))
    missing = {"install", "backup-init", "backup", "restore", "upgrade-backup", "upgrade"} - set(found)
    if missing:
        sys.exit(f"docs drill: deploy.md has no block marked ci:run {sorted(missing)}")
    return found


def run(name: str, script: str, env: dict[str, str], stdin: str = "") -> None:
    print(f"== {name}", flush=True)
    started = time.monotonic()
    result = subprocess.run(  # noqa: S603 -- bash running the documentation's own commands
        ["bash", "-euo", "pipefail", "-c", script], env=env, input=stdin, text=True, capture_output=True, check=False
    )
    if result.returncode != 0:
        print(script, result.stdout, result.stderr, sep="\n--\n")
        sys.exit(f"docs drill: block {name} failed (exit {result.returncode})")
    print(f"   ok in {time.monotonic() - started:.1f} s", flush=True)


def check(condition: bool, message: str) -> None:
    if not condition:
        sys.exit(f"docs drill: {message}")


def counts(dsn: str) -> dict[str, int]:
    with psycopg.connect(dsn) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "select tablename from pg_tables where schemaname = 'public' and tablename <> 'sinergi_cache'"
            )
        ]
        return {table: conn.execute(f'select count(*) from "{table}"').fetchone()[0] for table in tables}  # type: ignore[index]


def main() -> None:
    if os.geteuid() == 0 and os.environ.get("SINERGI_DRILL_AS_ROOT") != "1":
        # A server's sinergi user is no root; only a developer whose Python lives in /root may say so.
        sys.exit("docs drill: run it as an ordinary user (.ci/run uses runuser; SINERGI_DRILL_AS_ROOT=1 overrides)")
    db = f"sinergi_drill_{os.getpid()}"
    scratch = Path(tempfile.mkdtemp(prefix="sinergi-drill-"))
    (scratch / "bin").mkdir()
    (scratch / "etc").mkdir()
    (scratch / "srv").mkdir()
    pg = {
        "PGHOST": os.environ.get("PGHOST", "127.0.0.1"),
        "PGPORT": os.environ.get("PGPORT", "5433"),
        "PGUSER": os.environ.get("PGUSER", "postgres"),
    }
    dsn = f"postgres://{pg['PGUSER']}@{pg['PGHOST']}:{pg['PGPORT']}"
    edit = scratch / "bin" / "drill-edit-env"
    edit.write_text(
        "#!/usr/bin/env bash\nset -euo pipefail\n"
        f"f={scratch}/etc/env\n"
        f"sed -i -e 's#^SINERGI_SECRET_KEY=.*#SINERGI_SECRET_KEY={secrets.token_urlsafe(48)}#' "
        f"-e 's#^DATABASE_URL=.*#DATABASE_URL={dsn}/{db}#' "
        f"-e 's#^SINERGI_VAR_DIR=.*#SINERGI_VAR_DIR={scratch}/var#' "
        "-e 's#^SINERGI_ALLOWED_HOSTS=.*#SINERGI_ALLOWED_HOSTS=localhost#' "
        "-e 's#^SINERGI_EMAIL_BACKEND=.*#SINERGI_EMAIL_BACKEND=django.core.mail.backends.console.EmailBackend#' "
        '"$f"\n',
        encoding="utf-8",
    )
    edit.chmod(0o755)
    env = {
        "PATH": f"{scratch / 'bin'}:{os.environ['PATH']}",
        "HOME": str(scratch),
        "LANG": "C.UTF-8",
        "SINERGI_ENV_FILE": str(scratch / "etc/env"),
        "SINERGI_APP_DIR": str(ROOT),
        # this checkout's code, even where .venv is shared with another checkout (an editable install)
        "PYTHONPATH": str(ROOT / "src"),
        "RESTIC_CACHE_DIR": str(scratch / "restic-cache"),
        **pg,
    }
    docs = {name: rewrite(body, scratch, db) for name, body in blocks().items()}
    try:
        run("install: first setup", docs["install"], env, stdin="Sandi-Latihan-2026\n")
        seed = (
            "from sinergi.accounts.models import User\n"
            f"User.objects.create_user('latihan@contoh.id', full_name={MARKER!r})\n"
            "from django.core.files.base import ContentFile\n"
            "from django.core.files.storage import default_storage\n"
            f"default_storage.save('latihan/bukti.txt', ContentFile({MARKER!r}.encode()))\n"
        )
        run("data to protect", f"sinergi-admin shell -c {shlex_quote(seed)}", env)
        before = counts(f"{dsn}/{db}")
        media = scratch / "var/media/latihan/bukti.txt"
        check(media.read_text(encoding="utf-8") == MARKER, "the upload was not stored")
        run("backup: once", docs["backup-init"], env)
        run("backup: nightly", docs["backup"], env)
        left = list((scratch / "backup/db").glob("*"))
        check(not left, f"plain dump left behind: {left}")
        readable = subprocess.run(  # noqa: S603
            ["grep", "-rlF", "3276019876543210", str(scratch / "backup")], capture_output=True, text=True, check=False
        )
        check(readable.returncode == 1, f"personal data readable in the backup: {readable.stdout}")
        media.unlink()
        run("restore", docs["restore"], env)
        after = counts(f"{dsn}/{db}_restored")
        lost = {table: (n, after.get(table)) for table, n in before.items() if after.get(table) != n}
        check(not lost, f"the restore lost rows (before, after): {lost}")
        check(
            media.is_file() and media.read_text(encoding="utf-8") == MARKER, "the restore did not bring the upload back"
        )
        print(f"   restored {sum(after.values())} rows in {len(after)} tables and the upload", flush=True)
        run("upgrade: backup first", docs["upgrade-backup"], env)
        run("upgrade", docs["upgrade"], env)
    finally:
        for name in (db, f"{db}_restored"):
            subprocess.run(["dropdb", "--if-exists", name], env=env, check=False)  # noqa: S603, S607
        shutil.rmtree(scratch, ignore_errors=True)
    print("docs drill: install, backup, restore and upgrade ran as documented")


def shlex_quote(text: str) -> str:
    import shlex

    return shlex.quote(text)


if __name__ == "__main__":
    main()
