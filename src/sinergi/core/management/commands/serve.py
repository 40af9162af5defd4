"""`sinergi serve [ADDRESS:PORT]`: the development server and the background-task worker together.

`make run` uses it. Both run as child processes; Ctrl-C (or SIGTERM) stops both, and when one of them
exits on its own the other is stopped too, so there is never a server without its worker. Both children
get SINERGI_SITE_URL set to the address served (unless it is set already), so links in e-mails sent by
the worker point at the port actually served.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

DEFAULT_ADDRESS = "127.0.0.1:8000"
STOP_SECONDS = 15.0


def site_url(address: str) -> str:
    """http://host:port for the address runserver is given ("8201" alone means 127.0.0.1:8201)."""
    host, _, port = address.rpartition(":")
    if not port.isdigit():
        raise CommandError(f"Alamat tidak sah: {address!r} (contoh: 127.0.0.1:8000)")
    host = host or "127.0.0.1"
    if host in {"0.0.0.0", "::", "[::]"}:  # noqa: S104 -- a wildcard bind is reached as localhost
        host = "127.0.0.1"
    return f"http://{host}:{port}"


def child_environment(address: str, base: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ if base is None else base)
    env.setdefault("SINERGI_SITE_URL", site_url(address))
    return env


class Command(BaseCommand):
    help = "Jalankan server pengembangan beserta pekerja tugas latar belakang; Ctrl-C menghentikan keduanya."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("address", nargs="?", default=DEFAULT_ADDRESS, help="ADDRESS:PORT (127.0.0.1:8000)")
        parser.add_argument("--noreload", action="store_true", help="Tanpa muat ulang otomatis saat kode berubah.")

    def handle(self, *args: Any, address: str, noreload: bool, **options: Any) -> None:
        env = child_environment(address)
        sinergi = [sys.executable, "-m", "sinergi"]
        reload = ["--noreload"] if noreload else []
        commands = {
            "server": [*sinergi, "runserver", address, *reload],
            "worker": [*sinergi, "db_worker", "--queue-name", "*", *(["--no-reload"] if noreload else [])],
        }
        self.stdout.write(f"Sinergi: server dan pekerja tugas, tautan e-mail ke {env['SINERGI_SITE_URL']}")
        # Each child leads its own process group: the terminal's Ctrl-C reaches only this supervisor, which
        # passes it on once to each group (the worker would take a second Ctrl-C as "abort the task").
        children = {
            name: subprocess.Popen(command, env=env, start_new_session=True, preexec_fn=_default_interrupt)  # noqa: S603, PLW1509
            for name, command in commands.items()
        }

        stopping = False

        def on_signal(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
        exit_code = 0
        try:
            while not stopping:
                ended = {name: child.poll() for name, child in children.items() if child.poll() is not None}
                if ended:
                    name, code = next(iter(ended.items()))
                    self.stderr.write(f"Sinergi: {name} berhenti (kode {code}); menghentikan yang lain.")
                    exit_code = code or 1
                    break
                time.sleep(0.2)
        finally:
            _stop(children.values())
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        if exit_code:
            raise CommandError(f"server atau pekerja berhenti dengan kode {exit_code}", returncode=exit_code)


def _default_interrupt() -> None:
    """In the child before exec: Ctrl-C stops it even when this supervisor was started with SIGINT
    ignored (a shell's background job), which exec would otherwise pass on."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _stop(children: Any) -> None:
    """SIGINT to each child's process group (as Ctrl-C would), then SIGKILL whatever still runs after
    STOP_SECONDS (a worker finishes the task in hand first)."""
    running = [child for child in children if child.poll() is None]
    for child in running:
        os.killpg(child.pid, signal.SIGINT)
    deadline = time.monotonic() + STOP_SECONDS
    for child in running:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
