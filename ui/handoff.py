"""Handing a trained layer to the explorer (an ``lstm_viz.explorer.handoff.Handoff``), or a trained model's stack to
the stack view, once."""

from __future__ import annotations

import streamlit as st

_HANDOFF = "explorer_handoff"
_STACK = "layers_handoff"


def open_in_explorer(handoff) -> None:
    """Open the explorer with a trained layer (an lstm_viz.explorer.handoff.Handoff)."""
    st.session_state[_HANDOFF] = handoff
    st.switch_page("pages/explorer.py")


def open_in_layers(trained) -> None:
    """Open the stack view with a trained model's stack (an lstm_viz.layers.trained.TrainedStack)."""
    st.session_state[_STACK] = trained
    st.switch_page("pages/layers.py")


def take_stack():
    """The trained stack another page sent to the stack view, once (None if there is none)."""
    return st.session_state.pop(_STACK, None)


def take_handoff():
    """The layer another page sent to the explorer, once (None if there is none)."""
    return st.session_state.pop(_HANDOFF, None)
