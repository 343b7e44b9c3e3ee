"""Where this server keeps training runs (``lstm_viz.runs``), as the pages see them.

Every session's finished runs of a family (``RunKey.family``) live in one store per server process (Streamlit's
resource cache); a session's own runs, stopped ones too, in its session state. A store on disk would replace
``shared_store``'s body; a queue would replace ``runner``'s.
"""

from __future__ import annotations

import streamlit as st

from lstm_viz.runs import MemoryStore, Runner, RunStore, SessionRuns


@st.cache_resource(show_spinner=False)
def shared_store(family: str) -> RunStore:
    """Every session's finished runs of this family (as long as the server process lives)."""
    return MemoryStore()


@st.cache_resource(show_spinner=False)
def runner() -> Runner:
    """What starts this server's training runs, and knows the ones under way."""
    return Runner()


def session_runs(family: str) -> SessionRuns:
    """The runs of this family that this session can see: every session's finished ones, and its own."""
    own = st.session_state.get(f"{family}_results")
    if own is None:
        own = st.session_state[f"{family}_results"] = MemoryStore()
    return SessionRuns(shared_store(family), own)
