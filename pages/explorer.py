"""The cell explorer: a recurrent cell stepped through time, every part live, every number bendable.

Widgets (sidebar) -> ExplorerConfig -> lstm_viz.explorer.config.run -> the scene. The scene runs in the browser and
owns the time step (First/Back/Play/Next/Last, the scrubber, the keys): the page reruns only when the cell or its
input changes, and learns the step only when the user stops moving it, for the link.
"""

import functools
from dataclasses import replace

import streamlit as st

from lstm_viz import cells, scene
from lstm_viz.explorer import link, presets, widgets
from lstm_viz.explorer.config import MAX_UNITS, MIN_UNITS, STATE_LIMITS, WEIGHT_LIMIT, CellConfig, run
from lstm_viz.explorer.export import trace_csv
from lstm_viz.explorer.link import pin_range
from lstm_viz.scene import offline
from lstm_viz.sequences import MAX_STEPS, MIN_STEPS, SEQUENCE_PRESETS
from ui import lecture as lecture_ui
from ui import scene as scene_view
from ui.shared import app_params, lecture, page_setup, take_handoff

tr = page_setup()  # the language and lecture switches; this run's texts (the page runs afresh on every rerun)


# --- the one piece of server state: the configuration (and where the scene should start) -----------------------


def load(config, start: int | None = None) -> None:
    """Put a configuration into every widget; ``start``: send the browser to this step."""
    for key in [key for key in st.session_state if widgets.is_cell_widget(key)]:
        del st.session_state[key]  # another kind's or size's widgets
    st.session_state.update(widgets.widget_values(config))
    st.session_state.config = config
    if start is not None:
        st.session_state.scene_start = start
        st.session_state.scene_token = st.session_state.get("scene_token", 0) + 1
        st.session_state.reported_t = start


def config():
    return st.session_state.config


DRAWN: set[str] = set()  # the cell widgets drawn in this run (the page runs afresh on every rerun)


def restore_widgets() -> None:
    """A widget that was not drawn last run (another part, another page) holds no state of its own, or a stale one:
    give it the configuration's value before it is drawn again. The configuration owns these values."""
    drawn_before = st.session_state.get("explorer_drawn", set())
    for key, value in widgets.widget_values(config()).items():
        if key not in st.session_state or (widgets.is_cell_widget(key) and key not in drawn_before):
            st.session_state[key] = value


def drawn_values() -> dict:
    """What the widgets drawn this run say (only they speak for the configuration)."""
    st.session_state.explorer_drawn = set(DRAWN)
    keys = DRAWN | {"seq", "custom", "steps"}
    return {key: st.session_state[key] for key in keys if key in st.session_state}


def on_kind(index: int, prefix: str) -> None:
    """A new kind gets its own default weights, the same size, the same input (and the browser keeps its step)."""
    cell = config().cells[index]
    kind = st.session_state[f"{prefix}kind"]
    fresh = CellConfig.fresh(kind, min(cell.units, MAX_UNITS), config().input_dim, cell.activation)
    load(config().with_cell(index, fresh))
    st.session_state.preset = presets.names(kind)[0]  # the box showed the previous kind's label for a shared name


def on_activation(index: int, prefix: str) -> None:
    cell = config().cells[index]
    load(config().with_cell(index, replace(cell, activation=st.session_state[f"{prefix}act"])))


def on_units(index: int, prefix: str) -> None:
    cell = config().cells[index]
    load(config().with_cell(index, cell.resized(st.session_state[f"{prefix}units"], config().input_dim)))


def on_unit(index: int, prefix: str) -> None:
    """The unit drawn and edited: its sliders replace the previous unit's."""
    cell = config().cells[index]
    load(config().with_cell(index, replace(cell, unit=int(st.session_state[f"{prefix}unit"]))))


def on_compare() -> None:
    if st.session_state.compare:
        other = "gru" if config().cell.kind != "gru" else "lstm"
        load(replace(config(), compare=CellConfig.fresh(other, config().cell.units)))
    else:
        load(replace(config(), compare=None))
        st.session_state.edit = 0


