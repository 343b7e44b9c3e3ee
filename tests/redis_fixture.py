"""A real redis-server for a test module, on a free port, with nothing saved to disk.

Use it with ``from tests.redis_fixture import redis_url  # noqa: F401`` in a test module: the fixture is
module-scoped (one server per module, a few milliseconds to start), and the test is skipped when redis-server or
redis-py is missing (it fails instead under CI)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.browser.server import free_port

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def _missing(what: str) -> None:
    message = f"no {what} here (apt-get install redis-server; pip install redis)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _ping(url: str) -> bool:
    from redis import Redis

    try:
        return bool(Redis.from_url(url, socket_timeout=1).ping())
    except Exception:
        return False


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """The URL of a fresh redis-server that lives as long as the test module."""
    if not Path(REDIS_SERVER).exists():
        _missing("redis-server")
    try:
        import redis  # noqa: F401
    except ImportError:
        _missing("redis-py")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    with open(folder / "redis.log", "w") as log:
        process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(folder)],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 20
        while not _ping(url):
            if time.monotonic() > deadline or process.poll() is not None:
                log_text = (folder / "redis.log").read_text()
                raise AssertionError(f"redis-server did not answer on port {port}: {log_text}")
            time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
