"""A second Sinergi installation for the federation tests: a kab/kota (Kota Samarinda, 64.72) with one
published publication, in its own SQLite database, served by `sinergi runserver` on a loopback port.

`python -m tests.federation.kabkota_instance` (with the environment of `environment()`) migrates, loads
the reference data and publishes through the statistics services, as a kab/kota's staff would.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TITLE = "PDRB Ekonomi Kreatif Kota Samarinda 2010–2021"


def environment(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DJANGO_", "SINERGI_"))}
    env.pop("DATABASE_URL", None)
    env |= {
        "DJANGO_SETTINGS_MODULE": "sinergi.settings.test",
        "DATABASE_URL": f"sqlite:///{folder / 'kabkota.sqlite3'}",
        "SINERGI_REGION_CODE": "64.72",
        "SINERGI_VAR_DIR": str(folder),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    return env


@contextmanager
def serving(folder: Path, port: int) -> Iterator[str]:
    """Set up the kab/kota installation in `folder` and serve it on 127.0.0.1:`port` while in the block."""
    env = environment(folder)
    subprocess.run(
        [sys.executable, "-m", "tests.federation.kabkota_instance"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    server = subprocess.Popen(  # noqa: S603 -- fixed arguments
        [sys.executable, "-m", "sinergi", "runserver", f"127.0.0.1:{port}", "--noreload", "--skip-checks"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(300):  # until it listens (readiness, not a timing assertion)
            if server.poll() is not None:
                raise RuntimeError(server.stderr.read().decode() if server.stderr else "server exited")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        with urllib.request.urlopen(f"{url}/statistik/dcat.jsonld", timeout=30) as response:  # noqa: S310
            assert response.status == 200
        yield url
    finally:
        server.terminate()
        server.wait(timeout=15)
        if server.stderr:
            server.stderr.close()


def _setup() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from sinergi.statistics.models import Publication
    from tests.statistics.helpers import analyst, head, published

    call_command("migrate", verbosity=0, stdout=io.StringIO())
    call_command("load_reference", verbosity=0, stdout=io.StringIO())
    if not Publication.objects.exists():
        published(analyst(), head(), title=TITLE)


if __name__ == "__main__":
    _setup()