def on_preset() -> None:
    index = int(st.session_state.get("edit", 0))
    updated, start = presets.apply(st.session_state.preset, config(), index, seed=int(st.session_state.seed))
    load(updated, start)


def on_compare_preset() -> None:
    updated, start = presets.compare(st.session_state.compare_preset)
    load(updated, start)


# --- widgets ----------------------------------------------------------------------------------------------------


def slider(label: str, low: float, high: float, key: str, place=st, **options):
    """A slider whose value lives in st.session_state[key] (set by ``load`` and ``restore_widgets``)."""
    DRAWN.add(key)
    value = st.session_state.get(key, low)
    if not (isinstance(value, int | float) and low <= value <= high):
        value = low  # NaN or out of range from a hostile client: config_from_widgets clips it; the slider needs a value
    return place.slider(label, low, high, value=value, key=key, **options)


def input_ui() -> None:
    st.sidebar.subheader(tr("explorer.input"))
    if config().sequence == "given":
        st.sidebar.caption(tr("explorer.given_input", steps=len(config().given), features=config().input_dim))
        return
    st.sidebar.selectbox(
        tr("explorer.sequence"), list(SEQUENCE_PRESETS), key="seq", format_func=lambda k: tr(f"sequence_preset.{k}")
    )
    if st.session_state.seq == "custom":
        st.sidebar.text_input(tr("explorer.your_numbers"), key="custom", help=tr("explorer.your_numbers_help"))
    else:
        slider(tr("explorer.steps"), MIN_STEPS, MAX_STEPS, key="steps", place=st.sidebar)


def cell_ui() -> int:
    """The compare switch, the kind, size and presets of the cell being edited; returns its index."""
    st.sidebar.subheader(tr("explorer.cell"))
    st.sidebar.toggle(tr("explorer.compare"), key="compare", on_change=on_compare, help=tr("explorer.compare_help"))
    index = 0
    if config().compare is not None:
        names = [tr(f"kind.{cell.kind}") for cell in config().cells]  # (a format_func must not read the session)
        index = st.sidebar.radio(
            tr("explorer.edit"), [0, 1], key="edit", horizontal=True, format_func=names.__getitem__
        )
    prefix, cell = widgets.PREFIXES[index], config().cells[index]
    st.sidebar.selectbox(
        tr("explorer.kind"),
        list(cells.KINDS),
        key=f"{prefix}kind",
        on_change=on_kind,
        args=(index, prefix),
        format_func=lambda k: tr(f"kind.{k}"),
    )
    left, right = st.sidebar.columns(2)
    left.selectbox(
        tr("explorer.activation"),
        list(cell.cell_kind.activations),
        key=f"{prefix}act",
        on_change=on_activation,
        args=(index, prefix),
        format_func=lambda k: tr(f"activation.{k}"),
    )
    if cell.units <= MAX_UNITS:
        slider(
            tr("explorer.units"),
            MIN_UNITS,
            MAX_UNITS,
            key=f"{prefix}units",
            place=right,
            on_change=on_units,
            args=(index, prefix),
            help=tr("explorer.units_help"),
        )
    else:
        right.metric(tr("explorer.units"), cell.units)
    if cell.units > 1:
        st.sidebar.selectbox(
            tr("explorer.unit"),
            range(cell.units),
            key=f"{prefix}unit",
            on_change=on_unit,
            args=(index, prefix),
            format_func=lambda k: f"u{k + 1}",
        )
    with st.sidebar.container(border=True):
        if config().compare is not None:
            st.selectbox(
                tr("explorer.compare_preset"),
                list(presets.COMPARE_PRESETS),
                key="compare_preset",
                format_func=lambda k: tr(f"compare_preset.{k}"),
            )
            st.button(tr("explorer.load_preset"), key="load_compare", on_click=on_compare_preset, width="stretch")
        names = presets.names(cell.kind)
        if st.session_state.get("preset") not in names:
            st.session_state.preset = names[0]
        st.selectbox(tr("explorer.preset"), names, key="preset", format_func=lambda k: preset_name(cell.kind, k))
        left, right = st.columns([2, 1], vertical_alignment="bottom")
        right.number_input(tr("explorer.seed"), 0, 10_000, key="seed", disabled=st.session_state.preset != "random")
        left.button(tr("explorer.load_preset"), key="load_preset", on_click=on_preset, width="stretch")
    return index


