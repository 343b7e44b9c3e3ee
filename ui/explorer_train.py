"""Train this cell (issue 29): gradient descent on the explorer's own cell, replayed in the scene.

Where it runs: on the server, in NumPy (lstm_viz.cell_training), the same forward and BPTT the explorer shows, in
a worker process (lstm_viz.work_pool: ``LSTM_VIZ_TRAINING_RUNS`` of them, default 1), at most ``BUDGET`` seconds a
run: a cell of 1–4 units trains in well under a second, and the sessions' reruns keep the server's process. The
browser then replays the run at 24 frames a second (lstm_viz/scene/training.js): the loss curve, every weight on
its gauge and the cell itself, frame by frame. Stop keeps the frame on screen; "Back to my weights" restores the
cell from before the first Train.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st
from streamlit import runtime

from lstm_viz import work_pool
from lstm_viz.admission import GATED_RUN
from lstm_viz.backward import BackwardError
from lstm_viz.cell_tasks import PASS_LOSS, TASKS, tasks
from lstm_viz.cell_training import OPTIMIZERS, Settings, checked, train_job
from lstm_viz.scene.backward import training_frames
from ui import explorer_state as state
from ui.explorer_state import config

BUDGET = 3.0  # seconds of training per click at most
MAX_UPDATES = 1000
_WAIT = 20.0  # seconds a Train waits for its result (the worker busy with others' included) before it is told so
_RECORDING, _BEFORE, _NOTE, _TOKEN = "train_recording", "train_before", "train_note", "train_token"


def on_task() -> None:
    """A task loads its cell and input, and its own settings into the widgets."""
    key = st.session_state.get("train_task")
    if key not in TASKS:
        return
    task = tasks()[key]
    st.session_state.update(train_optimizer=task.settings.optimizer, train_rate=task.settings.learning_rate,
                            train_clip=task.settings.clip, train_updates=task.updates)  # fmt: skip
    st.session_state.setdefault(_BEFORE, config())  # "Back to my weights" brings back the cell before the task
    st.session_state.pop(_RECORDING, None)
    state.load(replace(task.config, gradient=config().gradient), 0)


def task_targets(tr, trace) -> list[dict]:
    """The chosen task's bands, drawn above the diagram as a challenge's targets are."""
    key = st.session_state.get("train_task")
    if key not in TASKS:
        return []
    try:
        targets = tasks()[key].targets(trace)
    except (KeyError, IndexError):  # the cell is no longer the task's (another kind or size): nothing to draw
        return []
    return [{"title": tr(f"explorer.train_task.{key}"), "cell": 0, "part": part, "unit": unit, "bands": bands}
            for part, unit, bands in targets if part in trace.values and unit < trace.units]  # fmt: skip


def on_train(tr) -> None:
    key = st.session_state.get("train_task", "own")
    if key in TASKS:
        loss, pass_loss = tasks()[key].loss, PASS_LOSS
    else:  # backward mode's loss: a squared error or a challenge's targets (h_T alone is no target to reach)
        trainable = config().gradient in ("squared", "challenge")
        loss, pass_loss = (config().loss(config().cell.unit) if trainable else None), None
    if loss is None:
        st.session_state[_NOTE] = ("warning", tr("explorer.train_needs_loss"))
        return
    settings, _ = checked(Settings(st.session_state.get("train_optimizer", "adam"),
                                   st.session_state.get("train_rate", 0.05),
                                   bool(st.session_state.get("train_clip", True))))  # fmt: skip
    cell = config().cell
    updates = int(min(max(int(st.session_state.get("train_updates", 300)), 1), MAX_UPDATES))
    token = st.session_state[_TOKEN] = st.session_state.get(_TOKEN, 0) + 1  # never reused: a stale Stop is ignored
    try:  # in a worker process: the sessions' reruns keep the server's interpreter to themselves
        recording, payload = work_pool.run(
            train_job, cell.weights(config().input_dim), config().inputs(), loss, settings, cell.initial_state(),
            dict(cell.pins), updates, pass_loss, BUDGET, cell.unit, token, patience=_WAIT,
        )  # fmt: skip
    except work_pool.Busy:
        st.session_state[_NOTE] = ("warning", tr("explorer.train_busy"))
        return
    except (BackwardError, ValueError, KeyError, IndexError):  # a loss that does not fit this cell or input
        st.session_state[_NOTE] = ("warning", tr("explorer.train_loss_does_not_fit"))
        return
    st.session_state[GATED_RUN] = True  # the run with the result passes the crowd's gate (a lab presses at once)
    st.session_state.setdefault(_BEFORE, config())
    st.session_state[_RECORDING] = {"token": token, "recording": recording, "payload": payload, "unit": cell.unit,
                                    "setup": setup(config())}  # fmt: skip
    final = recording.frames[-1]
    state.load(config().with_cell(0, cell.with_weights(final.weights)))
    notes = [tr(f"explorer.{note.replace('train.', 'train_')}", rate=tr.number(settings.learning_rate, ".3g"))
             for note in recording.notes]  # fmt: skip
    if recording.diverged:
        notes.append(tr("explorer.train_diverged", update=recording.updates + 1))
    verdict = "" if pass_loss is None else tr("explorer.train_passed" if recording.passed else "explorer.train_not_yet")
    before, after = (tr.number(frame.loss, ".4g") for frame in (recording.frames[0], final))
    done = tr("explorer.train_done", updates=recording.updates, seconds=tr.number(recording.seconds), before=before,
              after=after, verdict=verdict)  # fmt: skip
    st.session_state[_NOTE] = ("warning" if recording.diverged else "success", " ".join([done, *notes]))


def on_back() -> None:
    before = st.session_state.pop(_BEFORE, None)
    st.session_state.pop(_RECORDING, None)
    if before is not None:
        state.load(before)
        st.session_state[_NOTE] = ("info", "explorer.train_restored")


def sidebar(tr) -> None:
    if runtime.exists():  # a real server (not a test's AppTest): its training workers start before the first Train
        work_pool.warm()
    with st.sidebar.expander(tr("explorer.train"), icon=":material/model_training:", key="train_section"):
        st.selectbox(tr("explorer.train_task"), ("own", *TASKS), key="train_task", on_change=on_task,
                     format_func=lambda k: tr(f"explorer.train_task.{k}"),
                     help=tr("explorer.train_task_help"))  # fmt: skip
        st.selectbox(tr("explorer.train_optimizer"), OPTIMIZERS, key="train_optimizer",
                     format_func=lambda k: tr(f"explorer.train_optimizer.{k}"))  # fmt: skip
        st.number_input(tr("explorer.train_rate"), value=st.session_state.get("train_rate", 0.05), key="train_rate",
                        format="%.4g", step=0.01, max_value=1e6, min_value=-1e6)  # fmt: skip
        st.toggle(tr("explorer.train_clip"), value=st.session_state.get("train_clip", True), key="train_clip")
        st.slider(tr("explorer.train_updates"), 10, MAX_UPDATES, value=st.session_state.get("train_updates", 300),
                  step=10, key="train_updates")  # fmt: skip
        st.button(tr("explorer.train_button"), key="train", on_click=on_train, args=(tr,), type="primary",
                  icon=":material/play_arrow:", width="stretch")  # fmt: skip
        st.button(tr("explorer.train_back"), key="train_back", on_click=on_back, width="stretch",
                  disabled=_BEFORE not in st.session_state, icon=":material/undo:")  # fmt: skip


def note(tr) -> None:
    """What the last Train (or Stop, or Back) did."""
    said = st.session_state.pop(_NOTE, None)
    if said:
        kind, text = said
        if isinstance(text, tuple):  # (a key, its values): said in the page's language of this run
            text = tr(text[0], **text[1])
        elif text.startswith("explorer."):
            text = tr(text)
        getattr(st, kind)(text, icon=":material/model_training:")


def replay(unit: int) -> dict | None:
    """The last run for the scene: its frames the first time (the browser replays them once and keeps them), then
    only which of them is the last (the one stopped at); none once the cell is no longer the run's (a weight moved
    since)."""
    kept = st.session_state.get(_RECORDING)
    if not kept:
        return None
    recording = kept["recording"]
    last = kept.get("stopped", len(recording.frames) - 1)
    same_cell = config().cell.weights(config().input_dim).equal(recording.frames[last].weights)
    if not same_cell or kept["setup"] != setup(config()):  # a weight, the input, a pin or a state changed since
        st.session_state.pop(_RECORDING, None)
        return None
    if kept["unit"] != unit:  # the replay was drawn for another unit
        return None
    if kept.get("sent"):  # the browser has the frames: a rerun does not send them again
        return {**training_frames(replace(recording, frames=[]), kept["token"], unit), "last": last}
    return {**kept["payload"], "last": last}


def sent() -> None:
    """The page drew the scene with the replay's frames: later runs send only its token."""
    kept = st.session_state.get(_RECORDING)
    if kept:
        kept["sent"] = True


