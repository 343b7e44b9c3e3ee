"""The challenges page's "Let gradient descent try" (issue 29): gradient descent from the challenge's start, moving
only its knobs, for its own targets (lstm_viz.challenges.descent); then the student's cell and the trained one side
by side, with every knob's two values."""

from __future__ import annotations

import streamlit as st

from lstm_viz import scene, work_pool
from lstm_viz.challenges import CHALLENGES
from lstm_viz.challenges.descent import let_descent_try
from ui import scene as scene_view

_KEPT = "ch_descent"


def on_try(current, pins) -> None:
    """In a worker process (lstm_viz.work_pool), as the explorer's Train: the sessions' reruns keep the server."""
    pins = dict(pins or {})
    try:
        attempted = work_pool.run(let_descent_try, current, pins, patience=20.0)
    except work_pool.Busy:
        st.session_state[_KEPT] = {"key": current.key, "busy": True}
        return
    st.session_state[_KEPT] = {"key": current.key, "attempted": attempted, "pins": pins}


def show(tr, current, attempt, cell, knob_label, targets) -> None:
    """The button, and once pressed, what gradient descent found beside the student's cell."""
    if not current.knobs:
        return
    st.button(tr("challenges.descent"), key="ch_descent_try", on_click=on_try, args=(current, attempt.pins),
              icon=":material/model_training:", help=tr("challenges.descent_help"))  # fmt: skip
    kept = st.session_state.get(_KEPT)
    if not kept or kept["key"] != current.key:
        return
    if kept.get("busy"):
        st.warning(tr("explorer.train_busy"), icon=":material/hourglass_top:")
        return
    attempted = kept["attempted"]
    recording = attempted.recording
    values = {"updates": recording.updates, "seconds": tr.number(recording.seconds)}
    if attempted.passed:
        st.success(tr("challenges.descent_passed", **values), icon=":material/model_training:")
    else:
        st.warning(tr("challenges.descent_failed", loss=tr.number(recording.frames[-1].loss, ".3g"), **values),
                   icon=":material/model_training:")  # fmt: skip
    rows = [f"| {tr('challenges.knob')} | {tr('challenges.yours')} | {tr('challenges.descents')} |", "|---|---:|---:|"]
    rows += [f"| {knob_label(current, knob)} | {tr.number(mine)} | {tr.number(theirs)} |"
             for knob, mine, theirs in zip(current.knobs, attempt.values, attempted.values)]  # fmt: skip
    st.markdown("\n".join(rows))
    trained = scene.Cell(current.weights(attempted.values), current.run(attempted.values, kept["pins"]),
                         tr("challenges.descents_cell"), cell.unit)  # fmt: skip
    mine = scene.Cell(cell.weights, cell.trace, tr("challenges.your_cell"), cell.unit)
    token = [c.key for c in CHALLENGES].index(current.key) + 1  # another challenge's scene opens at its own start
    scene_view.show_cells([mine, trained], "challenge_descent_scene", tr, keys=False, targets=targets, token=token)