def preset_name(kind: str, name: str) -> str:
    return tr(f"preset.{name}") if name in (*presets.GENERAL, "worked") else tr(f"preset.{kind}.{name}")


def weights_ui(index: int) -> None:
    """The weights of one part at a time (its sliders for the unit shown, and its pin): a part is chosen above them.
    (Only that part's widgets are drawn: a third of the page's widgets, and of every rerun's work.)"""
    prefix, cell = widgets.PREFIXES[index], config().cells[index]
    kind, unit = cell.cell_kind, cell.unit
    st.sidebar.subheader(tr("explorer.weights", unit=unit + 1) if cell.units > 1 else tr("explorer.weights_one"))
    slots = list(widgets.weight_slots(kind, cell.units, config().input_dim, unit))
    parts = list(dict.fromkeys(part for _, part, _, _ in slots))
    if st.session_state.get(f"{prefix}part") not in parts:
        st.session_state[f"{prefix}part"] = parts[0]
    words = {part: f"{kind.part(part).symbol} {tr(f'part.{kind.key}.{part}')}" for part in parts}
    part = st.sidebar.segmented_control(
        tr("explorer.part"),
        parts,
        key=f"{prefix}part",
        format_func=words.get,
        help=tr(f"kind.{kind.key}.order") if tr.has(f"kind.{kind.key}.order") else None,
    )
    part = part or parts[0]
    with st.sidebar:
        for spec, slot_part, row, _ in slots:
            if slot_part == part:
                key = widgets.weight_key(prefix, spec, part, unit, row)
                label = weight_label(spec, kind.part(part).symbol, row, cell.units, config().input_dim)
                if key in st.session_state:
                    slider(label, -WEIGHT_LIMIT, WEIGHT_LIMIT, key=key, step=0.1)
        if part in kind.pinnable:
            pin_ui(prefix, cell, part)
    beyond = widgets.beyond_sliders(cell, config().input_dim)
    if beyond:
        shown = ", ".join(
            f"{weight_label(spec, kind.part(part).symbol, row, cell.units, config().input_dim)} = {tr.number(value)}"
            for spec, part, row, value in beyond[:8]
        )
        st.sidebar.caption(tr("explorer.beyond_sliders", limit=WEIGHT_LIMIT, weights=shown, count=len(beyond)))


def weight_label(spec, symbol: str, row, units: int, input_dim: int) -> str:
    name = f"{spec.symbol}{symbol}"
    if spec.rows == "units":
        return tr("explorer.weight.recurrent", name=name, source="h" if units == 1 else f"h{row + 1}")
    if spec.rows == "input":
        return tr("explorer.weight.input", name=name) + ("" if input_dim == 1 else f" (x{row + 1})")
    return tr(f"explorer.weight.{spec.name}", name=name)


def pin_ui(prefix: str, cell: CellConfig, part: str) -> None:
    kind = cell.cell_kind
    symbol = kind.part(part).symbol
    DRAWN.add(f"{prefix}pin_{part}")
    st.toggle(
        tr("explorer.pin", symbol=symbol),
        key=f"{prefix}pin_{part}",
        help=tr("explorer.pin_help", part=tr(f"part.{kind.key}.{part}")),
    )
    if st.session_state.get(f"{prefix}pin_{part}"):
        low, high = pin_range(kind, part)
        for unit in range(cell.units) if cell.units <= MAX_UNITS else [cell.unit]:
            label = tr("explorer.pinned_to", symbol=symbol) + ("" if cell.units == 1 else f" (u{unit + 1})")
            slider(label, low, high, key=f"{prefix}pinval_{part}_{unit}", step=0.01)


