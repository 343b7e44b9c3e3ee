"""What starts a training run, and finds one under way by its key.

Today every run starts at once in a thread of its own (``lstm_viz.training.TrainingJob``). Issue 27's fair queue
(at most K fits at a time, a place in line, identical requests joining the run under way) replaces ``Runner``; the
pages' scaffold (``ui.training``) calls only ``start`` and ``running``.
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
    """What training a run means: the work (builds and fits a model, returns its result), its epochs, its label."""

    work: Callable[[Progress], Any]
    epochs: int
    label: str


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
