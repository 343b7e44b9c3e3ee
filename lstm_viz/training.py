"""Training in a background thread, so that a page can show live progress, be used meanwhile, and stop it.

A ``TrainingJob`` runs ``work(progress)`` in a daemon thread. ``work`` builds and fits a Keras model and passes
``progress`` (a ``Progress``) to ``fit`` through ``progress.callback()``: every epoch is recorded in
``job.history``, and ``job.stop()`` makes the fit end after the current batch with the weights trained so far.
Nothing here imports Streamlit; pages poll the job from a ``st.fragment(run_every=…)``.
"""

from __future__ import annotations

import os
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

_BUILD_LOCK = threading.Lock()  # seeding and building a model touch Keras's global state: one at a time


def build_lock() -> threading.Lock:
    """Hold this while seeding Keras and building a model, so parallel jobs do not interleave their seeds."""
    return _BUILD_LOCK


@dataclass
class Progress:
    """What a running fit reports, and the flag that stops it."""

    total_epochs: int
    history: list[dict[str, float]] = field(default_factory=list)  # one dict of logs per finished epoch
    notes: list[Any] = field(default_factory=list)  # what else the work reports as it goes (e.g. a text sample)
    stop_event: threading.Event = field(default_factory=threading.Event)
    phase: str = "starting"
    pid: int | None = None  # the process that trains the fit, when it is not this one (lstm_viz.runs.local)
    cut_epoch: bool = False  # Stop ended an epoch after some of its batches: that epoch is not counted as finished

    def record(self, logs: dict[str, Any]) -> None:
        self.history.append({key: float(value) for key, value in (logs or {}).items()})

    def callback(self):
        """A Keras callback that records every epoch and stops the fit when ``stop_event`` is set."""
        import keras  # lazily: this module is imported by pages that must not load TensorFlow

        progress = self

        class _Callback(keras.callbacks.Callback):
            def on_epoch_end(self, epoch, logs=None):
                if progress.cut_epoch:  # Stop cut this epoch short: its numbers are of part of an epoch, and it
                    return  # is not one the model finished (the bar said "epoch 2 of 6": Stop says 2, not 3)
                logs = dict(logs or {})
                optimizer = getattr(self.model, "optimizer", None)
                if optimizer is not None and "learning_rate" not in logs:
                    try:
                        logs["learning_rate"] = float(keras.ops.convert_to_numpy(optimizer.learning_rate))
                    except (TypeError, ValueError, AttributeError):
                        pass
                progress.record(logs)
                if progress.stop_event.is_set():
                    self.model.stop_training = True

            def on_train_batch_end(self, batch, logs=None):
                if progress.stop_event.is_set():
                    self.model.stop_training = True  # Keras ends the epoch after this batch
                    steps = (self.params or {}).get("steps")
                    progress.cut_epoch = progress.cut_epoch or steps is None or batch + 1 < steps

        return _Callback()

    @property
    def epochs_done(self) -> int:
        return len(self.history)

    @property
    def stopped(self) -> bool:
        return self.stop_event.is_set()


