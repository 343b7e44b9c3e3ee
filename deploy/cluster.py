"""LSTM Viz as a small cluster on this machine: Redis, RQ workers, several `streamlit run app.py` processes, and nginx
in front with sticky websocket sessions; every process shares one runs folder.

    python deploy/cluster.py start [--folder DIR] [--apps 2] [--workers 2] [--port 8500] [--runs DIR]
    python deploy/cluster.py status [--folder DIR]
    python deploy/cluster.py stop [--folder DIR]

``start`` prints the address to open (nginx) and returns; everything it started runs in the background, its pids in
``<folder>/cluster.json``, its logs in ``<folder>/logs``, nginx's configuration in ``<folder>/nginx.conf``, the runs
in ``<folder>/runs`` (or ``--runs``/``$LSTM_VIZ_RUNS``). Ports not given are chosen free. ``stop`` ends it all.

Stickiness: nginx hashes each request on the cookie ``lstm_viz_app`` (``hash … consistent``); a browser without it
gets one set to the request's id on its first response, so its page, websocket, uploads and media all reach the same
app process (Streamlit keeps sessions, uploaded files and media in the process: ../shared/STREAMLIT-NOTES.md). Not
``ip_hash``: every client of one machine, or behind one campus NAT, would land on one app. The apps share a cookie
secret, so an XSRF token is good on either.

From Python (tests, bench/lab.py): ``with running(folder, apps=2, workers=2) as cluster:`` → ``cluster.port``,
``cluster.url``, ``cluster.pids()``, ``cluster.new_cookie()``, ``cluster.upload_errors(count)``,
``cluster.apps_that_served()``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COOKIE = "lstm_viz_app"
STATE_FILE = "cluster.json"
DEFAULT_FOLDER = Path(tempfile.gettempdir()) / "lstm-viz-cluster"

NGINX_CONF = """\
# Written by deploy/cluster.py: {apps} app processes behind one port, sticky by the {cookie} cookie.
{user}worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/logs/nginx-error.log warn;

events {{ worker_connections 4096; }}

