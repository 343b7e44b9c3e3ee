"""Handing a trained layer to the explorer (an ``lstm_viz.explorer.handoff.Handoff``), once."""

from __future__ import annotations

import streamlit as st

_HANDOFF = "explorer_handoff"


def open_in_explorer(handoff) -> None:
    """Open the explorer with a trained layer (an lstm_viz.explorer.handoff.Handoff)."""
    st.session_state[_HANDOFF] = handoff
    st.switch_page("pages/explorer.py")


def take_handoff():
    """The layer another page sent to the explorer, once (None if there is none)."""
    return st.session_state.pop(_HANDOFF, None)