def initial_state_ui(index: int) -> None:
    prefix, cell = widgets.PREFIXES[index], config().cells[index]
    with st.sidebar.expander(tr("explorer.initial_state")):
        for state in cell.cell_kind.states:
            for unit in range(cell.units) if cell.units <= MAX_UNITS else [cell.unit]:
                suffix = "" if cell.units == 1 else f" (u{unit + 1})"
                limit = STATE_LIMITS[state]
                slider(f"{state}₀{suffix}", -limit, limit, key=f"{prefix}init_{state}_{unit}", step=0.05)


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
        note.button(tr("explorer.reset_origin"), icon=":material/restore:", on_click=load,
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


@st.fragment
def scene_and_link(data: dict, query: dict, traces) -> None:
    """The scene, and the link and downloads that carry its step. The browser owns the step and reports it when the
    user stops moving it: that report reruns only this fragment (the payload is not built again)."""
    reported = scene_view.show(data, key="explorer_scene")
    if reported is not None:
        st.session_state.reported_t = reported
    t = min(int(st.session_state.get("reported_t", 0)), data["steps"] - 1)
    st.query_params.from_dict({**query, **({"t": str(t)} if t else {}), **app_params()})
    lecture_ui.offer("explorer", {"link": link.query_string({**query, **({"t": str(t)} if t else {})})}, draw=False)
    if not lecture():
        share_ui(traces, data, t)


# --- the page ---------------------------------------------------------------------------------------------------


def start() -> None:
    """A new session: the link's configuration and step, or the first screen."""
    default, default_start = presets.default_config()
    query = st.query_params.to_dict()
    linked, t, notes = link.from_query(query, default)
    st.session_state.setdefault("seed", 7)
    load(linked, t if "t" in query or linked is not default else default_start)
    st.session_state.preset = presets.DEFAULT_PRESET[1] if linked is default else presets.names(linked.cell.kind)[0]
    st.session_state.link_notes = notes


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
    if "config" not in st.session_state:
        start()
    handoff = take_handoff()
    if handoff is not None:  # another page opened a trained layer here
        load(handoff.config, handoff.start)
        st.session_state.handoff_note = handoff.note
        st.session_state.explorer_origin = handoff  # "Reset to the handed-over weights" brings it back
    requested = lecture_ui.request("explorer")  # a lecture's scene: the explorer's own link
    if requested and "link" in requested:
        linked, t, _ = link.from_query(link.parse_query(requested["link"]), presets.default_config()[0])
        load(linked, t)
    restore_widgets()
    st.title(tr("explorer.title"))
    if not lecture():
        st.caption(tr("explorer.caption"))

    input_ui()
    index = cell_ui()
    weights_ui(index)
    initial_state_ui(index)
    updated, errors = widgets.config_from_widgets(drawn_values(), config())
    st.session_state.config = updated
    for error in errors:
        st.error(error.text(tr), icon=":material/error:")
    traces = run(updated)
    messages(traces)
    cells_shown = [
        scene.Cell(c.weights(updated.input_dim), trace, cell_title(c), c.unit)
        for c, trace in zip(updated.cells, traces)
    ]
    try:
        data = scene.payload(
            cells_shown,
            tr,
            st.session_state.get("scene_start", 0),
            st.session_state.get("scene_token", 0),
            lecture=lecture(),
            keys=True,
            page_keys=not lecture_ui.presenting(),  # presenting: the clicker changes scenes
        )
    except scene.SceneError as error:
        st.error(tr(str(error)), icon=":material/error:")
        return
    lecture_ui.offer(
        "explorer", {"link": link.query_string(link.to_query(updated, st.session_state.get("reported_t", 0)))}
    )
    scene_and_link(data, link.to_query(updated), traces)
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
