"""What starts a training run, and finds one under way by its key.

``Runner`` starts every run at once in a thread of its own (``lstm_viz.training.TrainingJob``). The pages use the
fair queue (``lstm_viz.runs.queue.FairQueue``: at most K fits at a time, a place in line, identical requests joining
the run under way), which trains a run from its key alone (``RunKey.plan()``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lstm_viz.runs.key import RunKey
from lstm_viz.runs.store import SessionRuns
from lstm_viz.training import Progress, TrainingJob


@dataclass(frozen=True)
class Plan:
    """What training a run means (``RunKey.plan()``): the work (builds and fits a model, returns its result), its
    epochs, and its label: ``(catalogue key, values)``, translated where it is shown (``label_text``)."""

    work: Callable[[Progress], Any]
    epochs: int
    label: tuple[str, dict] | str


def label_text(label: Any, tr) -> str:
    """A plan's label in the page's language: ``(key, values)`` → ``tr(key, **values)``, where a value that is itself a
    ``(key, values)`` pair is translated first (a key missing from the catalogue shows its last part); a plain string
    as it is."""
    if isinstance(label, list | tuple) and len(label) == 2 and isinstance(label[0], str) and isinstance(label[1], dict):
        key, values = label
        values = {
            name: label_text(value, tr) if isinstance(value, list | tuple) else value for name, value in values.items()
        }
        if not tr.has(key):
            return key.rsplit(".", 1)[-1]
        return tr(key, **values)
    return str(label)


class Runner:
    """Starts runs in background threads; the result goes into the session's stores when the run ends."""

    def __init__(self) -> None:
        self._running: dict[RunKey, TrainingJob] = {}
        self._lock = threading.Lock()

    def start(self, run: RunKey, plan: Plan, runs: SessionRuns) -> TrainingJob:
        """Start ``plan`` for ``run``; its result is recorded in ``runs`` (by the training thread, so a run whose tab
        was closed still lands in the shared store)."""

        def work_and_record(progress: Progress) -> Any:
            try:
                result = plan.work(progress)
                runs.record(run, result, stopped=progress.stopped)
                return result
            finally:
                with self._lock:
                    if self._running.get(run) is job:
                        del self._running[run]

        job = TrainingJob(work_and_record, plan.epochs, plan.label)
        with self._lock:
            self._running[run] = job
        return job.start()

    def running(self, run: RunKey) -> TrainingJob | None:
        """The job training this run now, started by any session (None if there is none)."""
        with self._lock:
            return self._running.get(run)
