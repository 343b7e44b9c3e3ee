"""The embedded scheduler: a fair queue of training runs in this process, at most K fits at a time (issue 27).

``FairQueue.submit(run, session, runs)`` trains ``run`` from its key alone (``run.plan()``) in a
``lstm_viz.training.TrainingJob`` thread once a slot is free, and records its result into ``runs`` (the submitting
session's ``SessionRuns``, and those of every session that joined it). The rules:

- at most ``slots`` fits run at once (``$LSTM_VIZ_SLOTS``, else the number of cores); the rest wait, "queued";
- fair share: the next run to start is chosen round-robin across sessions (a session with runs waiting gets its turn
  after every other waiting session's), and one session has at most ``per_session`` runs queued or running
  (``SessionLimit``); at most ``limit`` runs wait in all (``QueueFull``: "the server is busy, try in a few minutes");
- an identical request (the same key) joins the run queued or under way: the same job, trained once;
- Stop on a queued run takes it out of the line (status "stopped", nothing trained); a failing run is marked
  "failed" with its message, and the next run starts.

Each fit trains in a niced worker process (the default, ``FairQueue(processes=True)``; ``lstm_viz.runs.local``:
Keras loaded once per worker, the progress relayed by the job's thread, the run kept in the store by the worker; a
worker that dies makes its run "failed" with a message, and the queue goes on), or, with
``$LSTM_VIZ_FIT_PROCESSES=0``, in a thread of this process (TensorFlow's threads per fit limited to the cores'
share). Processes are the default: measured here, a fit in a thread holds the server's GIL and slows every page.

Each job knows its ``position()`` and ``eta_seconds()`` (until it starts), from the runs ahead of it and the slots:
their durations are the keys' own estimates (``RunKey.estimate_seconds()``), corrected by what this process has
measured (``Durations``: an exponential average, per family and recipe, of measured / estimated seconds).
No Streamlit here.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from lstm_viz.i18n import Plural, TextError
from lstm_viz.runs.key import RunKey
from lstm_viz.runs.local import fit_processes_setting, remote_work, shared_pool
from lstm_viz.training import SLOTS_VARIABLE, TrainingJob, slots_setting, threads_per_fit

__all__ = ["SLOTS_VARIABLE", "Durations", "FairQueue", "QueueFull", "SessionLimit", "slots_setting"]
PER_SESSION = 2
LIMIT = 200
FALLBACK_ESTIMATE = 60.0  # seconds, for a key that cannot estimate itself


class QueueFull(TextError):
    """Too many runs wait already: the server is busy."""

    def __init__(self, limit: int = LIMIT) -> None:
        super().__init__("queue.full", limit=limit)


class SessionLimit(TextError):
    """This session already has its share of runs queued or running."""

    def __init__(self, count: int = PER_SESSION) -> None:
        super().__init__("queue.session_limit", count=count, runs=Plural(count, "run"))


def recipe_of(run: RunKey) -> str:
    """The recipe a run's duration depends on most, as a name (with its family: the group of measured durations)."""
    recipe = getattr(run, "recipe", None)
    name = recipe if isinstance(recipe, str) else getattr(recipe, "key", None)
    if name is None and recipe is not None:
        name = type(recipe).__name__ + str(getattr(recipe, "units", ""))
    return f"{type(run).__name__}/{name}"


class Durations:
    """How long runs take on this server: per family and recipe, an exponential average of measured seconds over
    the key's own estimate, applied to the next run's estimate (before any run has finished: the estimate)."""

    def __init__(self, weight: float = 0.3) -> None:
        self.weight = weight
        self._ratios: dict[str, float] = {}
        self._lock = threading.Lock()

    def predict(self, run: RunKey, estimate: float) -> float:
        with self._lock:
            return estimate * self._ratios.get(recipe_of(run), 1.0)

    def measured(self, run: RunKey) -> bool:
        """Whether a run of this family and recipe has finished here (the prediction is this server's own)."""
        with self._lock:
            return recipe_of(run) in self._ratios

    def record(self, run: RunKey, estimate: float, seconds: float) -> None:
        if estimate <= 0 or seconds <= 0:
            return
        ratio, group = seconds / estimate, recipe_of(run)
        with self._lock:
            previous = self._ratios.get(group)
            self._ratios[group] = ratio if previous is None else previous + self.weight * (ratio - previous)


