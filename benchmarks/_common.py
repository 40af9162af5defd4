"""Helpers for benchmark scripts: a throw-away database, the app served as deployed (gunicorn with the
production settings), and a closed-loop load generator (N clients in threads, keep-alive when the
server allows it) with latency percentiles. Standard library only, so any benchmark can reuse it.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
VENV_BIN = ROOT / ".venv" / "bin"
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432"


# ---------------------------------------------------------------- database


@dataclass
class BenchDatabase:
    url: str
    vendor: str  # "postgresql" or "sqlite"
    cleanup: Callable[[], None]

    def describe(self) -> str:
        parts = urlsplit(self.url)
        where = parts.path if self.vendor == "sqlite" else f"{parts.hostname}:{parts.port or 5432}{parts.path}"
        return f"{self.vendor} ({where})"


def _pg_admin(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)


def _pg_reachable(base: str) -> bool:
    try:
        _pg_admin(base + "/postgres", "SELECT 1")
    except Exception:  # noqa: BLE001 -- any failure means: fall back to SQLite
        return False
    return True


def fresh_database(name: str) -> BenchDatabase:
    """A new, empty database: DATABASE_URL's server (PostgreSQL; database `<its database>_<name>`) or
    postgres on 127.0.0.1 if reachable (database `name`), dropped afterwards, else a temporary SQLite
    file. Only the server of DATABASE_URL is used, never its database: a benchmark must not drop the
    database someone has configured (nor another benchmark's, as the import part did to the directory's
    with --keep-db)."""
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith("sqlite"):
        path = urlsplit(configured).path
        Path(path).unlink(missing_ok=True)
        return BenchDatabase(configured, "sqlite", lambda: None)
    base = ""
    if configured.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(configured)
        base = parts._replace(path="").geturl()
        # Named after the configured database, so that people sharing a server do not drop each
        # other's benchmark databases (sinergi_alice → sinergi_alice_sinergi_bench).
        own = parts.path.lstrip("/")
        if own and own != name and not name.startswith(own + "_"):
            name = f"{own}_{name}"
    elif _pg_reachable(DEFAULT_PG):
        base = DEFAULT_PG
    if base:
        url = f"{base}/{name}"
        _pg_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _pg_admin(url, f'CREATE DATABASE "{name}"')
        return BenchDatabase(
            url, "postgresql", lambda: _pg_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        )
    folder = Path(tempfile.mkdtemp(prefix="sinergi-bench-"))
    path = folder / f"{name}.sqlite3"

    def _remove() -> None:
        for item in folder.iterdir():
            item.unlink()
        folder.rmdir()

    return BenchDatabase(f"sqlite:///{path}", "sqlite", _remove)


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    """Environment for the production settings, as a local deployment would set it."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "sinergi.settings.production",
            "SINERGI_SECRET_KEY": secrets.token_urlsafe(48),
            "SINERGI_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SINERGI_REGION_CODE": env.get("SINERGI_REGION_CODE", "32.76"),  # the Depok demo data
            "SINERGI_SSL_REDIRECT": "0",
            "SINERGI_BARE_VIEW": "1",  # /_bare, the ceiling the benchmarks compare pages with
            "DATABASE_URL": database_url,
            "SINERGI_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(SRC) + os.pathsep + env.get("PYTHONPATH", ""),
        }
    )
    env.update(extra)
    return env


