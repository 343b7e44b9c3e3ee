"""A gate for the runs of a crowd (issue 28): at most ``size`` of them at a time in one server process.

Python runs one thread at a time. When sixty students' pages run at once (a room joining, a question appearing on
every phone), each other session's run gets a sixty-first of the process: a rerun of the explorer that takes 50 ms
alone took over half a second beside a room joining. The crowd's runs pass through a gate of a few slots, so that
at any moment they take a few shares of the process, not sixty, and nobody else waits behind them. The crowd's own
work is not made slower in total (the process does the same work, in another order); a student's page appears a
little later in a burst, an explorer's at once. A lab's Trains of the explorer's cell are a crowd too: the run that
brings a Train's result passes the same gate (``GATED_RUN``, set by ui/explorer_train's callback).

A run that has waited ``patience`` seconds passes anyway: a gate never holds a page forever, whatever a slot's
holder does. The gate is re-entrant per thread (a page's run that passed it can run a fragment that asks again).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SIZE_VARIABLE = "LSTM_VIZ_CROWD_RUNS"  # slots of the gate per process (0: no gate)
DEFAULT_SIZE = 2
PATIENCE_SECONDS = 5.0
GATED_RUN = "admission_gated_run"  # a session flag: its next run passes the gate (a Train, ui/explorer_train)


class Gate:
    def __init__(self, size: int, patience: float = PATIENCE_SECONDS):
        self.size = max(int(size), 0)
        self.patience = patience
        self._slots = threading.Semaphore(self.size) if self.size else None
        self._local = threading.local()
        self._lock = threading.Lock()
        self.passed = 0  # runs that went through (for tests and benches)
        self.waited = 0  # runs that found every slot taken
        self.overdue = 0  # runs that passed after ``patience`` without a slot

    @contextmanager
    def passing(self) -> Iterator[None]:
        depth = getattr(self._local, "depth", 0)
        holds = False
        if depth == 0:
            with self._lock:
                self.passed += 1
        if depth == 0 and self._slots is not None:
            holds = self._slots.acquire(blocking=False)
            if not holds:
                with self._lock:
                    self.waited += 1
                holds = self._slots.acquire(timeout=self.patience)
                if not holds:
                    with self._lock:
                        self.overdue += 1
        self._local.depth = depth + 1
        try:
            yield
        finally:
            self._local.depth = depth
            if holds:
                self._slots.release()


def size_setting() -> int:
    """The gate's size from ``LSTM_VIZ_CROWD_RUNS`` (a bad value: the default)."""
    try:
        return max(int(os.environ.get(SIZE_VARIABLE, DEFAULT_SIZE)), 0)
    except ValueError:
        return DEFAULT_SIZE


_gate: Gate | None = None
_made = threading.Lock()


def crowd() -> Gate:
    """This process's gate for the crowd's runs."""
    global _gate
    with _made:
        if _gate is None:
            _gate = Gate(size_setting())
        return _gate
