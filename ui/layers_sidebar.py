"""The stack view's sidebar: a preset, the input, and each layer's kind, size, direction and return_sequences. Every
widget's key, range and label come from the fields (lstm_viz.layers.config); ui.layers_state owns their values."""

from __future__ import annotations

import streamlit as st

from lstm_viz.explorer.fields import INPUT, INPUT_FIELDS, applies
from lstm_viz.layers import presets
from lstm_viz.layers.config import SIDES, STACK_FIELDS, count_field, layer_fields
from ui import layers_state as state
from ui import owned_widgets

OWNER = state.OWNER


def draw(tr) -> None:
    preset_ui(tr)
    trained = state.config().trained
    if trained is not None:  # a trained model's stack: its layers as they are (a preset leaves it)
        st.sidebar.info(tr("layers.trained_sidebar", steps=len(trained.x), features=trained.x.shape[1]),
                        icon=":material/input:")  # fmt: skip
        return
    input_ui(tr)
    stack_ui(tr)


def _kept(key: str, default) -> str:
    """A choice of the sidebar that is not the stack's (the preset picked, the stack edited): kept when the page is
    left and found again (Streamlit forgets a widget's value once it is not drawn)."""
    kept = st.session_state.setdefault("layers_kept", {})
    if key not in st.session_state:
        st.session_state[key] = kept.get(key, default)
    kept[key] = st.session_state[key]
    return key


def preset_ui(tr) -> None:
    box = st.sidebar.container(border=True)
    box.selectbox(tr("layers.preset"), [*presets.PRESETS, *state.TRAINED_PRESETS],
                  key=_kept("layers_preset", presets.DEFAULT),
                  format_func=lambda name: tr(f"layers.preset.{name}"))  # fmt: skip
    box.button(tr("layers.load_preset"), on_click=state.load_preset, icon=":material/download:", key="layers_load")


def _slider(tr, item, place, **options) -> None:
    key = owned_widgets.mark(OWNER, state.widget(item))
    if item.type == "integer":
        place.slider(tr(item.text), int(item.low), int(item.high), key=key, step=int(item.step or 1), **options)
    else:
        place.slider(tr(item.text), float(item.low), float(item.high), key=key, step=float(item.step), **options)


def input_ui(tr) -> None:
    st.sidebar.subheader(tr("layers.input"))
    sequence, custom = INPUT["sequence"], INPUT["custom"]
    key = owned_widgets.mark(OWNER, state.widget(sequence))
    st.sidebar.selectbox(tr(sequence.text), sequence.options, key=key, format_func=lambda k: tr(f"sequence_preset.{k}"))
    if st.session_state[key] == "custom":
        st.sidebar.text_input(tr(custom.text), key=owned_widgets.mark(OWNER, state.widget(custom)),
                              help=tr(f"{custom.text}_help"))  # fmt: skip
    for item in INPUT_FIELDS:
        if item.when == "preset" and applies(item, st.session_state[key]):
            _slider(tr, item, st.sidebar)


def stack_ui(tr) -> None:
    st.sidebar.subheader(tr("layers.stack"))
    _, head, seed = STACK_FIELDS
    st.sidebar.toggle(tr("layers.compare"), key=owned_widgets.mark(OWNER, state.COMPARE), on_change=state.on_compare,
                      help=tr("layers.compare_help"))  # fmt: skip
    side = ""
    if st.session_state.get(state.COMPARE):
        side = st.sidebar.radio(tr("layers.edit"), SIDES, horizontal=True, key=_kept("stack_edit", ""),
                                format_func=lambda s: tr("layers.stack_b" if s else "layers.stack_a"))  # fmt: skip
    count = count_field(side)
    key = owned_widgets.mark(OWNER, count.widget)
    st.sidebar.slider(tr(count.text), int(count.low), int(count.high), step=1, key=key, on_change=state.on_count,
                      args=(side,))  # fmt: skip
    for number in range(1, int(st.session_state[key]) + 1):
        layer_ui(tr, number, side)
    st.sidebar.number_input(tr(head.text), int(head.low), int(head.high), step=1, help=tr("layers.head_help"),
                            key=owned_widgets.mark(OWNER, head.widget))  # fmt: skip
    st.sidebar.number_input(tr(seed.text), int(seed.low), int(seed.high), step=1, help=tr("layers.seed_help"),
                            key=owned_widgets.mark(OWNER, seed.widget))  # fmt: skip


def layer_ui(tr, number: int, side: str = "") -> None:
    kind, units, bidirectional, merge_mode, return_sequences = layer_fields(number, side)
    box = st.sidebar.container(border=True, key=f"stack_layer_{side}{number}")
    box.markdown(f"**{tr('layers.layer_n', n=number)}**")
    box.selectbox(tr(kind.text), kind.options, key=owned_widgets.mark(OWNER, kind.widget),
                  format_func=lambda k: tr(f"kind.{k}"))  # fmt: skip
    box.slider(tr(units.text), int(units.low), int(units.high), step=1, help=tr("layers.units_help"),
               key=owned_widgets.mark(OWNER, units.widget))  # fmt: skip
    for item in (return_sequences, bidirectional):  # (an "on"/"off" field: a switch)
        box.toggle(tr(item.text), help=tr(f"{item.text}_help"), key=owned_widgets.mark(OWNER, item.widget))
    if st.session_state.get(bidirectional.widget):
        box.selectbox(tr(merge_mode.text), merge_mode.options, help=tr(f"{merge_mode.text}_help"),
                      key=owned_widgets.mark(OWNER, merge_mode.widget))  # fmt: skip
