"""Training in a background thread, so that a page can show live progress, be used meanwhile, and stop it.

A ``TrainingJob`` runs ``work(progress)`` in a daemon thread. ``work`` builds and fits a Keras model and passes
``progress`` (a ``Progress``) to ``fit`` through ``progress.callback()``: every epoch is recorded in
``job.history``, and ``job.stop()`` makes the fit end after the current batch with the weights trained so far.
Nothing here imports Streamlit; pages poll the job from a ``st.fragment(run_every=…)``.
"""

from __future__ import annotations

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

    def record(self, logs: dict[str, Any]) -> None:
        self.history.append({key: float(value) for key, value in (logs or {}).items()})

    def callback(self):
        """A Keras callback that records every epoch and stops the fit when ``stop_event`` is set."""
        import keras  # lazily: this module is imported by pages that must not load TensorFlow

        progress = self

        class _Callback(keras.callbacks.Callback):
            def on_epoch_end(self, epoch, logs=None):
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

        return _Callback()

    @property
    def epochs_done(self) -> int:
        return len(self.history)

    @property
    def stopped(self) -> bool:
        return self.stop_event.is_set()


class TrainingJob:
    """One training run in a daemon thread: ``status`` is "running", "done", "stopped" or "failed"."""

    def __init__(self, work: Callable[[Progress], Any], total_epochs: int, label: str = "") -> None:
        self.progress = Progress(total_epochs)
        self.label = label
        self.result: Any = None
        self.error: str | None = None
        self.status = "running"
        self.started = time.monotonic()
        self.seconds = 0.0
        self._work = work
        self._thread = threading.Thread(target=self._run, name=f"training {label}", daemon=True)

    def start(self) -> TrainingJob:
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self.result = self._work(self.progress)
            self.status = "stopped" if self.progress.stopped else "done"
        except Exception as error:  # reported on the page, never raised into Streamlit's thread
            self.error = f"{type(error).__name__}: {error}"
            self.details = traceback.format_exc()
            self.status = "failed"
        finally:
            self.seconds = time.monotonic() - self.started

    def stop(self) -> None:
        self.progress.stop_event.set()

    def wait(self, timeout: float | None = None) -> TrainingJob:
        self._thread.join(timeout)
        return self

    @property
    def running(self) -> bool:
        return self.status == "running"

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started if self.running else self.seconds