class TrainingJob:
    """One training run in a daemon thread: ``status`` is "queued" (made with ``queued=True``, until ``start``),
    "running", "done", "stopped" or "failed".

    A queued job belongs to a queue (``queue``: ``position(job)``, ``eta_seconds(job)``, ``cancel(job)``), which
    starts it when a slot is free; Stop on a queued job takes it out of the line (status "stopped", nothing trained).
    ``on_end`` callbacks run in the training thread once the status is final."""

    def __init__(
        self, work: Callable[[Progress], Any], total_epochs: int, label: Any = "", queued: bool = False
    ) -> None:
        self.progress = Progress(total_epochs)
        self.label = label
        self.result: Any = None
        self.error: str | None = None
        self.details = ""
        self.status = "queued" if queued else "running"
        self.queue: Any = None
        self.cancelled = False  # stopped while queued: nothing trained
        self.on_end: list[Callable[[TrainingJob], None]] = []
        self.submitted = self.started = time.monotonic()
        self.seconds = 0.0
        self._work = work
        self._ended = threading.Event()
        self._thread = threading.Thread(target=self._run, name="training", daemon=True)

    def start(self) -> TrainingJob:
        self.status = "running"
        self.started = time.monotonic()
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self.result = self._work(self.progress)
            self.status = "stopped" if self.progress.stopped else "done"
        except Exception as error:  # reported on the page, never raised into Streamlit's thread
            # (a run that failed in a worker process: the worker's own message and traceback)
            self.error = getattr(error, "job_error", None) or f"{type(error).__name__}: {error}"
            self.details = getattr(error, "details", None) or traceback.format_exc()
            self.status = "failed"
        finally:
            self.seconds = time.monotonic() - self.started
            self.end()

    def end(self) -> None:
        """The status is final: run the ``on_end`` callbacks (each once; one failing does not stop the others)."""
        for callback in self.on_end:
            try:
                callback(self)
            except Exception:
                traceback.print_exc()
        self._ended.set()

    def stop(self) -> None:
        """Stop after the current batch (the model as trained so far is the result); a queued job leaves the line."""
        self.progress.stop_event.set()
        if self.status == "queued" and self.queue is not None:
            self.queue.cancel(self)

    def wait(self, timeout: float | None = None) -> TrainingJob:
        self._ended.wait(timeout)
        return self

    def position(self) -> int | None:
        """The job's place in line (1: the next to start), or None when it is not queued."""
        return self.queue.position(self) if self.status == "queued" and self.queue is not None else None

    def eta_seconds(self) -> float | None:
        """About how long until the job starts (None when it is not queued)."""
        return self.queue.eta_seconds(self) if self.status == "queued" and self.queue is not None else None

    @property
    def running(self) -> bool:
        """True while queued or running."""
        return self.status in ("queued", "running")

    @property
    def elapsed(self) -> float:
        if self.status == "queued":
            return 0.0
        return time.monotonic() - self.started if self.running else self.seconds


THREADS_VARIABLE = "LSTM_VIZ_TF_THREADS"
SLOTS_VARIABLE = "LSTM_VIZ_SLOTS"
_threads_lock = threading.Lock()
_threads_set = False


def slots_setting() -> int:
    """K, the fits at once: ``$LSTM_VIZ_SLOTS`` (a whole number ≥ 1), else the number of cores."""
    try:
        slots = int(os.environ.get(SLOTS_VARIABLE, ""))
    except ValueError:
        slots = 0
    return slots if slots >= 1 else max(1, os.cpu_count() or 1)


def threads_per_fit(slots: int | None = None) -> int:
    """TensorFlow's intra- and inter-op threads for each fit: ``$LSTM_VIZ_TF_THREADS``, else the cores shared by the
    K fits at once (``slots``, default ``slots_setting()``; at least 1: on this 2-core machine with K = 2, one each).
    0: TensorFlow's own choice."""
    try:
        return max(0, int(os.environ.get(THREADS_VARIABLE, "")))
    except ValueError:
        return max(1, (os.cpu_count() or 1) // (slots or slots_setting()))


def limit_tensorflow_threads() -> None:
    """Once per process, before TensorFlow runs anything (the plans' work calls it first): each fit's ops use at most
    ``threads_per_fit()`` threads. Measured here (issue 27: two alphabet fits, variant 5, at once in one process,
    beside a thread doing the explorer's NumPy work; three paired trials of 20 epochs on the shared 2-core machine):
    one thread per fit took 26–36 CPU-seconds for the two fits against 34–45 with TensorFlow's own pools (about 17 %
    less, the oversubscription gone); wall time and the NumPy work's latency moved within the machine's noise (p95
    44–136 ms against 78–110 ms): the fits' Python (the GIL), not TensorFlow's pools, is what slows the explorer."""
    global _threads_set
    with _threads_lock:
        if _threads_set:
            return
        _threads_set = True
        threads = threads_per_fit()
        if threads <= 0:
            return
        import tensorflow as tf  # the training thread loads it anyway

        try:
            tf.config.threading.set_intra_op_parallelism_threads(threads)
            tf.config.threading.set_inter_op_parallelism_threads(threads)
        except RuntimeError:  # TensorFlow ran something already in this process: its threads are fixed
            pass
