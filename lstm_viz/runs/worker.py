"""What an RQ worker runs for ``lstm_viz.runs.engine.RQRunner``: one training run from its key alone.

Start workers with ``rq worker lstm-viz -u $LSTM_VIZ_REDIS -w lstm_viz.runs.worker.TrainingWorker`` from the project
folder (``LSTM_VIZ_RUNS`` the same folder as the app's). ``TrainingWorker`` is RQ's ``SimpleWorker`` (no fork per
job: TensorFlow, loaded once when the worker starts, stays loaded, and a run starts in well under a second) that
loads Keras before its first job.

``train(run)``: builds the work with ``run.plan()``, trains it with a ``Progress`` whose every epoch (and the work's
notes and phase) a small pump thread writes to Redis, beating a heartbeat key as it goes and setting the progress's
stop event when the app's Stop flag appears (Keras's batch callback then ends the fit after the current batch, the
weights kept). A finished run's result goes into the shared runs folder (``DiskStore(runs_folder(), family)``), where
every app process finds it; a stopped run's into ``<runs folder>/stopped/<job id>`` (it is no finished run: only the
sessions that asked for it get it).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import time
from pathlib import Path
from typing import Any

from rq.worker import SimpleWorker

from lstm_viz.runs.engine import (
    KEEP_SECONDS,
    PREFIX,
    alive_key,
    durations_key,
    line_key,
    progress_key,
    stop_key,
    unkept_key,
)
from lstm_viz.runs.key import RunKey
from lstm_viz.training import Progress

log = logging.getLogger(__name__)

PUMP_SECONDS = 0.2  # how often progress is written and the stop flag read
HEARTBEAT_SECONDS = 1.0
STOPPED_KEEP_SECONDS = 24 * 3600  # stopped runs' folders older than this are removed when a worker starts


def plan_of(run: RunKey):
    """The run's ``Plan`` from its key alone (``RunKey.plan()``: the work, its epochs, its label)."""
    return run.plan()


def result_store(family: str, stopped_job: str | None = None, folder=None):
    """Where a run's result is kept: the shared store of finished runs, or a stopped run's own folder."""
    from lstm_viz.runs.disk import DiskStore, runs_folder

    base = Path(folder) if folder is not None else Path(runs_folder())
    return DiskStore(base if stopped_job is None else base / "stopped" / stopped_job, family)


