"""The cell explorer: a recurrent cell stepped through time, every part live, every number bendable.

Widgets (sidebar) -> ExplorerConfig -> lstm_viz.explorer.config.run -> the scene. The scene runs in the browser and
owns the time step (First/Back/Play/Next/Last, the scrubber, the keys): the page reruns only when the cell or its
input changes, and learns the step only when the user stops moving it, for the link.
"""

import functools

import streamlit as st

from lstm_viz import scene
from lstm_viz.explorer import link, presets
from lstm_viz.explorer.config import CellConfig, run, run_backward
from lstm_viz.explorer.export import trace_csv
from lstm_viz.explorer.fields import MAX_UNITS
from lstm_viz.layers import link as layers_link
from lstm_viz.layers import presets as layer_presets
from lstm_viz.scene import offline
from ui import class_follow, classroom, explorer_backward, explorer_sidebar, explorer_train
from ui import explorer_state as state
from ui import lecture as lecture_ui
from ui import scene as scene_view
from ui.explorer_state import config
from ui.handoff import take_handoff
from ui.navigation import app_params
from ui.page import page_setup
from ui.session import lecture

tr = page_setup()  # the language and lecture switches; this run's texts (the page runs afresh on every rerun)
INPUT_NAMES = ("sequence", "custom", "steps", "amplitude")  # (what a stack of this cell reads)


# --- downloads, and the scene with its link --------------------------------------------------------------------


def keras_file(weights) -> bytes:
    """The (first) cell as a one-layer Keras model: TensorFlow loads here, on the click, never with the page. (The
    download calls this when the file is fetched, where st.session_state is not this session's: it gets the
    weights, never reads the session.)"""
    from lstm_viz.own_model.model import one_layer_file

    return one_layer_file(weights)


def share_ui(traces, data: dict, t: int) -> None:
    """Downloads of what is on screen: every value (CSV), the scene itself at the step shown for offline use, and
    the cell as a Keras layer; and, for a layer another page handed over, a way back to its own weights."""
    scene_at_t = {**data, "start": {"t": t, "token": data["start"]["token"]}}
    left, right, keras_column, note = st.columns([1, 1, 1, 1], vertical_alignment="center")
    if config().cell.cell_kind.keras_layer:
        keras_column.download_button(
            tr("explorer.download_keras"),
            functools.partial(keras_file, config().cell.weights(config().input_dim)),
            file_name="lstm_viz_layer.keras",
            on_click="ignore",
            mime="application/octet-stream",
            width="stretch",
            icon=":material/deployed_code:",
            help=tr("explorer.download_keras_help"),
            key="download_keras",
        )
    origin = st.session_state.get("explorer_origin")
    if origin is not None:
        note.button(tr("explorer.reset_origin"), icon=":material/restore:", on_click=state.load,
                    args=(origin.config, origin.start), key="reset_origin", width="stretch")  # fmt: skip
    left.download_button(
        tr("explorer.download_csv"),
        lambda: trace_csv(traces),
        file_name="lstm_viz_trace.csv",
        on_click="ignore",  # no rerun: it would drop the other buttons' deferred files
        mime="text/csv",
        width="stretch",
        icon=":material/table:",
        key="download_csv",
    )
    right.download_button(
        tr("explorer.download_scene"),
        lambda: offline.html(scene_at_t, tr("explorer.title")),
        file_name="lstm_viz_scene.html",
        on_click="ignore",
        mime="text/html",
        width="stretch",
        icon=":material/download:",
        help=tr("explorer.download_scene_help"),
        key="download_scene",
    )
    st.caption(tr("explorer.share_help"))
    cell = config().cell
    if config().sequence != "given" and cell.units <= MAX_UNITS:  # the same kind of cell, stacked (the Layers page)
        stacked = layer_presets.of_cell(cell.kind, cell.units, *(getattr(config(), name) for name in INPUT_NAMES))
        st.page_link("pages/layers.py", label=tr("explorer.as_stack"), icon=":material/stacks:",
                     query_params=layers_link.to_query(stacked), help=tr("explorer.as_stack_help"))  # fmt: skip


