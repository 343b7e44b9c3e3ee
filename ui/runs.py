"""Where this server keeps training runs (``lstm_viz.runs``), as the pages see them.

Every session's finished runs of a family (``RunKey.family``) live on disk (``lstm_viz.runs.disk``: the folder
``$LSTM_VIZ_RUNS``, kept across restarts and shared by every server process and worker), one store object per process
(Streamlit's resource cache); a session's own runs, stopped ones too, in its session state. ``runner`` is the embedded
fair queue.
"""

from __future__ import annotations

import streamlit as st

from lstm_viz.runs import MemoryStore, RunStore, SessionRuns
from lstm_viz.runs.queue import FairQueue


@st.cache_resource(show_spinner=False)
def shared_store(family: str) -> RunStore:
    """Every session's finished runs of this family: on disk in ``runs_folder()`` (``$LSTM_VIZ_RUNS``), found again
    after a restart and shared by every server process and worker on that folder."""
    from lstm_viz.runs.disk import runs_folder
    from lstm_viz.runs.disk import shared_store as disk_store

    return disk_store(str(runs_folder()), family)


@st.cache_resource(show_spinner=False)
def runner():
    """What trains this server's runs, and knows the ones queued or under way: the engine if one is set, else the
    embedded fair queue (at most ``$LSTM_VIZ_SLOTS`` fits at once, default the number of cores;
    lstm_viz.runs.queue.FairQueue)."""
    engine = engine_runner()
    if engine is not None:
        return engine
    return FairQueue()


ENGINE_VARIABLE, REDIS_VARIABLE = "LSTM_VIZ_ENGINE", "LSTM_VIZ_REDIS"


@st.cache_resource(show_spinner=False)
def engine_runner():
    """With ``LSTM_VIZ_ENGINE=rq``: the runs go to RQ workers over Redis at ``$LSTM_VIZ_REDIS`` (one
    ``lstm_viz.runs.engine.RQRunner`` per process); otherwise None (the embedded queue, no service needed)."""
    import os

    engine = os.environ.get(ENGINE_VARIABLE, "").strip().lower()
    if engine in ("", "embedded", "thread", "threads"):
        return None
    if engine != "rq":
        raise ValueError(f"{ENGINE_VARIABLE}={engine!r}: use rq, or leave it unset for the embedded queue")
    from lstm_viz.runs.engine import RQRunner

    return RQRunner(os.environ.get(REDIS_VARIABLE, "redis://127.0.0.1:6379/0"))


def session_runs(family: str) -> SessionRuns:
    """The runs of this family that this session can see: every session's finished ones, and its own."""
    own = st.session_state.get(f"{family}_results")
    if own is None:
        own = st.session_state[f"{family}_results"] = MemoryStore()
    return SessionRuns(shared_store(family), own)
