"""Where runs are kept once they have ended.

Two stores per kind of run: every session's (``shared``: only runs that finished their recipe, so another student's
identical request is served at once) and one browser session's own (``own``: its runs stopped half-way too). The
shared one is a ``lstm_viz.runs.disk.DiskStore`` in the app (``ui.runs.shared_store``: kept across restarts, shared
by every process), a ``MemoryStore`` where nothing needs to last; the own one a ``MemoryStore`` in the session.
"""

from __future__ import annotations

import logging
import threading
import weakref
from typing import Any, Protocol

from lstm_viz.runs.key import RunKey

log = logging.getLogger(__name__)


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


# why a session's runs were not kept by the shared store, by the session's own store (which lives as long as the
# session: a ``SessionRuns`` is made afresh on every page run)
_NOT_KEPT: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class SessionRuns:
    """The runs one session can see: every session's finished runs and its own (which win on the same key)."""

    def __init__(self, shared: RunStore, own: RunStore) -> None:
        self.shared, self.own = shared, own
        try:
            self._not_kept: dict[RunKey, str] = _NOT_KEPT.setdefault(own, {})
        except TypeError:  # an own store without weak references: the reasons last as long as this object
            self._not_kept = {}

    def find(self, run: RunKey) -> Any | None:
        """This run's result: the session's own, else every session's (None if it has not ended anywhere)."""
        own = self.own.get(run)
        return own if own is not None else self.shared.get(run)

    def finished(self, run: RunKey) -> bool:
        """Whether this run has finished its recipe (in any session): training it again would give the same."""
        if hasattr(self.shared, "__contains__"):
            return run in self.shared  # (a disk store answers without loading the model)
        return self.shared.get(run) is not None

    def all(self) -> dict[RunKey, Any]:
        """Every run this session can see, the shared ones first."""
        return {**dict(self.shared.items()), **dict(self.own.items())}

    def record(self, run: RunKey, result: Any, stopped: bool) -> None:
        """A run has ended: the session keeps it; every session gets it unless it was stopped early.

        Never raises: if the shared store cannot keep the result (a full or read-only disk), the session still has
        it, a log line says why, and ``not_kept(run)`` gives the reason."""
        self.own.put(run, result)
        if stopped:
            return
        try:
            self.shared.put(run, result)
        except Exception as error:  # OSError mostly; whatever it is, the session keeps its result
            reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
            self._not_kept[run] = reason
            log.warning("run %s was not kept by the shared store: %s: %s", run.name, type(error).__name__, error)
        else:
            self._not_kept.pop(run, None)

    def mark_not_kept(self, run: RunKey, reason: str) -> None:
        """The run reached this session, but no store could keep it (an engine's worker found the disk full)."""
        self._not_kept[run] = reason

    def not_kept(self, run: RunKey) -> str | None:
        """Why this session's run was not kept for every session (the store's error), or None."""
        return self._not_kept.get(run)