class _Pump(threading.Thread):
    """Writes the progress to Redis when it changes, beats the heartbeat, and passes the Stop flag to the fit."""

    def __init__(self, connection, job_id: str, progress: Progress, started: float) -> None:
        super().__init__(name=f"progress {job_id}", daemon=True)
        self.connection, self.job_id, self.progress, self.started = connection, job_id, progress, started
        self.done = threading.Event()
        self._written: tuple = ()
        self._beaten = 0.0

    def run(self) -> None:
        while not self.done.wait(PUMP_SECONDS):
            try:
                self.beat()
            except Exception:  # Redis away for a moment: the next beat tries again
                pass

    def beat(self, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._beaten >= HEARTBEAT_SECONDS:
            from lstm_viz.runs.engine import HEARTBEAT_TTL

            self.connection.set(alive_key(self.job_id), "1", ex=HEARTBEAT_TTL)
            self._beaten = now
        if not self.progress.stop_event.is_set() and self.connection.exists(stop_key(self.job_id)):
            self.progress.stop_event.set()
        self.write(force)

    def write(self, force: bool = False) -> None:
        progress = self.progress
        seen = (len(progress.history), len(progress.notes), progress.phase, progress.total_epochs)
        if not force and seen == self._written:
            return
        state = {
            "history": list(progress.history),
            "notes": [_plain(note) for note in list(progress.notes)],
            "phase": progress.phase,
            "total_epochs": progress.total_epochs,
            "started": self.started,
        }
        self.connection.set(progress_key(self.job_id), json.dumps(state), ex=KEEP_SECONDS)
        self._written = seen


def _plain(note: Any) -> Any:
    """A note as JSON (the character model's (epoch, sample) pairs; anything else as its text)."""
    if isinstance(note, list | tuple):
        return [_plain(item) for item in note]
    if note is None or isinstance(note, bool | int | float | str):
        return note
    return str(note)


def train(run: RunKey) -> dict:
    """Train ``run`` in this worker (RQ calls this with the key it was given); returns a summary, the result itself
    goes to the runs folder."""
    from rq import get_current_job

    job = get_current_job()
    connection = job.connection
    started = time.time()
    if connection.exists(stop_key(job.id)):  # stopped while it waited
        _leave_line(connection, run, job.id)
        return {"stopped": True, "seconds": 0.0, "epochs_done": 0, "has_result": False}
    pump = None
    try:
        plan = plan_of(run)
        progress = Progress(plan.epochs)
        pump = _Pump(connection, job.id, progress, started)
        pump.beat(force=True)
        pump.start()
        result = plan.work(progress)
        pump.write(force=True)  # the last epochs before the result (the heartbeat goes on while it is written)
        stopped = progress.stopped
        not_kept = None
        try:
            result_store(run.family, job.id if stopped else None).put(run, result)
        except OSError as error:  # a full or read-only disk: the sessions that asked still get it, through Redis
            not_kept = getattr(error, "strerror", None) or str(error) or type(error).__name__
            log.warning("run %s was not kept by the runs folder: %s: %s", run.name, type(error).__name__, error)
            try:
                from lstm_viz.runs.codec import result_bytes

                connection.set(unkept_key(job.id), result_bytes(result), ex=KEEP_SECONDS)
            except Exception as carried:
                raise RuntimeError(
                    f"the runs folder could not keep this run ({type(error).__name__}: {error}), "
                    f"nor could the engine carry it ({type(carried).__name__}: {carried})"
                ) from error
    finally:
        if pump is not None:
            pump.done.set()
            pump.join(timeout=5)
            try:
                pump.write(force=True)
            except Exception:  # Redis away: the app reads the job's end from RQ all the same
                pass
        _leave_line(connection, run, job.id)
    seconds = time.time() - started
    if not stopped:
        _record_duration(connection, run, float((job.meta or {}).get("estimate") or 0.0), seconds)
    return {
        "stopped": stopped,
        "seconds": seconds,
        "epochs_done": progress.epochs_done,
        "has_result": True,
        "not_kept": not_kept,
    }


def _record_duration(connection, run: RunKey, estimate: float, seconds: float, weight: float = 0.3) -> None:
    """What this run took over its estimate, into the workers' shared average (what pages say before Train)."""
    from lstm_viz.runs.queue import recipe_of

    if estimate <= 0 or seconds <= 0:
        return
    group, ratio = recipe_of(run), seconds / estimate
    try:
        previous = connection.hget(durations_key(), group)
        value = ratio if previous is None else float(previous) + weight * (ratio - float(previous))
        connection.hset(durations_key(), group, f"{value:.4f}")
    except Exception as error:  # Redis away: the estimate stays the key's own
        log.warning("could not record the run's duration: %s", error)


def _leave_line(connection, run: RunKey, job_id: str) -> None:
    """The run is no longer in line (only if the line still names this job: a newer one may have taken its place)."""
    fingerprint = run.fingerprint()
    current = connection.hget(line_key(), fingerprint)
    if current is not None and (current.decode() if isinstance(current, bytes) else current) == job_id:
        connection.hdel(line_key(), fingerprint)


def clean_stopped(folder: Path | None = None, older_than: float = STOPPED_KEEP_SECONDS) -> int:
    """Remove stopped runs' folders older than ``older_than`` seconds; how many were removed."""
    try:
        from lstm_viz.runs.disk import runs_folder

        base = Path(folder) if folder is not None else Path(runs_folder())
    except ImportError:
        return 0
    removed = 0
    stopped = base / "stopped"
    if not stopped.is_dir():
        return 0
    for path in stopped.iterdir():
        try:
            if time.time() - path.stat().st_mtime > older_than:
                shutil.rmtree(path, ignore_errors=True)
                removed += 1
        except OSError:
            continue
    return removed


class TrainingWorker(SimpleWorker):
    """RQ's SimpleWorker (each job in the worker process itself) with Keras loaded before the first job, at the
    lowest priority (as the embedded queue's workers, ``lstm_viz.runs.local.NICENESS``): on a machine that also
    serves pages, a fit yields at once to the people clicking; on a machine of its own it changes nothing."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        began = time.perf_counter()
        from lstm_viz.runs.local import NICENESS

        try:
            os.nice(NICENESS)
        except OSError:  # not allowed here: the fits keep the worker's priority
            pass
        from lstm_viz import training

        limit = getattr(training, "limit_tensorflow_threads", None)  # $LSTM_VIZ_TF_THREADS per fit (engineer Q)
        if limit is not None:
            limit()
        import keras  # noqa: F401  (TensorFlow loads once per worker, not once per run)

        self.log.info("%s: Keras loaded in %.1f s", PREFIX, time.perf_counter() - began)
        clean_stopped()
