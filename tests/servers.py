"""Real services the tests start on free ports and stop: redis-server and moto's standalone S3 server.

A missing redis-server skips its tests with the reason on a developer's machine, and fails them in CI
(`CI` set; `.ci/run` installs it), so CI never passes by skipping.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

STARTUP_SECONDS = 120  # a busy CI machine (moto imports a lot before it listens)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], what: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}: {log.read_text(errors='replace')}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on {port} within {STARTUP_SECONDS} s: {log.read_text(errors='replace')}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def require_binary(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        reason = f"{name} is not installed (apt-get install -y {package})"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must install it (.ci/run)", pytrace=False)
        pytest.skip(reason)
    return path


@contextlib.contextmanager
def redis_server() -> Iterator[str]:
    """A throwaway redis-server (no persistence) on a free port; yields its redis:// URL."""
    binary = require_binary("redis-server", "redis-server")
    with tempfile.TemporaryDirectory(prefix="sinergi-redis-") as folder:
        port = free_port()
        log = Path(folder) / "log"
        args = [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        with log.open("wb") as out:
            process = subprocess.Popen([*args, "--dir", folder], stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            wait_for_port(port, process, "redis-server", log)
            yield f"redis://127.0.0.1:{port}/0"
        finally:
            stop(process)


@contextlib.contextmanager
def s3_server() -> Iterator[str]:
    """moto's standalone S3-compatible server on a free port; yields its endpoint URL."""
    with tempfile.TemporaryDirectory(prefix="sinergi-moto-") as folder:
        port = free_port()
        log = Path(folder) / "log"
        args = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
        with log.open("wb") as out:
            process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            wait_for_port(port, process, "moto_server", log)
            yield f"http://127.0.0.1:{port}"
        finally:
            stop(process)


def s3_bucket(endpoint: str) -> dict[str, str]:
    """A new private bucket on the S3 server at `endpoint`; the SINERGI_S3_* variables that name it."""
    import uuid

    import boto3

    environ = {
        "SINERGI_S3_ENDPOINT_URL": endpoint,
        "SINERGI_S3_BUCKET": f"sinergi-{uuid.uuid4().hex[:12]}",
        "SINERGI_S3_ACCESS_KEY": "sinergi-test",
        "SINERGI_S3_SECRET_KEY": "sinergi-test-secret",
        "SINERGI_S3_REGION": "us-east-1",
    }
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=environ["SINERGI_S3_ACCESS_KEY"],
        aws_secret_access_key=environ["SINERGI_S3_SECRET_KEY"],
        region_name=environ["SINERGI_S3_REGION"],
    )
    client.create_bucket(Bucket=environ["SINERGI_S3_BUCKET"])
    return environ