@dataclass(eq=False)
class _Entry:
    run: RunKey
    session: str
    job: TrainingJob
    estimate: float  # the key's own, seconds
    runs: list = field(default_factory=list)  # the SessionRuns to record the result into


def _estimate(run: RunKey) -> float:
    try:
        seconds = float(run.estimate_seconds())
    except Exception:
        return FALLBACK_ESTIMATE
    return seconds if seconds > 0 else FALLBACK_ESTIMATE


class FairQueue:
    """The scheduler ``ui.runs.runner()`` returns by default: ``submit``, ``running``; and, for a job,
    ``position``, ``eta_seconds``, ``cancel``."""

    def __init__(
        self,
        slots: int | None = None,
        per_session: int = PER_SESSION,
        limit: int = LIMIT,
        durations: Durations | None = None,
        clock: Callable[[], float] = time.monotonic,
        processes: bool | None = None,
    ) -> None:
        self.slots = slots or slots_setting()
        self.processes = fit_processes_setting() if processes is None else processes
        self.workers = shared_pool(threads_per_fit(self.slots)) if self.processes else None
        self.per_session, self.limit = per_session, limit
        self.durations = durations or Durations()
        self._clock = clock
        self._lock = threading.RLock()
        self._entries: dict[RunKey, _Entry] = {}  # every run queued or running, by key
        self._lines: dict[str, deque[_Entry]] = {}  # each session's waiting runs, in the order it asked
        self._turns: deque[str] = deque()  # the sessions with runs waiting, the next to be served first
        self._running: list[_Entry] = []

    # --- what a page calls ---------------------------------------------------------------------------------------

    def expected_seconds(self, run: RunKey) -> tuple[float, bool]:
        """How long ``run`` will probably take once started, and whether that comes from runs finished here (else the
        key's own estimate): the one estimate every page says before Train."""
        return self.durations.predict(run, _estimate(run)), self.durations.measured(run)

    def submit(self, run: RunKey, session: str, runs: Any) -> TrainingJob:
        """Queue ``run`` for ``session`` (its result recorded into ``runs``), or join the identical run queued or
        under way. Raises SessionLimit or QueueFull (TextErrors); a key whose plan cannot be made raises its own."""
        with self._lock:
            joined = self._join(run, runs)
            if joined is not None:
                return joined
            self._check_limits(session)
        plan = run.plan()  # outside the lock: it may compute the data's shape
        estimate = _estimate(run)
        with self._lock:
            joined = self._join(run, runs)  # (another session may have asked meanwhile)
            if joined is not None:
                return joined
            self._check_limits(session)
            entry = _Entry(run, session, None, estimate, [runs] if runs is not None else [])  # type: ignore[arg-type]
            work = remote_work(self.workers, run) if self.workers is not None else plan.work
            entry.job = TrainingJob(self._work_of(entry, work), plan.epochs, plan.label, queued=True)
            entry.job.queue = self
            entry.job.on_end.append(lambda job, entry=entry: self._ended(entry))
            self._entries[run] = entry
            self._lines.setdefault(session, deque()).append(entry)
            if session not in self._turns:
                self._turns.append(session)
            self._dispatch()
            return entry.job

    def running(self, run: RunKey) -> TrainingJob | None:
        """The job of this run, queued or running, whichever session asked for it (None if there is none)."""
        with self._lock:
            entry = self._entries.get(run)
            return entry.job if entry is not None and entry.job.running else None

    def follow(self, run: RunKey, runs: Any) -> TrainingJob | None:
        """Like ``running``, and the run's result is recorded into ``runs`` too (a reloaded tab that follows a run
        gets it even if the run is stopped, which every session's store does not keep)."""
        with self._lock:
            return self._join(run, runs)

    def position(self, job: TrainingJob) -> int | None:
        """1 for the next run to start; None if the job is not waiting."""
        with self._lock:
            order = self._order()
            for place, entry in enumerate(order, 1):
                if entry.job is job:
                    return place
        return None

    def eta_seconds(self, job: TrainingJob) -> float | None:
        """About how long until ``job`` starts: the slots free up as the running runs end (their predicted time
        left), and each waiting run ahead of it takes a slot for its predicted time."""
        with self._lock:
            order = self._order()
            if not any(entry.job is job for entry in order):
                return None
            free = [self._time_left(entry) for entry in self._running]
            free += [0.0] * max(0, self.slots - len(free))
            for entry in order:
                free.sort()
                start = free[0]
                if entry.job is job:
                    return start
                free[0] = start + self.durations.predict(entry.run, entry.estimate)
        return None

    def cancel(self, job: TrainingJob) -> None:
        """A queued job leaves the line: stopped, nothing trained (a running one stops by its own stop flag)."""
        with self._lock:
            entry = next((e for e in self._entries.values() if e.job is job), None)
            if entry is None or job.status != "queued":
                return
            self._leave_line(entry)
            job.status, job.cancelled = "stopped", True
        job.end()  # (outside the lock: its callbacks take it again)

    def counts(self) -> dict[str, int]:
        with self._lock:
            return {"running": len(self._running), "queued": sum(len(line) for line in self._lines.values())}

    # --- inside --------------------------------------------------------------------------------------------------

    def _join(self, run: RunKey, runs: Any) -> TrainingJob | None:
        entry = self._entries.get(run)
        if entry is None or not entry.job.running:
            return None
        if runs is not None and all(runs is not known for known in entry.runs):
            entry.runs.append(runs)
        return entry.job

    def _check_limits(self, session: str) -> None:
        mine = sum(1 for entry in self._entries.values() if entry.session == session)
        if mine >= self.per_session:
            raise SessionLimit(mine)
        if sum(len(line) for line in self._lines.values()) >= self.limit:
            raise QueueFull(self.limit)

    def _work_of(self, entry: _Entry, work: Callable) -> Callable:
        def work_and_record(progress):
            result = work(progress)
            with self._lock:
                runs = list(entry.runs)
            for each in runs:  # (SessionRuns.record keeps it in the session even if a store cannot)
                each.record(entry.run, result, stopped=progress.stopped)
            return result

        return work_and_record

    def _order(self) -> list[_Entry]:
        """The waiting runs in the order they will start: round-robin over the sessions' lines."""
        turns = deque(self._turns)
        lines = {session: deque(line) for session, line in self._lines.items()}
        order = []
        while turns:
            session = turns.popleft()
            line = lines.get(session)
            if not line:
                continue
            order.append(line.popleft())
            if line:
                turns.append(session)
        return order

    def _time_left(self, entry: _Entry) -> float:
        job = entry.job
        predicted = self.durations.predict(entry.run, entry.estimate)
        done, total = job.progress.epochs_done, max(job.progress.total_epochs, 1)
        elapsed = job.elapsed
        if done:  # the run's own pace so far
            return max(0.0, elapsed / done * (total - done))
        return max(0.0, predicted - elapsed)

    def _leave_line(self, entry: _Entry) -> None:
        line = self._lines.get(entry.session)
        if line is not None and entry in line:
            line.remove(entry)
            if not line:
                del self._lines[entry.session]
                if entry.session in self._turns:
                    self._turns.remove(entry.session)

    def _dispatch(self) -> None:
        """Start waiting runs while a slot is free, the next session in turn first."""
        while len(self._running) < self.slots and self._turns:
            session = self._turns.popleft()
            line = self._lines.get(session)
            if not line:
                self._lines.pop(session, None)
                continue
            entry = line.popleft()
            if line:
                self._turns.append(session)  # its next run waits for every other session's turn
            else:
                del self._lines[session]
            self._running.append(entry)
            entry.job.start()

    def _ended(self, entry: _Entry) -> None:
        with self._lock:
            if self._entries.get(entry.run) is entry:
                del self._entries[entry.run]
            self._leave_line(entry)
            if entry in self._running:
                self._running.remove(entry)
            if entry.job.status == "done":
                self.durations.record(entry.run, entry.estimate, entry.job.seconds)
            self._dispatch()
