"""Start `streamlit run app.py` the way a user does, for the browser tests and the benchmarks."""

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("LSTM_VIZ_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-dev-shm-usage",
    "--disable-component-update",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int, log_path: Path, env: dict | None = None) -> subprocess.Popen:
    """``streamlit run app.py`` on this port; its run store is ``env``'s LSTM_VIZ_RUNS, else a new empty folder."""
    given = env
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--server.fileWatcherType=none",
        "--browser.gatherUsageStats=false",
    ]
    env = {**os.environ, **(env or {})}
    if "LSTM_VIZ_RUNS" not in (given or {}):  # a fresh run store, as a fresh process had before runs were kept on disk
        below = os.environ.get("LSTM_VIZ_RUNS") or None  # (the tests' own folder, when they set one)
        if below:
            os.makedirs(below, exist_ok=True)
        env["LSTM_VIZ_RUNS"] = tempfile.mkdtemp(prefix=f"server-{port}-", dir=below)
    if "LSTM_VIZ_CLASSES" not in (given or {}) and "LSTM_VIZ_REDIS_URL" not in (given or {}):  # a fresh class store
        env["LSTM_VIZ_CLASSES"] = str(Path(tempfile.mkdtemp(prefix=f"classes-{port}-")) / "classes.sqlite3")
    log = open(log_path, "w")  # a file, not a PIPE: a full pipe would block the server
    return subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)


def wait_healthy(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.read().decode().strip() == "ok":
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"streamlit did not answer on port {port}")


@dataclass(frozen=True)
class Served:
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextlib.contextmanager
def serving(env: dict | None = None, log: Path | None = None, timeout: float = 30) -> Iterator[Served]:
    """A server for the length of a ``with`` block: answering on entry, terminated (and waited for) on exit."""
    port = free_port()
    log = log or Path(tempfile.mkdtemp()) / "streamlit.log"
    process = start_server(port, log, env)
    try:
        wait_healthy(port)
        yield Served(port, process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
