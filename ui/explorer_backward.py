"""The explorer's backward mode (issue 29): which gradient to show, and ∂L/∂w beside each weight's slider.

The fields (gradient, target, where the error counts) are declared with the others in lstm_viz.explorer.fields, so
the link and the lectures carry them; the gradients come from lstm_viz.backward (lstm_viz.explorer.config.
run_backward), computed once per configuration, and the scene steps through them in the browser.
"""

from __future__ import annotations

import math
from dataclasses import replace

import streamlit as st

from lstm_viz.backward import available, reachable
from lstm_viz.explorer.fields import PAGE
from ui import explorer_state as state
from ui.explorer_state import config


def on_gradient() -> None:
    """Into backward mode the scene starts at the last step (the gradient starts there); out of it, at the first."""
    mode = st.session_state.get("grad")
    if mode not in PAGE["gradient"].options:
        return
    updated = replace(config(), gradient=mode)
    state.load(updated, state.last_step(updated) if mode != "off" else 0)


def sidebar(tr) -> None:
    """The mode, and for the squared error its target and where it counts; a target h cannot reach is said."""
    st.sidebar.subheader(tr("explorer.backward"))
    gradient, target, loss_at = PAGE["gradient"], PAGE["target"], PAGE["loss_at"]
    from_challenge = bool(config().challenge) or config().gradient == "challenge"  # (its targets: a loss)
    options = [option for option in gradient.options if option != "challenge" or from_challenge]
    st.sidebar.selectbox(tr(gradient.text), options, key=gradient.widget, on_change=on_gradient,
                         format_func=lambda k: tr(f"explorer.gradient.{k}"),
                         help=tr("explorer.gradient_help"))  # fmt: skip
    if config().gradient == "off":
        return
    if not all(available(cell.cell_kind) for cell in config().cells):
        st.sidebar.info(tr("explorer.backward_not_available"), icon=":material/block:")
    if config().gradient != "squared":
        return
    state.slider(tr(target.text), target.low, target.high, key=target.widget, place=st.sidebar, step=target.step, tr=tr)
    st.sidebar.selectbox(tr(loss_at.text), loss_at.options, key=loss_at.widget,
                         format_func=lambda k: tr(f"explorer.loss_at.{k}"))  # fmt: skip


def unreachable(tr) -> None:
    """Said above the scene: a target outside what h can take (the error can never reach 0)."""
    updated = config()
    if updated.gradient != "squared":
        return
    for cell in updated.cells:
        low, high = reachable(cell.cell_kind, cell.activation)
        if not low < updated.target < high:
            shown = [tr.number(v) if math.isfinite(v) else ("−∞" if v < 0 else "∞") for v in (low, high)]
            st.warning(tr("explorer.target_unreachable", target=tr.number(updated.target), low=shown[0],
                          high=shown[1]), icon=":material/block:")  # fmt: skip
            return


def challenge_targets(tr, trace) -> list[dict]:
    """A challenge's targets drawn above the diagram, when backward mode takes its gradient of them."""
    updated = config()
    if updated.gradient != "challenge" or not updated.challenge:
        return []
    from lstm_viz.challenges import challenge

    title = tr(f"challenge.{updated.challenge}.title")
    try:
        panels = challenge(updated.challenge).panels(trace)
    except (KeyError, IndexError):  # the cell is no longer the challenge's (another kind or size)
        return []
    return [{"title": title, "cell": 0, "part": part, "unit": unit, "bands": bands}
            for (part, unit), bands in panels.items() if bands]  # fmt: skip


def beside_sliders(tr, places, gradients) -> None:
    """∂L/∂w (summed over time) under each weight's slider, and which way gradient descent would move it."""
    if gradients is None:
        return
    for (array, index, name), place in places.items():
        value = float(gradients.arrays[array].ravel()[index])
        way = "none" if abs(value) < 1e-12 else ("down" if value > 0 else "up")
        place.caption(tr("explorer.gradient_beside", name=name, gradient=tr.number(value, ".3g"),
                         way=tr(f"explorer.way.{way}")))  # fmt: skip