# ---------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SERVERS: dict[str, subprocess.Popen[bytes]] = {}  # base URL → its gunicorn master, while it runs


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str],
    *,
    workers: int = 4,
    args: tuple[str, ...] = (),
    app: str = "sinergi.wsgi",
    executable: Path | None = None,
    port: int = 0,
    health: str = "/healthz",
    cwd: Path = ROOT,
) -> Iterator[str]:
    """gunicorn serving `app` (Sinergi by default; another project's WSGI app with its own `executable`)
    on 127.0.0.1 and `port` (0: a free one); yields its base URL once `health` answers 200; stops it
    afterwards."""
    port = port or free_port()
    command = [
        str(executable or VENV_BIN / "gunicorn"),
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        *args,
    ]
    process = subprocess.Popen(command, env=env, cwd=cwd, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn ({app}) stopped at start (exit {process.returncode})")
            try:
                status, _ = request_once(base + health)
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn ({app}) did not answer {health} within 120 s")
            time.sleep(0.2)
        SERVERS[base] = process
        yield base
    finally:
        SERVERS.pop(base, None)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def server_memory_mb(base: str) -> tuple[float, float, float]:
    """Memory of the gunicorn serving `base` (its master and workers, the processes of its session),
    from /proc: (current RSS of all of them, the largest peak RSS of one worker — VmHWM, the high-water
    mark since it started — and the sum of their peaks). Linux only; NaN elsewhere."""
    process = SERVERS[base]
    current = peak_max = peak_sum = 0.0
    proc = Path("/proc")
    if not proc.is_dir():
        return float("nan"), float("nan"), float("nan")
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if os.getsid(int(entry.name)) != process.pid:
                continue
            fields = dict(line.split(":", 1) for line in (entry / "status").read_text().splitlines() if ":" in line)
        except (OSError, ProcessLookupError):
            continue  # ended meanwhile
        rss = float(fields.get("VmRSS", "0 kB").split()[0]) / 1024
        hwm = float(fields.get("VmHWM", "0 kB").split()[0]) / 1024
        current += rss
        peak_sum += hwm
        if int(entry.name) != process.pid:
            peak_max = max(peak_max, hwm)
    return current, peak_max, peak_sum


def request_once(url: str) -> tuple[int, bytes]:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# ---------------------------------------------------------------- load


@dataclass
class LoadResult:
    name: str
    requests: int
    errors: int
    duration: float
    latencies_ms: list[float]
    header_counts: dict[str, int] = field(default_factory=dict)

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
        return ordered[index]

    @property
    def throughput(self) -> float:
        return self.requests / self.duration if self.duration else 0.0

    def line(self) -> str:
        return (
            f"{self.name:<34} {self.requests:>7} req  {self.throughput:>8.1f} req/s  "
            f"p50 {self.percentile(50):>7.1f} ms  p95 {self.percentile(95):>7.1f} ms  "
            f"p99 {self.percentile(99):>7.1f} ms  errors {self.errors}"
        )


def run_load(
    base: str,
    name: str,
    paths: Callable[[int, int], str],
    *,
    clients: int = 16,
    seconds: float = 20.0,
    count_header: str = "",
) -> LoadResult:
    """`clients` threads, each sending requests back to back for `seconds`; `paths(client, n)` gives
    the path of a client's n-th request. Connections are reused while the server keeps them open.
    `count_header`: tally the values of this response header (e.g. a cache hit/miss marker)."""
    parts = urlsplit(base)
    stop_at = time.monotonic() + seconds
    lock = threading.Lock()
    latencies: list[float] = []
    counts = {"requests": 0, "errors": 0}
    header_counts: dict[str, int] = {}
    start_gate = threading.Barrier(clients + 1)

    def client(index: int) -> None:
        conn: http.client.HTTPConnection | None = None
        mine: list[float] = []
        seen: dict[str, int] = {}
        errors = 0
        n = 0
        start_gate.wait()
        while time.monotonic() < stop_at:
            path = paths(index, n)
            n += 1
            if conn is None:
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
            t0 = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Accept-Encoding": "identity"})
                response = conn.getresponse()
                response.read()
                elapsed = (time.perf_counter() - t0) * 1000
                if response.status != 200:
                    errors += 1
                if count_header:
                    value = response.getheader(count_header) or "-"
                    seen[value] = seen.get(value, 0) + 1
                mine.append(elapsed)
                if response.will_close:
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                errors += 1
                if conn is not None:
                    conn.close()
                conn = None
        if conn is not None:
            conn.close()
        with lock:
            latencies.extend(mine)
            counts["requests"] += len(mine)
            counts["errors"] += errors
            for value, n in seen.items():
                header_counts[value] = header_counts.get(value, 0) + n

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    start_gate.wait()
    began = time.monotonic()
    for thread in threads:
        thread.join()
    duration = time.monotonic() - began
    return LoadResult(name, counts["requests"], counts["errors"], duration, latencies, header_counts)


def python() -> str:
    return sys.executable
