"""Where runs are kept once they have ended.

Two stores per kind of run: every session's (``shared``: only runs that finished their recipe, so another student's
identical request is served at once) and one browser session's own (``own``: its runs stopped half-way too). Today
both are ``MemoryStore``s (the shared one lives as long as the server process); a store on disk implements the same
``RunStore`` and replaces the shared one in one place (``ui.runs.shared_store``), keyed by ``RunKey.name``.
"""

from __future__ import annotations

import threading
from typing import Any, Protocol

from lstm_viz.runs.key import RunKey


class RunStore(Protocol):
    """Finished runs by key. ``put`` is called from a training thread."""

    def get(self, run: RunKey) -> Any | None: ...

    def put(self, run: RunKey, result: Any) -> None: ...

    def items(self) -> list[tuple[RunKey, Any]]: ...  # in the order they were stored


class MemoryStore:
    """A ``RunStore`` in a dict (insertion order: the latest run last)."""

    def __init__(self) -> None:
        self._results: dict[RunKey, Any] = {}
        self._lock = threading.Lock()

    def get(self, run: RunKey) -> Any | None:
        return self._results.get(run)

    def put(self, run: RunKey, result: Any) -> None:
        with self._lock:
            self._results[run] = result

    def items(self) -> list[tuple[RunKey, Any]]:
        with self._lock:
            return list(self._results.items())

    def __contains__(self, run: object) -> bool:
        return run in self._results


class SessionRuns:
    """The runs one session can see: every session's finished runs and its own (which win on the same key)."""

    def __init__(self, shared: RunStore, own: RunStore) -> None:
        self.shared, self.own = shared, own

    def find(self, run: RunKey) -> Any | None:
        """This run's result: the session's own, else every session's (None if it has not ended anywhere)."""
        own = self.own.get(run)
        return own if own is not None else self.shared.get(run)

    def finished(self, run: RunKey) -> bool:
        """Whether this run has finished its recipe (in any session): training it again would give the same."""
        return self.shared.get(run) is not None

    def all(self) -> dict[RunKey, Any]:
        """Every run this session can see, the shared ones first."""
        return {**dict(self.shared.items()), **dict(self.own.items())}

    def record(self, run: RunKey, result: Any, stopped: bool) -> None:
        """A run has ended: the session keeps it; every session gets it unless it was stopped early."""
        self.own.put(run, result)
        if not stopped:
            self.shared.put(run, result)
