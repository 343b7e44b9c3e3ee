"""The explorer's sidebar: the input, the cell (kind, size, presets, compare mode), one part's weights and pins, and
the initial state. Every widget's key, range and label come from the fields (lstm_viz.explorer.fields); its value is
owned by ui.explorer_state, which these functions only draw for.
"""

from __future__ import annotations

import streamlit as st

from lstm_viz.explorer import presets, widgets
from lstm_viz.explorer.config import CellConfig
from lstm_viz.explorer.fields import (
    INPUT,
    INPUT_FIELDS,
    MAX_UNITS,
    WEIGHT_LIMIT,
    applies,
    cell_fields,
    large,
    pin_field,
    slider_units,
)
from ui import explorer_backward, explorer_train
from ui import explorer_state as state
from ui.explorer_state import config


def draw(tr) -> tuple[int, dict]:
    """Every sidebar widget, for the cell being edited; returns its index (0, or 1 in compare mode) and a place under
    each weight's slider, by (array, flat index), for what backward mode says of it."""
    input_ui(tr)
    index = cell_ui(tr)
    places = weights_ui(tr, index)
    initial_state_ui(tr, index)
    explorer_backward.sidebar(tr)
    explorer_train.sidebar(tr)
    return index, places


def input_ui(tr) -> None:
    """The input's fields (lstm_viz.explorer.fields.INPUT_FIELDS), or a note for an input another page handed over."""
    st.sidebar.subheader(tr("explorer.input"))
    if config().sequence == "given":
        st.sidebar.caption(tr("explorer.given_input", steps=len(config().given), features=config().input_dim))
        return
    sequence, custom = INPUT["sequence"], INPUT["custom"]
    st.sidebar.selectbox(tr(sequence.text), sequence.options, key=sequence.widget,
                         format_func=lambda k: tr(f"sequence_preset.{k}"))  # fmt: skip
    if st.session_state[sequence.widget] == "custom":
        st.sidebar.text_input(tr(custom.text), key=custom.widget, help=tr(f"{custom.text}_help"),
                              on_change=_typed_in, args=(tr.lang,))  # fmt: skip
    for field in INPUT_FIELDS:  # a preset's knobs: a slider each, as its field declares
        if field.when == "preset" and applies(field, st.session_state[sequence.widget]):
            if field.type == "integer":
                state.slider(tr(field.text), int(field.low), int(field.high), key=field.widget, place=st.sidebar,
                             step=field.step)  # fmt: skip
            else:  # decimals in the page's language (0,5 in Russian)
                state.slider(tr(field.text), field.low, field.high, key=field.widget, place=st.sidebar, step=field.step,
                             tr=tr)  # fmt: skip


def _typed_in(language: str) -> None:
    """The numbers were typed on a page in ``language``: read them in its format (0,5; 1 in Russian), also after
    a switch of language (the box keeps the text as typed, and a link keeps the link's format)."""
    st.session_state[widgets.LANGUAGE] = language


