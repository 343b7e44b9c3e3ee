"""The embedded queue's fits in child processes, so that the server process only schedules and relays (issue 27).

A fit's Python holds the GIL: trained in a thread of the Streamlit server, it slows every session's page runs. Here
each of the queue's K slots borrows a worker process (``multiprocessing``'s "spawn" context: never a plain fork of a
process with TensorFlow's and Streamlit's threads) that trains the runs sent to it one after the other:

- the worker lowers its priority (``os.nice(19)``: training yields to the people clicking), limits TensorFlow's
  threads to its share of the cores, and loads Keras once (3–4 s), then waits for runs;
- for each run it gets the key (a frozen dataclass, pickled by ``multiprocessing``) and a temporary folder, rebuilds
  the work from the key alone (``run.plan()``), and trains it with a ``Progress`` that sends each epoch's logs, each
  note (the character model's ``(epoch, text)`` samples), the phase and the epochs over a pipe, and whose stop event
  is a ``multiprocessing.Event`` (Keras's batch callback: Stop ends the fit after the current batch, weights kept);
- a finished run goes into the run store (``lstm_viz.runs.disk``, the folder the parent names with each run) from the
  worker itself, as an engine's worker does; a stopped run (not a finished one), or one the store cannot keep, is
  written into the folder with ``lstm_viz.runs.codec`` (no pickle); then "done" or "stopped" (or "failed" with the
  error's message) is sent, with whether it was kept.

In the parent, ``remote_work(pool, run)`` is the job's work: it runs in the job's own thread (the relay), copies what
the pipe brings into the job's ``Progress``, passes Stop on, and returns the result (the queue records it as for a
thread): for a kept run, the store's stand-in (``StoredResult``), which reads the model only when a page uses it, so
no Keras model is saved or loaded in the server's interpreter on the way; otherwise the result read back from the
folder, which is then removed. A worker that dies (killed, a crash, out of memory) makes the run fail with a message
saying so; the slot is freed and the next run gets a fresh worker. A worker is retired after ``RUNS_PER_WORKER``
runs (Keras keeps a little memory per model built) and exits by itself after ``IDLE_SECONDS`` without work, giving its
memory back.

On by default; ``$LSTM_VIZ_FIT_PROCESSES=0`` trains in threads of the server instead (``fit_processes_setting``). A
py-spy profile of a 6-trainer lab in threads: half of the server's busy time was the fits' Keras Python (0.93 of a
core), in processes 0.20 of a core. The first trial (6 trainers, the results still saved and loaded in the server,
niceness 10) did not show it: explorer reruns 59 / 336 ms (median / p95) against 77 / 178 in threads. With the
results kept by the workers and niceness 19, bench/lab.py's whole lab (30 trainers, 10 explorer tabs, K = 2) gave the
explorer 59.4 / 255.6 ms, the first result at 1.38 × the solo run, and 2.5 GB at the peak (the threads' lab: 0.9 GB),
and the whole test suite passed with it. And a fit that crashes or leaks cannot take the server with it. No Streamlit
here.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
import time
import traceback
from multiprocessing.connection import wait
from typing import Any

from lstm_viz.runs.disk import RUNS_VARIABLE
from lstm_viz.runs.key import RunKey
from lstm_viz.training import Progress

PROCESSES_VARIABLE = "LSTM_VIZ_FIT_PROCESSES"
RUNS_PER_WORKER = 20  # then a fresh worker: the memory Keras keeps per model built goes back to the system
IDLE_SECONDS = 600.0  # a worker with nothing to train for this long exits
POLL_SECONDS = 0.1  # how often the relay passes Stop on while no message comes
NICENESS = 19  # the lowest: a fit yields at once to the people clicking (the server and its explorers)


def fit_processes_setting() -> bool:
    """Whether the embedded queue trains in child processes: yes unless ``$LSTM_VIZ_FIT_PROCESSES`` is 0/no/off
    (or "threads")."""
    value = os.environ.get(PROCESSES_VARIABLE, "").strip().lower()
    return value not in ("0", "no", "off", "false", "threads", "thread")


class FitFailed(RuntimeError):
    """The run failed in its worker (``job_error``: the message the page shows, as a thread's failure gives it)."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.job_error, self.details = message, details


# --- the child side -----------------------------------------------------------------------------------------------


class _SentNotes(list):
    """The notes of a fit in a worker: each one appended is sent to the parent too."""

    def __init__(self, send) -> None:
        super().__init__()
        self._send = send

    def append(self, note: Any) -> None:
        super().append(note)
        self._send(("note", note))

    def extend(self, notes) -> None:
        for note in notes:
            self.append(note)


class ChildProgress(Progress):
    """A ``Progress`` in a worker: every epoch, note, phase and epoch count is also sent to the parent; the stop event
    is the parent's (a ``multiprocessing.Event``)."""

    def __init__(self, send, stop_event, total_epochs: int) -> None:
        object.__setattr__(self, "_send", send)
        super().__init__(total_epochs, stop_event=stop_event)
        object.__setattr__(self, "notes", _SentNotes(send))

    def __setattr__(self, name: str, value: Any) -> None:
        super().__setattr__(name, value)
        if name in ("phase", "total_epochs"):
            self._send((name, value))

    def record(self, logs: dict[str, Any]) -> None:
        super().record(logs)
        self._send(("epoch", self.history[-1]))


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(code).name
    except ValueError:
        return f"signal {code}"


def serve(connection, stop_event, threads: int, idle_seconds: float) -> None:
    """A worker process's life: get ready, then train the runs the parent sends until told to end (None), idle for
    ``idle_seconds``, or the parent is gone."""
    try:
        os.nice(NICENESS)
    except OSError:
        pass
    try:
        from lstm_viz import training

        if threads:
            os.environ[training.THREADS_VARIABLE] = str(threads)
        training.limit_tensorflow_threads()
        import keras  # noqa: F401  (once per worker, before its first run)

        from lstm_viz.runs import codec
    except Exception as error:  # reported with the first run, which fails with it
        connection.send(("failed", f"{type(error).__name__}: {error}", traceback.format_exc()))
        return
    while True:
        try:
            if not connection.poll(idle_seconds):
                return
            message = connection.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if message is None:
            return
        run, folder, store_folder = message
        os.environ[RUNS_VARIABLE] = store_folder  # the server's runs folder now: a user's text is read from it too
        try:
            plan = run.plan()
            progress = ChildProgress(connection.send, stop_event, plan.epochs)
            result = plan.work(progress)
            progress.phase = "saving"
            stopped = stop_event.is_set()
            kept = not stopped and _keep(run, result, store_folder)
            if not kept:  # a stopped run (not a finished one), or a store that cannot keep it: for the parent
                codec.write_result(result, folder)
            connection.send(("end", "stopped" if stopped else "done", kept))
        except (BrokenPipeError, EOFError):
            return
        except Exception as error:
            try:
                connection.send(("failed", f"{type(error).__name__}: {error}", traceback.format_exc()))
            except OSError:
                return


def _keep(run: RunKey, result, store_folder: str) -> bool:
    """A finished run goes into the run store from here, where its model is: the server then holds a stand-in that
    reads the model only when a page uses it (no Keras saving or loading in the server's interpreter on the way)."""
    from lstm_viz.runs.disk import DiskStore

    try:
        DiskStore(store_folder, run.family, loaded=1).put(run, result)
    except Exception:  # a full or read-only disk: the parent reads it back and its store says why it was not kept
        return False
    return True


# --- the parent side ----------------------------------------------------------------------------------------------


class Worker:
    """One worker process and its pipe and stop event, as the parent holds them."""

    def __init__(self, context, threads: int, idle_seconds: float) -> None:
        self.connection, child = context.Pipe()
        self.stop_event = context.Event()
        self.process = context.Process(
            target=serve, args=(child, self.stop_event, threads, idle_seconds), name="lstm-viz fit", daemon=True
        )
        self.process.start()
        child.close()  # the child's end lives in the child only: its death reads as the end of the pipe
        self.runs = 0
        self.started = time.monotonic()

    @property
    def pid(self) -> int | None:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.is_alive()

    def death(self) -> str:
        """Why the process ended, in words."""
        self.process.join(timeout=5)
        code = self.process.exitcode
        if code is None:
            return "the training process stopped answering"
        if code < 0:
            name = _signal_name(-code)
            hint = " (out of memory?)" if name == "SIGKILL" else ""
            return f"the training process was killed by {name}{hint}"
        return f"the training process ended unexpectedly (exit code {code})"

    def close(self) -> None:
        try:
            self.connection.send(None)
        except OSError:
            pass
        self.connection.close()
        threading.Thread(target=self.process.join, args=(30,), daemon=True).start()

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.join(timeout=5)
        except (OSError, ValueError):
            pass
        self.connection.close()


class WorkerPool:
    """The idle worker processes of one queue: a slot borrows one for a run (a new one if none is idle) and gives it
    back. The queue runs at most K runs at once, so at most K workers are busy."""

    def __init__(
        self, threads: int = 0, runs_per_worker: int = RUNS_PER_WORKER, idle_seconds: float = IDLE_SECONDS
    ) -> None:
        self.threads, self.runs_per_worker, self.idle_seconds = threads, runs_per_worker, idle_seconds
        self._context = multiprocessing.get_context("spawn")
        self._idle: list[Worker] = []
        self._busy: list[Worker] = []
        self._lock = threading.Lock()

    def borrow(self) -> Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive():
                    self._busy.append(worker)
                    return worker
                worker.kill()  # it exited after its idle time
        worker = Worker(self._context, self.threads, self.idle_seconds)
        with self._lock:
            self._busy.append(worker)
        return worker

    def give_back(self, worker: Worker, healthy: bool) -> None:
        with self._lock:
            if worker in self._busy:
                self._busy.remove(worker)
            keep = healthy and worker.alive() and worker.runs < self.runs_per_worker
            if keep:
                self._idle.append(worker)
        if not keep:
            worker.close() if healthy and worker.alive() else worker.kill()

    def pids(self) -> list[int]:
        """Every worker process alive (busy or idle)."""
        with self._lock:
            return [worker.pid for worker in self._busy + self._idle if worker.alive() and worker.pid]

    def busy_pids(self) -> list[int]:
        """The worker processes training a run now."""
        with self._lock:
            return [worker.pid for worker in self._busy if worker.alive() and worker.pid]

    def shutdown(self) -> None:
        with self._lock:
            workers, self._idle = self._idle, []
        for worker in workers:
            worker.close()


_POOLS: dict[tuple, WorkerPool] = {}
_POOLS_LOCK = threading.Lock()


def shared_pool(threads: int) -> WorkerPool:
    """The process's one pool of workers for fits of ``threads`` TensorFlow threads, whichever queue borrows from it:
    a queue made again (Streamlit's resource cache cleared, as every test does) finds the workers already started
    (Keras loaded: 3–8 s each) instead of starting more and leaving the old ones idle. A worker reads the app's
    settings (``LSTM_VIZ_*``, e.g. the faces' data folder) from the environment it was started with, so a change of
    them gets a pool of its own; the runs folder goes with each run, so it does not count."""
    settings = (name for name in os.environ if name.startswith("LSTM_VIZ_") and name != RUNS_VARIABLE)
    environment = tuple(sorted((name, os.environ[name]) for name in settings))
    with _POOLS_LOCK:
        pool = _POOLS.get((threads, environment))
        if pool is None:
            pool = _POOLS[(threads, environment)] = WorkerPool(threads)
        return pool


def remote_work(pool: WorkerPool, run: RunKey):
    """The job's work in process mode: train ``run`` in a worker of ``pool``, relaying its progress, and return the
    result read back from the worker's folder. Raises ``FitFailed`` with a message if the run fails or its worker
    dies."""

    from lstm_viz.runs.disk import runs_folder, shared_store

    def relay(progress: Progress) -> Any:
        store_folder = str(runs_folder())  # the server's run store, as now set: the worker keeps the run there
        worker = pool.borrow()
        progress.pid = worker.pid
        folder = tempfile.mkdtemp(prefix="lstm-viz-fit-")
        healthy = False
        try:
            worker.stop_event.clear()
            worker.runs += 1
            try:
                worker.connection.send((run, folder, store_folder))
            except OSError as error:
                raise FitFailed(worker.death()) from error
            status, kept = _follow(worker, progress)
            from lstm_viz.runs import codec

            try:
                result = shared_store(store_folder, run.family).stored(run) if kept else None
                if result is None:
                    result = codec.read_result(folder)
            except Exception as error:
                raise FitFailed(f"the trained run could not be read back ({type(error).__name__}: {error})") from error
            healthy = True
            if status == "stopped":
                progress.stop_event.set()
            return result
        finally:
            pool.give_back(worker, healthy)
            shutil.rmtree(folder, ignore_errors=True)

    return relay


def _follow(worker: Worker, progress: Progress) -> tuple[str, bool]:
    """Copy the worker's messages into ``progress`` until the run ends: "done" or "stopped" (or FitFailed), and
    whether the worker kept it in the run store."""
    connection, sentinel = worker.connection, worker.process.sentinel
    passed_stop = False
    while True:
        if not passed_stop and progress.stop_event.is_set():
            worker.stop_event.set()
            passed_stop = True
        ready = wait([connection, sentinel], POLL_SECONDS)
        if not ready:
            continue
        if connection in ready or connection.poll():
            try:
                message = connection.recv()
            except (EOFError, OSError):
                raise FitFailed(worker.death()) from None
            kind = message[0]
            if kind == "epoch":
                progress.history.append(message[1])
            elif kind == "note":
                progress.notes.append(message[1])
            elif kind == "phase":
                progress.phase = message[1]
            elif kind == "total_epochs":
                progress.total_epochs = message[1]
            elif kind == "end":
                return message[1], bool(message[2]) if len(message) > 2 else False
            elif kind == "failed":
                raise FitFailed(message[1], message[2] if len(message) > 2 else "")
        elif sentinel in ready:
            raise FitFailed(worker.death())
