"""Short CPU-bound jobs (training the explorer's cell: tenths of a second to a few seconds) off the server's
process: a pool of worker processes, so that their work never holds the interpreter lock the sessions' reruns need.

The embedded default needs no service: ``LSTM_VIZ_TRAINING_RUNS`` worker processes (default 1; 0 runs each job in
the calling thread, one at a time). Workers start with "spawn" (nothing of the server is copied into them) on the
first job and stay. A job is a module-level function and its arguments, all picklable; a job that waits longer
than ``patience`` seconds for a worker is not run (``Busy``), so a crowd is told to try again instead of queuing
for ever.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_waiting = threading.BoundedSemaphore(64)  # jobs submitted and not yet done, over all sessions
_inline = threading.Lock()


class Busy(RuntimeError):
    """Every worker stayed busy for longer than the job would wait."""


def workers() -> int:
    try:
        return max(int(os.environ.get("LSTM_VIZ_TRAINING_RUNS", "1")), 0)
    except ValueError:
        return 1


def _executor() -> ProcessPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            _pool = ProcessPoolExecutor(max_workers=workers(), mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_watch_parent, initargs=(os.getpid(),))  # fmt: skip
        return _pool


def _watch_parent(parent: int, every: float = 1.0) -> None:
    """In a worker: exit once the server that started it is gone. A server killed (a restart, a crash, SIGKILL)
    never shuts its pool down, and its idle workers would stay for good, each holding NumPy's memory."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(0)

    threading.Thread(target=watch, name="lstm-viz-parent-watch", daemon=True).start()


def _nothing() -> None:
    return None


_warmed = threading.Event()


def warm() -> None:
    """Start the workers now (a spawned worker imports NumPy and the cells: about a second), not on the first
    Train; once per process, without waiting."""
    if workers() and not _warmed.is_set():
        _warmed.set()
        _executor().submit(_nothing)


def run(function, *args, patience: float = 20.0):
    """``function(*args)`` in a worker process (or here, when there are none); Busy if it has not finished after
    ``patience`` seconds (waiting included)."""
    if workers() == 0:
        if not _inline.acquire(timeout=patience):
            raise Busy()
        try:
            return function(*args)
        finally:
            _inline.release()
    if not _waiting.acquire(timeout=patience):
        raise Busy()
    try:
        try:
            future: Future = _executor().submit(function, *args)
            return future.result(timeout=patience)
        except FutureTimeout:
            future.cancel()
            raise Busy() from None
        except BrokenProcessPool:  # a worker died (killed, out of memory): the next job gets a new pool
            _forget_pool()
            raise Busy() from None
    finally:
        _waiting.release()


def _forget_pool() -> None:
    global _pool
    with _lock:
        broken, _pool = _pool, None
    if broken is not None:
        broken.shutdown(wait=False, cancel_futures=True)