@st.fragment
def scene_and_link(data: dict, query: dict, traces) -> None:
    """The scene, and the link and downloads that carry its step. The browser owns the step and reports it when the
    user stops moving it: that report reruns only this fragment (the payload is not built again). In a class the
    lecturer's scene reports every step for the class; a following student's scene takes the lecturer's step from
    the class's poll (ui/classroom.py), in the browser."""
    cell_link = link.query_string(query)
    class_follow.shown_state("explorer", {"link": cell_link})
    follow = st.session_state.pop(classroom.PLAY, None)  # the lecturer's own scene plays after a reveal
    teaching = classroom.lecturer() is not None
    if follow or teaching or classroom.following():
        data = {**data, "follow": follow, "broadcast": teaching, "follows": classroom.following()}
    reported, told, training_stop = scene_view.show_reporting(data, key="explorer_scene")
    if explorer_train.stopped(training_stop):  # the weights of the frame stopped at: the sliders show them
        st.rerun(scope="app")
    state.reported(reported)
    if teaching:
        told = told or {"t": state.step()}
        class_follow.publish("explorer", {"link": cell_link}, told.get("t", 0), told.get("playing") is True,
                          told.get("speed", 2.0))  # fmt: skip
    t = min(state.step(), data["steps"] - 1)
    st.query_params.from_dict({**query, **({"t": str(t)} if t else {}), **app_params()})
    lecture_ui.offer("explorer", {"link": link.query_string({**query, **({"t": str(t)} if t else {})})}, draw=False)
    if not lecture():
        share_ui(traces, data, t)


# --- the page ---------------------------------------------------------------------------------------------------


def messages(traces) -> None:
    handoff_note = st.session_state.pop("handoff_note", None)
    if handoff_note:
        st.info(" ".join(tr(key, **values) for key, values in handoff_note), icon=":material/input:")
    for note in st.session_state.pop("link_notes", []):
        st.warning(note.text(tr), icon=":material/link_off:")
    if presets.is_worked_example(config()):
        worked = presets.WORKED_EXAMPLE
        st.info(
            tr(
                "explorer.worked_example",
                c=tr.numbers(traces[0].c[0]),
                h=tr.numbers(traces[0].h[0]),
                document=tr.numbers(worked["h_document"]),
            ),
            icon=":material/menu_book:",
        )


def cell_title(cell: CellConfig) -> str:
    name = tr(f"kind.{cell.kind}")
    return name if cell.units == 1 else tr("explorer.cell_title_unit", kind=name, unit=cell.unit + 1, units=cell.units)


def main() -> None:
    if not state.loaded():
        state.start_from_link(st.query_params.to_dict())
    handoff = take_handoff()
    if handoff is not None:  # another page opened a trained layer here
        state.load(handoff.config, handoff.start)
        st.session_state.handoff_note = handoff.note
        st.session_state.explorer_origin = handoff  # "Reset to the handed-over weights" brings it back
    requested = lecture_ui.request("explorer")  # a lecture's scene: the explorer's own link
    if requested and "link" in requested:
        state.open_link(requested["link"])
    explorer_train.apply_stop()  # a training replay stopped at a frame: its weights, before any widget is drawn
    state.restore()
    st.title(tr("explorer.title"))
    if not lecture():
        st.caption(tr("explorer.caption"))

    index, places = explorer_sidebar.draw(tr)
    errors = state.read()
    updated = config()
    for error in errors:
        st.error(error.text(tr), icon=":material/error:")
    traces = run(updated)
    backward = run_backward(updated, traces)  # backward mode: the gradients, once per configuration
    messages(traces)
    explorer_train.note(tr)
    explorer_backward.unreachable(tr)
    explorer_backward.beside_sliders(tr, places, backward[index])
    cells_shown = [
        scene.Cell(c.weights(updated.input_dim), trace, cell_title(c), c.unit, gradients)
        for c, trace, gradients in zip(updated.cells, traces, backward)
    ]
    try:
        data = scene.payload(
            cells_shown,
            tr,
            *state.scene_start(),
            lecture=lecture(),
            keys=True,
            page_keys=not lecture_ui.presenting(),  # presenting: the clicker changes scenes
            backward=any(gradients is not None for gradients in backward),
            training=explorer_train.replay(updated.cell.unit),
            targets=explorer_train.task_targets(tr, traces[0]) + explorer_backward.challenge_targets(tr, traces[0]),
        )
    except scene.SceneError as error:
        st.error(tr(str(error)), icon=":material/error:")
        return
    explorer_train.sent()  # (the frames go once)
    query = link.to_query(updated)  # (once per configuration: a handed-over layer's view is stored, by its id)
    step = {"t": str(state.step())} if state.step() else {}
    lecture_ui.offer("explorer", {"link": link.query_string({**query, **step})})
    scene_and_link(data, query, traces)
    if lecture():  # on the projector: the cell, its numbers and the step buttons; the code stays for the students
        return
    with st.expander(tr("explorer.about_kind")):
        for cell in updated.cells:
            st.markdown(tr(f"kind.{cell.kind}.about"))
            st.caption(cell.cell_kind.reference)
    code = st.expander(tr("explorer.code"), key="explorer_code", on_change="rerun")
    if code.open:  # drawn only once opened: a code block fetches a 1.5 MB highlighter, a third of a cold start
        with code:
            st.caption(tr("explorer.code_help"))
            for cell in updated.cells:
                st.code(cell.cell_kind.source(), language="python")


main()
