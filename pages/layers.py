"""Layers, not just a cell (issue 34): recurrent layers stacked, bidirectional or not, stepped through time.

Widgets (sidebar, ui/layers_sidebar.py) -> StackConfig (ui/layers_state.py) -> lstm_viz.layers.config.run -> the
scene (lstm_viz.scene.stack): the grid of layers × steps and the cell picked in it. The browser owns the step and the
cell picked; the page reruns only when the stack or its input changes.
"""

import streamlit as st

from lstm_viz.explorer.export import stack_csv
from lstm_viz.explorer.handoff import cell_on_input
from lstm_viz.i18n import TextError
from lstm_viz.layers import link, presets, summary
from lstm_viz.layers.config import of_trained, problems, run, second
from lstm_viz.scene import SceneError, offline
from lstm_viz.scene import stack as stack_scene
from lstm_viz.scene.numbers import MAX_UNITS_SHOWN
from lstm_viz.scene.stack import GRID_UNITS, short_name, stack_input
from ui import class_follow, classroom, layers_sidebar
from ui import layers_state as state
from ui import lecture as lecture_ui
from ui import scene as scene_view
from ui.handoff import open_in_explorer, take_stack
from ui.navigation import app_params
from ui.page import page_setup
from ui.session import lecture

tr = page_setup()


@st.fragment
def scene_and_link(data: dict, query: dict, results) -> None:
    """The scene, and the link and downloads that carry its step (the browser reports it when the user stops)."""
    stack_link = link.query_string(query)
    class_follow.shown_state("layers", {"link": stack_link})
    teaching = classroom.lecturer() is not None
    trained = (
        results[0].config.trained is not None
    )  # (its weights are not a link's: no class, lecture or link holds it)
    if (teaching and not trained) or classroom.following():
        data = {**data, "broadcast": teaching, "follows": classroom.following()}
    reported, told, _ = scene_view.show_reporting(data, key="layers_scene")
    state.reported(reported)
    if teaching and not trained:
        told = told or {"t": state.step()}
        class_follow.publish("layers", {"link": stack_link}, told.get("t", 0), told.get("playing") is True,
                             told.get("speed", 2.0))  # fmt: skip
    t = min(state.step(), data["steps"] - 1)
    st.query_params.from_dict({**query, **({"t": str(t)} if t else {}), **app_params()})
    state.written(query)
    if not trained:
        lecture_ui.offer("layers", {"link": link.query_string({**query, **({"t": str(t)} if t else {})})}, draw=False)
    if lecture():
        return
    scene_at_t = {**data, "start": {"t": t, "token": data["start"]["token"]}}
    left, right = st.columns(2)
    stacks = [result.stack for result in results]
    left.download_button(tr("layers.download_csv"), lambda: stack_csv(stacks), file_name="lstm_viz_stack.csv",
                         on_click="ignore", mime="text/csv", width="stretch", icon=":material/table:",
                         key="layers_csv")  # fmt: skip
    right.download_button(tr("layers.download_scene"), lambda: offline.html(scene_at_t, tr("layers.title")),
                          file_name="lstm_viz_stack.html", on_click="ignore", mime="text/html", width="stretch",
                          icon=":material/download:", key="layers_offline")  # fmt: skip
    st.caption(tr("layers.share_trained" if trained else "layers.share_help"))


def open_layer(result, number: int) -> None:
    """The layer's forward cell, on the input it reads, in the cell explorer (every weight on a slider)."""
    cell = result.layers[number - 1].cell
    note = ("layers.open_cell_note", {"layer": number, "kind": tr(f"kind.{cell.kind.key}")})
    open_in_explorer(cell_on_input(cell, stack_input(result.stack, number), (note,)))