http {{
    log_format lstm_viz '$time_iso8601 $status $request_method "$uri" upstream=$upstream_addr '
                        'affinity=$affinity time=$request_time';
    access_log {folder}/logs/nginx-access.log lstm_viz;
    client_body_temp_path {folder}/nginx/body;
    proxy_temp_path {folder}/nginx/proxy;
    fastcgi_temp_path {folder}/nginx/fastcgi;
    uwsgi_temp_path {folder}/nginx/uwsgi;
    scgi_temp_path {folder}/nginx/scgi;
    client_max_body_size 210m;  # Streamlit's own upload limit is 200 MB

    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ''      close;
    }}
    # the affinity key: the browser's cookie, or (first request) this request's id, which becomes its cookie
    map $cookie_{cookie} $affinity {{
        ''      $request_id;
        default $cookie_{cookie};
    }}

    upstream lstm_viz_apps {{
        hash $affinity consistent;
{servers}
    }}

    server {{
        listen {address}:{port};

        location / {{
            proxy_pass http://lstm_viz_apps;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;          # the websocket (/_stcore/stream)
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 86400s;                       # a quiet websocket stays open for a whole lecture
            proxy_send_timeout 86400s;
            proxy_buffering off;
            add_header Set-Cookie "{cookie}=$affinity; Path=/; HttpOnly; SameSite=Lax" always;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _program(name: str) -> str:
    found = shutil.which(name) or next((p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if Path(p).exists()), "")
    if not found:
        raise SystemExit(f"{name} is not installed (Debian: apt-get install -y redis-server nginx)")
    return found


@dataclass
class Cluster:
    """What ``start`` started: the address to open, the processes by role, where everything is."""

    folder: str
    port: int
    redis_url: str
    runs: str
    app_ports: list[int]
    processes: dict[str, int] = field(default_factory=dict)  # role (redis, worker-1, app-8501, nginx) → pid
    address: str = "127.0.0.1"

    @property
    def url(self) -> str:
        return f"http://{self.address}:{self.port}"

    def pids(self) -> list[int]:
        return list(self.processes.values())

    def new_cookie(self) -> str:
        """A fresh browser's affinity cookie (``Cookie`` header value): nginx sends it to one app, always the same."""
        return f"{COOKIE}={secrets.token_hex(16)}"

    def cookie_for_app(self, app_port: int, tries: int = 200) -> str:
        """An affinity cookie that nginx sends to the app on ``app_port`` (found by asking nginx, reading its log)."""
        log = Path(self.folder) / "logs" / "nginx-access.log"
        for _ in range(tries):
            cookie = self.new_cookie()
            request = urllib.request.Request(f"{self.url}/_stcore/health", headers={"Cookie": cookie})
            with urllib.request.urlopen(request, timeout=10) as response:
                response.read()
            value = cookie.split("=", 1)[1]
            for line in reversed(log.read_text(errors="replace").splitlines()[-50:]):
                if f"affinity={value}" in line:
                    if f"upstream=127.0.0.1:{app_port} " in line:
                        return cookie
                    break
        raise RuntimeError(f"no cookie reached the app on port {app_port} in {tries} tries")

    def apps_that_served(self) -> int:
        """How many app processes answered a websocket through nginx (from its access log)."""
        log = Path(self.folder) / "logs" / "nginx-access.log"
        upstreams = set()
        if log.exists():
            for line in log.read_text(errors="replace").splitlines():
                if "/_stcore/stream" in line and "upstream=" in line:
                    upstreams.add(line.split("upstream=")[1].split()[0])
        return len(upstreams - {"-"})

    def upload_errors(self, count: int = 10, timeout: float = 60) -> int:
        """Uploads and media through nginx in ``count`` fresh browsers (Chromium): each uploads a lecture file on
        the Lectures page and downloads it back; how many of them failed."""
        from deploy.check import upload_errors  # Playwright and Chromium: the test extras

        return upload_errors(self.url, count, timeout)

    def save(self) -> None:
        (Path(self.folder) / STATE_FILE).write_text(json.dumps(asdict(self), indent=2))

    @classmethod
    def load(cls, folder: Path) -> Cluster | None:
        try:
            return cls(**json.loads((Path(folder) / STATE_FILE).read_text()))
        except (OSError, ValueError, TypeError):
            return None


def _spawn(role: str, command: list[str], folder: Path, env: dict | None = None) -> subprocess.Popen:
    log = open(folder / "logs" / f"{role}.log", "ab")
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # survives the shell that started it; stop ends it by pid
    )


def _wait(condition, timeout: float, what: str, started: dict | None = None, folder: Path | None = None) -> None:
    """Until ``condition()``; a process of ``started`` that ended meanwhile is an error (with its log's end)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for role, process in (started or {}).items():
            if process.poll() is not None:
                log = (Path(folder) / "logs" / f"{role}.log").read_text(errors="replace").strip().splitlines()[-5:]
                ended = f"{role} ended (exit {process.returncode}) before {what} came up"
                raise RuntimeError(f"{ended}: " + " | ".join(log))
        try:
            if condition():
                return
        except Exception:  # not up yet (refused connections, Redis's own ConnectionError)
            pass
        time.sleep(0.25)
    raise RuntimeError(f"{what} did not come up in {timeout:.0f} s")


def _healthy(port: int) -> bool:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
        return response.read().decode().strip() == "ok"


def start(
    folder: Path = DEFAULT_FOLDER,
    apps: int = 2,
    workers: int = 2,
    port: int | None = None,
    runs: Path | None = None,
    address: str = "127.0.0.1",
    timeout: float = 180,
) -> Cluster:
    """Start Redis, ``workers`` RQ workers, ``apps`` Streamlit processes and nginx; wait until all answer."""
    folder = Path(folder).resolve()
    old = Cluster.load(folder)
    if old is not None and any(_alive(pid) for pid in old.pids()):
        raise SystemExit(f"a cluster runs already from {folder} (python deploy/cluster.py stop --folder {folder})")
    for sub in ("logs", "nginx", "redis"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    runs = Path(runs or os.environ.get("LSTM_VIZ_RUNS") or folder / "runs").resolve()
    runs.mkdir(parents=True, exist_ok=True)
    redis_port, app_ports = free_port(), [free_port() for _ in range(apps)]
    port = port or free_port()
    cluster = Cluster(str(folder), port, f"redis://127.0.0.1:{redis_port}/0", str(runs), app_ports, address=address)
    try:
        _start_all(cluster, folder, workers, timeout)
    except BaseException:
        stop(folder, cluster)
        raise
    return cluster


def _start_all(cluster: Cluster, folder: Path, workers: int, timeout: float) -> None:
    redis_port = int(cluster.redis_url.rsplit(":", 1)[1].split("/")[0])
    command = [_program("redis-server"), "--port", str(redis_port), "--bind", "127.0.0.1"]
    command += ["--dir", str(folder / "redis"), "--save", "", "--appendonly", "no"]  # runs live in the folder, not here
    redis = _spawn("redis", command, folder)
    cluster.processes["redis"] = redis.pid
    cluster.save()
    started = {"redis": redis}
    from redis import Redis

    connection = Redis.from_url(cluster.redis_url)
    _wait(connection.ping, 20, "redis-server", started, folder)
    shared = {"LSTM_VIZ_RUNS": cluster.runs, "LSTM_VIZ_REDIS": cluster.redis_url, "PYTHONPATH": str(ROOT)}
    names = []
    for k in range(1, workers + 1):
        name = f"lstm-viz-{cluster.port}-worker-{k}"
        command = [sys.executable, "-m", "rq.cli", "worker", "lstm-viz", "-u", cluster.redis_url, "-n", name]
        command += ["-w", "lstm_viz.runs.worker.TrainingWorker", "--path", str(ROOT)]
        started[f"worker-{k}"] = _spawn(f"worker-{k}", command, folder, shared)
        cluster.processes[f"worker-{k}"] = started[f"worker-{k}"].pid
        names.append(name)
    secret = secrets.token_hex(24)  # one cookie secret for every app: an XSRF token is good on each
    for app_port in cluster.app_ports:
        command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless=true"]
        command += [f"--server.port={app_port}", "--server.address=127.0.0.1", "--server.fileWatcherType=none"]
        command += ["--browser.gatherUsageStats=false"]
        env = {**shared, "LSTM_VIZ_ENGINE": "rq", "STREAMLIT_SERVER_COOKIE_SECRET": secret}
        started[f"app-{app_port}"] = _spawn(f"app-{app_port}", command, folder, env)
        cluster.processes[f"app-{app_port}"] = started[f"app-{app_port}"].pid
    cluster.save()
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in cluster.app_ports)
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers as root can write the temp folders here
    conf = NGINX_CONF.format(
        apps=len(cluster.app_ports),
        cookie=COOKIE,
        user=user,
        folder=folder,
        servers=servers,
        address=cluster.address,
        port=cluster.port,
    )
    (folder / "nginx.conf").write_text(conf)
    nginx = _program("nginx")
    check = subprocess.run(
        [nginx, "-t", "-q", "-p", str(folder), "-c", str(folder / "nginx.conf")], capture_output=True
    )
    if check.returncode != 0:
        raise RuntimeError(f"nginx refused the configuration: {check.stderr.decode(errors='replace').strip()}")
    cluster.processes["nginx"] = _spawn(
        "nginx", [nginx, "-p", str(folder), "-c", str(folder / "nginx.conf")], folder
    ).pid
    cluster.save()
    for app_port in cluster.app_ports:
        _wait(lambda p=app_port: _healthy(p), timeout, f"the app on port {app_port}", started, folder)
    _wait(lambda: _healthy(cluster.port), max(20, timeout), "nginx", started, folder)  # (a busy machine)
    from rq import Worker

    workers_up = lambda: {w.name for w in Worker.all(connection=connection)} >= set(names)  # noqa: E731
    _wait(workers_up, timeout, "the RQ workers", started, folder)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (our own child, not yet waited for) is not alive
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][:1] != "Z"
    except OSError:
        return True


def stop(folder: Path = DEFAULT_FOLDER, cluster: Cluster | None = None, timeout: float = 20) -> int:
    """End every process the cluster in ``folder`` started (nginx and the apps first, Redis last); how many ran."""
    cluster = cluster or Cluster.load(Path(folder))
    if cluster is None:
        return 0
    order = sorted(cluster.processes.items(), key=lambda item: ("nginx", "app", "worker", "redis").index(
        item[0].split("-")[0]))  # fmt: skip
    ended = 0
    for _, pid in order:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGTERM)  # its own session: the process and what it started (nginx's workers)
            ended += 1
    deadline = time.monotonic() + timeout
    for _, pid in order:
        while _alive(pid) and time.monotonic() < deadline:
            _reap(pid)
            time.sleep(0.1)
        if _alive(pid):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, signal.SIGKILL)
        _reap(pid)
    cluster.processes = {}
    cluster.save()
    return ended


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError, OSError):
        os.waitpid(pid, os.WNOHANG)


@contextlib.contextmanager
def running(folder: Path, apps: int = 2, workers: int = 2, **options):
    """A cluster for the length of a ``with`` block."""
    cluster = start(Path(folder), apps=apps, workers=workers, **options)
    try:
        yield cluster
    finally:
        stop(Path(folder), cluster)


def status(folder: Path) -> str:
    cluster = Cluster.load(folder)
    if cluster is None or not cluster.processes:
        return f"no cluster runs from {folder}"
    lines = [f"{cluster.url}  (runs: {cluster.runs}, redis: {cluster.redis_url})"]
    for role, pid in cluster.processes.items():
        lines.append(f"  {role:<12} pid {pid:<8} {'running' if _alive(pid) else 'ENDED'}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("start", "stop", "status"))
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER, help="logs, configuration, state (and runs)")
    parser.add_argument("--apps", type=int, default=2, help="streamlit processes (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="RQ workers (default 2)")
    parser.add_argument("--port", type=int, default=None, help="nginx's port (default: a free one)")
    parser.add_argument("--address", default="127.0.0.1", help="nginx's address (0.0.0.0 for a lab's network)")
    parser.add_argument("--runs", type=Path, default=None, help="the shared runs folder (default <folder>/runs)")
    args = parser.parse_args(argv)
    if args.command == "start":
        if args.apps < 1 or args.workers < 1:
            parser.error("--apps and --workers need at least 1")
        cluster = start(args.folder, args.apps, args.workers, args.port, args.runs, args.address)
        print(status(args.folder))
        print(f"open {cluster.url}   (stop: python deploy/cluster.py stop --folder {args.folder})")
    elif args.command == "stop":
        print(f"ended {stop(args.folder)} processes")
    else:
        print(status(args.folder))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
