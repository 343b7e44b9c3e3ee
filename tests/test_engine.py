"""The engine path with real processes: a real redis-server on a free port, real RQ workers (``rq worker`` with
``lstm_viz.runs.worker.TrainingWorker``) sharing a temporary runs folder, real Keras trainings of the alphabet.

No mock of Redis, RQ or the store. Skipped with a reason when redis-server is missing, except under CI=true (then a
failure: .ci/run installs it).
"""

from __future__ import annotations

import concurrent.futures
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lstm_viz.alphabet import AlphabetRun
from lstm_viz.runs.store import MemoryStore, SessionRuns
from tests.browser.server import free_port

ROOT = Path(__file__).resolve().parents[1]
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def _require(program: str, path: str | None) -> str:
    if path and Path(path).exists():
        return path
    message = f"no {program} here (apt-get install {program}; .ci/run does)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _wait(condition, timeout: float, what: str, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


class Workers:
    """RQ worker processes on one Redis and one runs folder, by name (a killed one can be replaced)."""

    def __init__(self, url: str, folder: Path, logs: Path) -> None:
        self.url, self.folder, self.logs = url, folder, logs
        self.processes: dict[str, subprocess.Popen] = {}
        self.count = 0

    def start(self) -> str:
        self.count += 1
        name = f"test-worker-{self.count}-{os.getpid()}"
        env = {
            **os.environ,
            "LSTM_VIZ_RUNS": str(self.folder),
            "LSTM_VIZ_HEARTBEAT_TTL": "4",
            "LSTM_VIZ_START_GRACE": "8",
            "PYTHONPATH": str(ROOT),
        }
        log = open(self.logs / f"{name}.log", "w")
        command = [sys.executable, "-m", "rq.cli", "worker", "lstm-viz", "-u", self.url, "-n", name]
        command += ["-w", "lstm_viz.runs.worker.TrainingWorker", "--path", str(ROOT)]
        self.processes[name] = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        return name

    def wait_ready(self, connection, timeout: float = 120) -> None:
        from rq import Worker

        def ready():
            names = {worker.name for worker in Worker.all(connection=connection)}
            return all(name in names for name in self.processes)

        _wait(ready, timeout, "the RQ workers to register (TensorFlow loads first)", every=0.5)

    def kill(self, name: str) -> None:
        self.processes.pop(name).send_signal(signal.SIGKILL)

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    server = _require("redis-server", REDIS_SERVER)
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)],
        stdout=open(folder / "redis.log", "w"),
        stderr=subprocess.STDOUT,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        from redis import Redis

        _wait(lambda: _ping(Redis.from_url(url)), 20, "redis-server to answer")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def _ping(connection) -> bool:
    try:
        return connection.ping()
    except Exception:
        return False


@pytest.fixture(scope="module")
def runs_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("runs")


@pytest.fixture(scope="module")
def workers(redis_url, runs_folder, tmp_path_factory):
    from redis import Redis

    pool = Workers(redis_url, runs_folder, tmp_path_factory.mktemp("worker_logs"))
    pool.start()
    pool.start()
    try:
        pool.wait_ready(Redis.from_url(redis_url))
        yield pool
    finally:
        pool.stop()


@pytest.fixture
def engine(redis_url, runs_folder, workers, monkeypatch):
    from lstm_viz.runs.engine import RQRunner

    monkeypatch.setenv("LSTM_VIZ_RUNS", str(runs_folder))
    monkeypatch.setenv("LSTM_VIZ_START_GRACE", "8")
    return RQRunner(redis_url, per_session=2, max_queued=3, runs_folder=runs_folder)


def session_runs(folder: Path) -> SessionRuns:
    from lstm_viz.runs.disk import DiskStore

    return SessionRuns(DiskStore(folder, AlphabetRun.family), MemoryStore())


def long_run(seed: int) -> AlphabetRun:
    """Variant 1 with the course recipe: batch-1 epochs of a tenth of a second, long enough to stop or kill."""
    return AlphabetRun(1, "course", seed, 400)


def test_a_run_streams_progress_every_epoch_and_its_result_is_read_back_from_the_runs_folder(engine, runs_folder):
    run = AlphabetRun(1, "fast", 11, 3)
    runs = session_runs(runs_folder)
    job = engine.submit(run, "session-a", runs)
    assert job.status in ("queued", "running")
    assert job.label
    seen = set()
    deadline = time.monotonic() + 180
    while job.running and time.monotonic() < deadline:
        seen.add(job.progress.epochs_done)
        time.sleep(0.05)
    assert job.status == "done", job.error
    assert job.progress.epochs_done == 3 and len(job.progress.history) == 3
    assert {"loss", "accuracy"} <= set(job.progress.history[-1])
    assert job.progress.total_epochs == 3
    assert job.elapsed > 0 and job.position() is None and job.eta_seconds() is None
    result = job.result
    assert result.epochs_done == 3 and not result.stopped
    assert runs.own.get(run) is not None  # recorded into the session that asked
    assert session_runs(runs_folder).finished(run)  # and every app process finds it in the shared folder
    assert (runs_folder / "alphabet" / run.name).is_dir()
    assert engine.running(run) is None


