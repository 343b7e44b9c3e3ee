"""A class in one room (issue 28): a lecturer drives, students follow and answer (no Streamlit here).

``classroom()`` is the process's one ``Classroom`` (lstm_viz.classroom.service) over ``open_store()``: Redis when
``LSTM_VIZ_REDIS_URL`` (else the engine's ``LSTM_VIZ_REDIS``) is set, so several app processes share the classes;
otherwise one SQLite file at ``$LSTM_VIZ_CLASSES`` or ``~/.cache/lstm-viz/classes.sqlite3``, which outlives a restart.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from lstm_viz.classroom.service import ClassError, Classroom, Refused
from lstm_viz.classroom.store import ClassStore

__all__ = ["ClassError", "Classroom", "Refused", "classroom", "open_store"]

DEFAULT_PATH = Path("~/.cache/lstm-viz/classes.sqlite3")
_lock = threading.Lock()
_classroom: Classroom | None = None


def open_store() -> ClassStore:
    """The store the settings name (see the module's docstring)."""
    url = os.environ.get("LSTM_VIZ_REDIS_URL") or os.environ.get("LSTM_VIZ_REDIS")
    if url:
        from lstm_viz.classroom.redis_store import RedisClassStore

        return RedisClassStore(url)
    from lstm_viz.classroom.sqlite_store import SQLiteClassStore

    path = Path(os.environ.get("LSTM_VIZ_CLASSES") or DEFAULT_PATH).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    return SQLiteClassStore(path)


def classroom() -> Classroom:
    """The process-wide Classroom over open_store(), made once (thread-safe)."""
    global _classroom
    if _classroom is None:
        with _lock:
            if _classroom is None:
                _classroom = Classroom(open_store())
    return _classroom
