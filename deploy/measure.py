"""What the engine path costs, measured on this machine. Last line: one JSON object.

    python deploy/measure.py [--runs 5]

Starts its own redis-server and one RQ worker (``TrainingWorker``) on free ports with a temporary runs folder, and
measures through ``RQRunner`` exactly what a page does:

- worker_start_s: from ``rq worker`` started to the worker listening (Keras loaded once, before the first job);
- worker_rss_mb_idle / _after_runs: the worker's resident memory, waiting and after the runs;
- enqueue_to_start_ms: from ``submit`` to the worker's ``train`` running (median of ``--runs`` tiny runs);
- progress_delay_ms: from an epoch's end in the worker (its logs reach Redis) to the app's job showing it (median);
- stop_to_stopped_s: from ``stop()`` on a running fit to its status "stopped" with the weights read back;
- solo_engine_s vs solo_thread_s: the lab's run (alphabet variant 5, fast recipe) submitted through the engine,
  and trained in a thread of this process as the embedded queue does (TensorFlow already loaded in both).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="lstm-viz-measure-"))
    os.environ["LSTM_VIZ_RUNS"] = str(folder / "runs")
    from redis import Redis
    from rq import Worker

    from deploy.cluster import free_port
    from lstm_viz.alphabet import AlphabetRun
    from lstm_viz.runs.disk import DiskStore
    from lstm_viz.runs.engine import RQRunner, progress_key
    from lstm_viz.runs.store import MemoryStore, SessionRuns

    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    redis = subprocess.Popen(
        [shutil.which("redis-server") or "redis-server", "--port", str(port), "--save", "", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    figures: dict = {}
    worker = None
    try:
        connection = Redis.from_url(url)
        while True:
            try:
                connection.ping()
                break
            except Exception:
                time.sleep(0.1)
        began = time.perf_counter()
        command = [sys.executable, "-m", "rq.cli", "worker", "lstm-viz", "-u", url, "-n", "measure"]
        command += ["-w", "lstm_viz.runs.worker.TrainingWorker", "--path", str(ROOT)]
        log = open(folder / "worker.log", "w")
        worker = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env={**os.environ})
        while not any(w.name == "measure" for w in Worker.all(connection=connection)):
            time.sleep(0.1)
        figures["worker_start_s"] = round(time.perf_counter() - began, 1)
        figures["worker_rss_mb_idle"] = round(rss_mb(worker.pid))
        engine = RQRunner(url, per_session=100)

        def runs() -> SessionRuns:
            return SessionRuns(DiskStore(folder / "runs", "alphabet"), MemoryStore())

        starts, delays = [], []
        for k in range(args.runs):
            run = AlphabetRun(1, "fast", 1000 + k, 3)
            began = time.time()
            job = engine.submit(run, f"s{k}", runs())
            seen = 0
            while job.running:
                job.refresh(force=True)
                if len(job.progress.history) > seen:  # an epoch appeared: when did the worker write it?
                    seen = len(job.progress.history)
                time.sleep(0.01)
            state = json.loads(connection.get(progress_key(job.id)))
            starts.append((state["started"] - began) * 1000)
        figures["enqueue_to_start_ms"] = round(statistics.median(starts))
        # progress delay: poll at the page's rate against the worker's own clock of each epoch (a key per epoch)
        run = AlphabetRun(1, "course", 2000, 30)
        job = engine.submit(run, "delay", runs())
        last = None
        while job.running:
            raw = connection.get(progress_key(job.id))
            if raw:
                count = len(json.loads(raw)["history"])
                if count != last:
                    written = time.perf_counter()
                    last = count
                    while len(job.progress.history) < count and job.running:
                        job.refresh(force=False)
                        time.sleep(0.005)
                    delays.append((time.perf_counter() - written) * 1000)
            time.sleep(0.005)
        figures["progress_delay_ms"] = round(statistics.median(delays))  # Redis written → the app's job shows it
        figures["progress_write_interval_ms"] = 200  # the worker's pump (PUMP_SECONDS)
        # stop: a long fit, stopped after a few epochs
        job = engine.submit(AlphabetRun(1, "course", 3000, 400), "stop", runs())
        while job.progress.epochs_done < 3:
            time.sleep(0.05)
        began = time.perf_counter()
        job.stop()
        job.wait(60)
        figures["stop_to_stopped_s"] = round(time.perf_counter() - began, 2)
        figures["stopped_status"] = job.status
        # the lab's run, solo: through the engine, and in a thread of this process
        lab = AlphabetRun(5, "fast", 4000, 40)
        began = time.perf_counter()
        job = engine.submit(lab, "solo", runs()).wait(600)
        figures["solo_engine_s"] = round(time.perf_counter() - began, 1)
        figures["solo_engine_status"] = job.status
        from lstm_viz.training import TrainingJob

        plan = AlphabetRun(5, "fast", 4001, 40).plan()
        TrainingJob(AlphabetRun(1, "fast", 4002, 1).plan().work, 1).start().wait()  # TensorFlow loaded here too
        began = time.perf_counter()
        TrainingJob(plan.work, plan.epochs).start().wait()
        figures["solo_thread_s"] = round(time.perf_counter() - began, 1)
        figures["worker_rss_mb_after_runs"] = round(rss_mb(worker.pid))
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(30)
        redis.terminate()
        redis.wait(10)
        shutil.rmtree(folder, ignore_errors=True)
    return figures


if __name__ == "__main__":
    print(json.dumps(main()))