def test_the_workers_train_at_the_lowest_priority(workers):
    from lstm_viz.runs.local import NICENESS

    for process in workers.processes.values():  # registered: their __init__ (and its nice) has run
        assert os.getpriority(os.PRIO_PROCESS, process.pid) == NICENESS


def test_a_runs_folder_that_cannot_keep_the_run_still_gives_it_to_the_session_with_a_warning(engine, runs_folder):
    """The worker's disk refuses the run (the family's folder made immutable: even root cannot write there): the
    run is still done, its result reaches the session that asked (through Redis), marked as not kept, and no other
    session finds it on disk."""
    family = runs_folder / AlphabetRun.family
    family.mkdir(exist_ok=True)
    made = subprocess.run(["chattr", "+i", str(family)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"chattr +i is refused on this machine: {made.stderr.strip()}")
    try:
        run = AlphabetRun(1, "fast", 12, 2)
        runs = session_runs(runs_folder)
        job = engine.submit(run, "session-d", runs).wait(180)
        assert job.status == "done", job.error
        assert job.result.epochs_done == 2 and len(job.result.history) == 2
        assert job.result.weights is not None and job.result.parameters > 0  # the model came along too
        assert runs.own.get(run) is job.result
        assert "not permitted" in runs.not_kept(run).lower()
        assert not session_runs(runs_folder).finished(run)
    finally:
        subprocess.run(["chattr", "-i", str(family)], check=False)


def test_identical_requests_join_one_run_in_any_app_process(engine, redis_url, runs_folder):
    from lstm_viz.runs.engine import RQRunner

    run = AlphabetRun(1, "fast", 12, 4)
    first = engine.submit(run, "session-b", session_runs(runs_folder))
    other_process = RQRunner(redis_url, runs_folder=runs_folder)  # a second app process's runner
    second = other_process.submit(run, "session-c", session_runs(runs_folder))
    assert second.id == first.id
    assert other_process.running(run).id == first.id
    assert engine.submit(run, "session-d", session_runs(runs_folder)) is first
    assert first.wait(180).status == "done" and second.wait(60).status == "done"
    assert second.result.epochs_done == 4
    from rq import Queue
    from rq.registry import FinishedJobRegistry

    finished = FinishedJobRegistry(queue=Queue("lstm-viz", connection=engine.connection)).get_job_ids()
    assert sum(job_id.startswith(run.name) for job_id in finished) == 1  # trained once


def test_stop_while_queued_and_while_running_keeps_the_weights_so_far(engine, runs_folder):
    runs = session_runs(runs_folder)
    busy = [engine.submit(long_run(seed), f"session-busy-{seed}", runs) for seed in (21, 22)]
    _wait(lambda: all(job.status == "running" and job.progress.epochs_done >= 2 for job in busy), 180, "two runs")
    queued = engine.submit(long_run(23), "session-e", runs)
    assert queued.status == "queued"
    assert queued.position() == 1
    assert queued.eta_seconds() is not None and queued.eta_seconds() > 0
    queued.stop()
    _wait(lambda: queued.status == "stopped", 10, "the queued run to stop")
    assert queued.cancelled and queued.result is None and queued.progress.epochs_done == 0
    began = time.monotonic()
    for job in busy:
        job.stop()
    for job in busy:
        assert job.wait(60).status == "stopped", job.error
    assert time.monotonic() - began < 30
    for job in busy:
        assert 2 <= job.result.epochs_done < 400 and job.result.stopped
        assert runs.own.get(job.run) is not None and not runs.finished(job.run)  # a stopped run is no finished one
    assert engine.running(long_run(23)) is None


def test_fair_share_and_limits_give_the_queue_errors(engine, runs_folder):
    from lstm_viz.runs.queue import QueueFull, SessionLimit

    runs = session_runs(runs_folder)
    jobs = [engine.submit(long_run(seed), "session-f", runs) for seed in (31, 32)]
    with pytest.raises(SessionLimit):
        engine.submit(long_run(33), "session-f", runs)
    _wait(lambda: all(job.status == "running" for job in jobs), 120, "both workers to take a run")
    jobs += [engine.submit(long_run(seed), "session-x", runs) for seed in (34, 35)]
    jobs.append(engine.submit(long_run(36), "session-y", runs))
    assert [job.position() for job in jobs[2:]] == [1, 3, 2]  # fair share: y's first run before x's second
    first, second, between = (job.eta_seconds() for job in jobs[2:])
    assert first <= between <= second
    with pytest.raises(QueueFull):  # 3 waiting: the server is busy
        engine.submit(long_run(37), "session-h", runs)
    for job in jobs:
        job.stop()
    for job in jobs:
        assert job.wait(60).status == "stopped"


def test_a_worker_killed_mid_run_fails_the_run_and_the_next_run_completes(engine, workers, runs_folder):
    from redis import Redis

    runs = session_runs(runs_folder)
    job = engine.submit(long_run(41), "session-k", runs)
    _wait(lambda: job.status == "running" and job.progress.epochs_done >= 2, 180, "the run to train")
    from rq.job import Job

    name = Job.fetch(job.id, connection=engine.connection).worker_name
    assert name in workers.processes
    workers.kill(name)
    began = time.monotonic()
    assert job.wait(60).status == "failed"
    assert "worker" in job.error and time.monotonic() - began < 30
    assert engine.running(long_run(41)) is None  # out of the line: pressing Train again starts afresh
    after = engine.submit(AlphabetRun(1, "fast", 42, 2), "session-k", runs)
    assert after.wait(180).status == "done", after.error
    workers.start()  # the pool as it was, for the tests after this one
    workers.wait_ready(Redis.from_url(engine.redis_url))


# --- the whole deployment: deploy/cluster.py ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    _require("redis-server", REDIS_SERVER)
    _require("nginx", shutil.which("nginx") or "/usr/sbin/nginx")
    from deploy.check import CHROMIUM

    _require("chromium", CHROMIUM)
    from deploy import cluster as script

    folder = tmp_path_factory.mktemp("cluster")
    with script.running(folder, apps=2, workers=2) as running:
        yield running
    assert not any(script._alive(pid) for pid in running.pids())  # stop ended every process it started


def test_the_cluster_serves_pages_trains_through_the_proxy_and_keeps_uploads_on_their_app(cluster):
    import urllib.request

    from playwright.sync_api import sync_playwright

    from deploy.check import CHROMIUM, CHROMIUM_ARGS, upload_errors
    from tests.browser.helpers import wait_for_app

    assert len(cluster.app_ports) == 2 and {"redis", "worker-1", "worker-2", "nginx"} <= set(cluster.processes)
    with urllib.request.urlopen(f"{cluster.url}/alphabet", timeout=20) as response:  # a page through nginx
        assert response.status == 200 and "lstm_viz_app=" in response.headers.get("Set-Cookie", "")
    with urllib.request.urlopen(f"{cluster.url}/_stcore/health", timeout=20) as response:
        assert response.read().decode().strip() == "ok"
    cookies = [cluster.cookie_for_app(port) for port in cluster.app_ports]  # one browser on each app

    def train_in_a_browser_on_each_app() -> None:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                for seed, cookie in zip((301, 302), cookies):
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    name, value = cookie.split("=", 1)
                    context.add_cookies([{"name": name, "value": value, "url": cluster.url}])
                    page = context.new_page()
                    page.goto(f"{cluster.url}/alphabet")
                    wait_for_app(page, 60_000)
                    page.locator(".st-key-recipe").get_by_text("Fast").first.click()
                    wait_for_app(page)
                    box = page.locator(".st-key-seed input")
                    box.fill(str(seed))
                    box.press("Enter")
                    wait_for_app(page)
                    page.locator(".st-key-train button").click()
                    page.get_by_text("Accuracy on").first.wait_for(timeout=240_000)  # trained by a worker, read back
                    assert page.get_by_test_id("stException").count() == 0
                    context.close()
            finally:
                browser.close()

    # Playwright's sync API refuses a thread whose asyncio loop pytest-playwright's fixtures may have left
    # running (the browser tests run first in the suite): these browsers get a thread of their own.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(train_in_a_browser_on_each_app).result()
    runs = Path(cluster.runs) / "alphabet"
    assert len([p for p in runs.iterdir() if p.name.startswith("alphabet-")]) == 2  # trained by the workers
    worker_logs = [(Path(cluster.folder) / "logs" / f"worker-{k}.log").read_text() for k in (1, 2)]
    assert sum(log.count("Job OK") for log in worker_logs) == 2
    details: list[str] = []
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        assert pool.submit(upload_errors, cluster.url, 4, 60, details).result() == 0, details
    assert cluster.apps_that_served() == 2


def test_an_engine_that_cannot_be_reached_gives_a_message_not_a_traceback(tmp_path):
    from lstm_viz.i18n import TextError
    from lstm_viz.runs.engine import RQRunner

    engine = RQRunner(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    with pytest.raises(TextError, match="cannot be reached"):
        engine.submit(AlphabetRun(1, "fast", 1, 1), "session", SessionRuns(MemoryStore(), MemoryStore()))
    assert engine.running(AlphabetRun(1, "fast", 1, 1)) is None