def messages(config) -> None:
    if config.trained is not None:
        key, values = config.trained.source
        parity = "layers.trained_parity" if config.trained.dense is not None else "layers.trained_parity_layers"
        st.info(f"{tr(key, **values)} {tr(parity, difference=config.trained.difference)}", icon=":material/input:")
        if config.trained.stop:
            st.warning(tr("layers.trained_stop", name=config.trained.stop), icon=":material/call_split:")
        if config.trained.left_out:
            st.warning(tr("layers.trained_left_out", n=config.trained.left_out), icon=":material/warning:")
    widest = max(layer.units for layer in (*config.layers, *(config.compare or ())))
    if widest > GRID_UNITS:  # (what the grid's boxes and the cell below show of a wide layer)
        key = "layers.large" if widest > MAX_UNITS_SHOWN else "layers.grid_first"
        st.caption(tr(key, units=widest, shown=MAX_UNITS_SHOWN))
    for note in st.session_state.pop("layers_notes", []):
        st.warning(note.text(tr), icon=":material/link_off:")
    for side, one in enumerate([config] + ([second(config)] if config.compare else [])):
        which = f"{tr('layers.stack_b' if side else 'layers.stack_a')}: " if config.compare else ""
        for problem in problems(one):
            st.warning(f"{which}{problem.text(tr)} {tr('layers.not_buildable', layer=problem.values['layer'])}",
                       icon=":material/warning:")  # fmt: skip
    if config.head == 1:
        st.info(tr("layers.classes_few"), icon=":material/info:")
    for name, preset in presets.PRESETS.items():
        if preset == config:
            st.info(tr(f"layers.preset.{name}.about"), icon=":material/menu_book:")
    face = st.session_state.get(state.FACE)
    if face and config == presets.on_face(face[0]):
        st.info(tr("layers.preset.course.face", name=face[1], rows=presets.FACE_ROWS), icon=":material/face:")


def details(result, side: str = "", compare: bool = False) -> None:
    """Below the scene: the shapes and parameters, the same model in Keras, and each layer's cell in the explorer."""
    table = summary.rows(result, tr)
    st.subheader(tr("layers.summary") + (f" · {tr('layers.stack_b' if side else 'layers.stack_a')}" if compare else ""))
    st.dataframe(table, hide_index=True, width="stretch")
    total = sum(row[tr("layers.summary_parameters")] for row in table)
    st.caption(tr("layers.summary_total", n=total))
    with st.expander(tr("layers.keras_code")):
        st.code(summary.keras_code(result, tr), language="python")
    columns = st.columns(len(result.layers))
    for number, (column, layer) in enumerate(zip(columns, result.layers), 1):
        label = tr("layers.open_cell", layer=number) + f" ({short_name(layer.cell.kind, tr)})"
        if column.button(label, key=f"layers_open_{side}{number}", help=tr("layers.open_cell_help"),
                         icon=":material/memory:", width="stretch"):  # fmt: skip
            open_layer(result, number)


def main() -> None:
    trained = take_stack()  # another page opened a trained model's stack here
    if trained is not None:
        state.load(of_trained(trained), 0)
    elif not state.loaded():
        state.start_from_link(st.query_params.to_dict())
    elif state.linked_elsewhere(st.query_params.to_dict()):  # (a page link from the parameter calculator)
        state.open_link(st.query_params.to_dict())
    requested = lecture_ui.request("layers")  # a lecture's scene (or the lecturer's, in a class): its link
    if requested and "link" in requested:
        state.open_link(requested["link"])
    state.restore()
    st.title(tr("layers.title"))
    if not lecture():
        st.caption(tr("layers.caption"))
    layers_sidebar.draw(tr)
    for error in state.read(tr.lang):
        st.error(error.text(tr), icon=":material/error:")
    config = state.config()
    messages(config)
    try:
        results = [run(config)] + ([run(second(config))] if config.compare else [])
        labels = config.trained.labels if config.trained is not None else ()
        data = stack_scene.payload(results, tr, *state.scene_start(), lecture=lecture(),
                                   page_keys=not lecture_ui.presenting(), labels=labels)  # fmt: skip
    except (TextError, SceneError) as error:  # a typed sequence that does not parse, a cell that overflowed
        st.error(error.text(tr) if isinstance(error, TextError) else tr(str(error)), icon=":material/error:")
        return
    query = link.to_query(config)
    if config.trained is None:
        lecture_ui.offer("layers", {"link": link.query_string(link.to_query(config, state.step()))})
    scene_and_link(data, query, results)
    if not lecture():
        for side, result in zip(("", "B"), results):
            details(result, side, len(results) > 1)


main()