def cell_ui(tr) -> int:
    """The compare switch, the kind, size and presets of the cell being edited; returns its index."""
    st.sidebar.subheader(tr("explorer.cell"))
    st.sidebar.toggle(tr("explorer.compare"), key="compare", on_change=state.on_compare,
                      help=tr("explorer.compare_help"))  # fmt: skip
    index = 0
    if config().compare is not None:
        names = [tr(f"kind.{cell.kind}") for cell in config().cells]  # (a format_func must not read the session)
        index = st.sidebar.radio(
            tr("explorer.edit"), [0, 1], key="edit", horizontal=True, format_func=names.__getitem__
        )
    prefix, cell = widgets.PREFIXES[index], config().cells[index]
    field = {f.name: f for f in cell_fields(cell.kind, cell.units)}
    st.sidebar.selectbox(
        tr(field["kind"].text),
        field["kind"].options,
        key=prefix + field["kind"].widget,
        on_change=state.on_kind,
        args=(index, prefix),
        format_func=lambda k: tr(f"kind.{k}"),
    )
    left, right = st.sidebar.columns(2)
    left.selectbox(
        tr(field["activation"].text),
        list(cell.cell_kind.activations),
        key=prefix + field["activation"].widget,
        on_change=state.on_activation,
        args=(index, prefix),
        format_func=lambda k: tr(f"activation.{k}"),
    )
    if cell.units <= MAX_UNITS:
        state.slider(
            tr(field["units"].text),
            int(field["units"].low),
            int(field["units"].high),
            key=prefix + field["units"].widget,
            place=right,
            on_change=state.on_units,
            args=(index, prefix),
            help=tr("explorer.units_help"),
        )
    else:
        right.metric(tr(field["units"].text), cell.units)
    if cell.units > 1:
        st.sidebar.selectbox(
            tr(field["unit"].text),
            range(cell.units),
            key=prefix + field["unit"].widget,
            on_change=state.on_unit,
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
            st.button(tr("explorer.load_preset"), key="load_compare", on_click=state.on_compare_preset, width="stretch")
        names = presets.names(cell.kind)
        if st.session_state.get("preset") not in names:
            st.session_state.preset = names[0]
        st.selectbox(tr("explorer.preset"), names, key="preset", format_func=lambda k: preset_name(tr, cell.kind, k))
        left, right = st.columns([2, 1], vertical_alignment="bottom")
        right.number_input(tr("explorer.seed"), 0, 10_000, key="seed", disabled=st.session_state.preset != "random")
        left.button(tr("explorer.load_preset"), key="load_preset", on_click=state.on_preset, width="stretch")
    return index


def preset_name(tr, kind: str, name: str) -> str:
    return tr(f"preset.{name}") if name in (*presets.GENERAL, "worked") else tr(f"preset.{kind}.{name}")


def weights_ui(tr, index: int) -> dict:
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
    places = {}
    shown = [slot for slot in slots if slot[1] == part]
    if large(cell.units, config().input_dim):  # a trained layer's 233 rows: find one, with the biases beside it
        shown = [slot for slot in shown if slot[2] is None] + [found_row(tr, prefix, cell, part)]
    with st.sidebar:
        for spec, _, row, flat in shown:
            key = widgets.weight_key(prefix, spec, part, unit, row)
            label = weight_label(tr, spec, kind.part(part).symbol, row, cell.units, config().input_dim)
            if key in st.session_state:
                state.slider(label, -WEIGHT_LIMIT, WEIGHT_LIMIT, key=key, step=0.1, tr=tr)
                if config().gradient != "off":
                    places[(spec.name, flat, f"{spec.symbol}{kind.part(part).symbol}")] = st.empty()
        if part in kind.pinnable:
            pin_ui(tr, prefix, cell, part)
    beyond = widgets.beyond_sliders(cell, config().input_dim)
    if beyond:
        input_dim = config().input_dim
        shown = ", ".join(
            f"{weight_label(tr, spec, kind.part(part).symbol, row, cell.units, input_dim)} = {tr.number(value)}"
            for spec, part, row, value in beyond[:8]
        )
        st.sidebar.caption(tr("explorer.beyond_sliders", limit=WEIGHT_LIMIT, weights=shown, count=len(beyond)))
    return places


def found_row(tr, prefix: str, cell: CellConfig, part: str) -> tuple:
    """A large layer's weight editor: one row of the part, found by typing its name (x57, h12) in a searchable list;
    its slider is drawn below (only that row has a widget: widgets.found_rows)."""
    kind, input_dim = cell.cell_kind, config().input_dim
    box = f"{prefix}find_{part}"
    rows = dict(widgets.row_choices(cell, prefix, input_dim)[box])
    labels = {  # (computed here: a format_func must not read the session; no values in them: a box whose options
        key: weight_label(tr, spec, kind.part(part).symbol, row, cell.units, input_dim)  # change is a new box)
        for key, (spec, _, row, _) in rows.items()
    }
    st.session_state[box] = widgets.found_rows(config(), state.picked(config()))[box]
    chosen = st.sidebar.selectbox(tr("explorer.find_weight"), list(rows), key=box, format_func=labels.__getitem__,
                                  help=tr("explorer.find_weight_help"))  # fmt: skip
    return rows[chosen]


def weight_label(tr, spec, symbol: str, row, units: int, input_dim: int) -> str:
    name = f"{spec.symbol}{symbol}"
    if spec.rows == "units":
        return tr("explorer.weight.recurrent", name=name, source="h" if units == 1 else f"h{row + 1}")
    if spec.rows == "input":
        return tr("explorer.weight.input", name=name) + ("" if input_dim == 1 else f" (x{row + 1})")
    return tr(f"explorer.weight.{spec.name}", name=name)


def pin_ui(tr, prefix: str, cell: CellConfig, part: str) -> None:
    kind = cell.cell_kind
    symbol, field = kind.part(part).symbol, pin_field(kind, part, cell.units)
    state.toggle(tr("explorer.pin", symbol=symbol), prefix + field.switch,
                 help=tr("explorer.pin_help", part=tr(f"part.{kind.key}.{part}")))  # fmt: skip
    if st.session_state.get(prefix + field.switch):
        for unit in slider_units(cell.units, cell.unit, config().input_dim):
            label = tr(field.text, symbol=symbol) + ("" if cell.units == 1 else f" (u{unit + 1})")
            state.slider(label, field.low, field.high, key=f"{prefix}{field.widget}_{unit}", step=0.01, tr=tr)


def initial_state_ui(tr, index: int) -> None:
    prefix, cell = widgets.PREFIXES[index], config().cells[index]
    units = slider_units(cell.units, cell.unit, config().input_dim)
    with st.sidebar.expander(tr("explorer.initial_state")):
        for field in (f for f in cell_fields(cell.kind, cell.units) if f.group == "initial"):
            if field.size != cell.units:  # a matrix state's entries (row, column), a shared state's one number
                for k in range(field.size):
                    where = "" if field.size == 1 else f"[{k // cell.units + 1}, {k % cell.units + 1}]"
                    state.slider(f"{field.key}₀{where}", field.low, field.high, key=f"{prefix}{field.widget}_{k}",
                                 step=0.05, tr=tr)  # fmt: skip
                continue
            for unit in units:
                label = f"{field.key}₀" + ("" if cell.units == 1 else f" (u{unit + 1})")
                state.slider(label, field.low, field.high, key=f"{prefix}{field.widget}_{unit}", step=0.05, tr=tr)