def setup(updated) -> tuple:
    """What a run depends on besides the weights: the input, the pins, the initial states, the kind's activation."""
    cell = updated.cell
    x = updated.inputs()
    return (x.shape, x.tobytes(), tuple(sorted(cell.pins.items())), tuple(sorted(cell.initial.items())),
            cell.activation)  # fmt: skip


def stopped(value) -> bool:
    """The browser's Stop at a frame (``{"token", "frame"}``, as a client sent it): True if it is this run's and
    new; the weights of that frame are loaded at the start of the next run (``apply_stop``), before any widget."""
    kept = st.session_state.get(_RECORDING)
    if not kept or not isinstance(value, dict) or value.get("token") != kept["token"] or "stopped" in kept:
        return False
    index = value.get("frame")
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index < len(kept["recording"].frames):
        return False
    kept["stopped"] = index
    kept["apply"] = True
    return True


def apply_stop() -> None:
    """The frame stopped at, into the cell: called by the page before it draws a widget."""
    kept = st.session_state.get(_RECORDING)
    if kept and kept.pop("apply", False):
        frame = kept["recording"].frames[kept["stopped"]]
        state.load(config().with_cell(0, config().cell.with_weights(frame.weights)))
        st.session_state[_NOTE] = ("info", ("explorer.train_stopped", {"update": frame.iteration}))
