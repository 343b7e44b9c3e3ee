"""Why LSTM: vanishing (and exploding) gradients, three cells side by side, the gates one by one, parameter counts,
and a quiz. Course documents 004 (lecture notes) and 001 (the parameter formula). NumPy only: no TensorFlow here.
"""

import numpy as np
import pandas as pd
import streamlit as st

from lstm_viz import cells, counting, gradients, scene
from lstm_viz.cells.base import sigmoid
from lstm_viz.explorer import link
from lstm_viz.explorer.config import CellConfig, ExplorerConfig
from lstm_viz.layers import link as layers_link
from lstm_viz.layers import presets as layer_presets
from lstm_viz.plots import family as family_plot
from lstm_viz.plots.gradients import demo_curves, formulas
from lstm_viz.sequences import MAX_STEPS, SEQUENCE_PRESETS, preset_sequence
from ui import lecture as lecture_ui
from ui import number_slider, projector
from ui.charts import chart
from ui.navigation import app_params
from ui.page import page_setup
from ui.page import tabs as shared_tabs
from ui.scene import show_cells
from ui.why_quiz import quiz_section

SEQUENCES = [name for name in SEQUENCE_PRESETS if name != "custom"]
tr = page_setup()  # the language and lecture switches; this run's texts (the page runs afresh on every rerun)
GRADIENT_KEYS = {
    "sequence": "grad_seq",
    "steps": "grad_steps",
    "rnn_scale": "rnn_scale",
    "forget_bias": "forget_bias",
    "units": "grad_units",
}


def load_gradient_preset(name: str) -> None:
    st.session_state.update({GRADIENT_KEYS[k]: v for k, v in gradients.DEMO_PRESETS[name].items()})


def gradient_preset() -> dict:
    """{"preset": name} if the gradient sliders are at a preset (for a lecture scene), else {}."""
    for name, values in gradients.DEMO_PRESETS.items():
        if all(st.session_state.get(GRADIENT_KEYS[k]) == v for k, v in values.items()):
            return {"preset": name}
    return {}


@st.cache_data(max_entries=64, show_spinner=False)
def _demo(sequence: str, steps: int, units: int, scale: float, forget_bias: float, new_kinds: bool):
    """The chart's numbers, once per setting (with the 2024 cells, up to 4 × 16 backward passes)."""
    return gradients.demo(preset_sequence(sequence, steps)[:, None], units, scale, forget_bias, new_kinds)


def gradients_section() -> None:
    st.header(tr("why_lstm.gradients.title"))
    projector.markdown(tr, "why_lstm.gradients.intro")
    if "grad_seq" not in st.session_state:
        load_gradient_preset("keras_start")
    buttons = st.columns(len(gradients.DEMO_PRESETS))
    for column, name in zip(buttons, gradients.DEMO_PRESETS):
        column.button(
            tr(f"gradient_preset.{name}"),
            key=f"grad_preset_{name}",
            on_click=load_gradient_preset,
            args=(name,),
            width="stretch",
        )
    controls = st.columns(5)
    sequence = controls[0].selectbox(
        tr("why_lstm.input_sequence"), SEQUENCES, key="grad_seq", format_func=lambda k: tr(f"sequence_preset.{k}")
    )
    steps = controls[1].slider(tr("why_lstm.steps"), 2, MAX_STEPS, key="grad_steps")
    scale = number_slider.slider(tr("why_lstm.rnn_scale"), 0.1, 3.0, 0.05, "rnn_scale", tr, controls[2])
    forget_bias = number_slider.slider(tr("why_lstm.forget_bias"), -4.0, 10.0, 0.25, "forget_bias", tr, controls[3],
                                       help=tr("why_lstm.forget_bias_help"))  # fmt: skip
    units = controls[4].radio(tr("why_lstm.units"), [1, 2, 3, 4], horizontal=True, key="grad_units")

    new_kinds = st.toggle(tr("why_lstm.gradients.new_kinds"), key="grad_new_kinds")
    demo = _demo(sequence, steps, units, scale, forget_bias, new_kinds)
    chart(demo_curves(demo, steps, tr), key="gradient_curves")
    columns = st.columns(4)
    columns[0].metric(tr("why_lstm.metric.rnn", steps=steps), tr.number(demo.rnn[0], ".2e"))
    columns[1].metric(tr("why_lstm.metric.gru", steps=steps), tr.number(demo.gru[0], ".2e"))
    columns[2].metric(tr("why_lstm.metric.lstm", steps=steps), tr.number(demo.lstm[0], ".2e"))
    columns[3].metric(tr("why_lstm.metric.forget"), tr.number(demo.forget_mean, ".3f"))
    summary = dict(rnn=demo.rnn[0], gru=demo.gru[0], lstm=demo.lstm[0], path=demo.cell_path[0])
    st.caption(tr("why_lstm.gradients.summary", steps=steps, **summary))
    st.link_button(tr("why_lstm.step_by_step"), step_by_step_link(sequence, steps, units, scale, forget_bias),
                   icon=":material/arrow_back:", help=tr("why_lstm.step_by_step_help"))  # fmt: skip
    st.markdown(tr("why_lstm.gradients.min_gru"))
    if new_kinds:
        st.markdown(tr("why_lstm.gradients.new_kinds_text", **{k: v[0] for k, v in demo.new.items()}))
    st.markdown(tr("why_lstm.gradients.what_it_means"))
    st.markdown(tr("why_lstm.gradients.exploding"))
    with st.expander(tr("why_lstm.gradients.formulas")):
        for formula in formulas(tr):
            st.latex(formula)
        st.markdown(tr("why_lstm.gradients.paths"))


def step_by_step_link(sequence: str, steps: int, units: int, scale: float, forget_bias: float) -> str:
    """The explorer's backward mode on this chart's LSTM and input: ∂h_T/∂ every value, step by step."""
    cell = CellConfig().with_weights(gradients.demo_cells(units, scale, forget_bias)["lstm"])
    config = ExplorerConfig(sequence=sequence, steps=steps, cell=cell, gradient="flow")
    return "./?" + link.query_string({**link.to_query(config), **app_params()})


def side_by_side_section() -> None:
    st.header(tr("why_lstm.side_by_side.title"))
    st.caption(tr("why_lstm.side_by_side.caption"))
    x = preset_sequence(st.session_state.grad_seq, st.session_state.grad_steps)[:, None]
    demo = gradients.demo_cells(st.session_state.grad_units, st.session_state.rnn_scale, st.session_state.forget_bias)
    shown = [scene.Cell(demo[k], cells.forward(demo[k], x), tr(f"kind.{k}")) for k in ("rnn", "gru", "lstm")]
    show_cells(shown, "why_side_by_side", tr, start=len(x) - 1)
    st.markdown(tr("why_lstm.side_by_side.states"))
    st.markdown(tr("why_lstm.side_by_side.shared_weights"))


def gate_by_gate_section() -> None:
    st.header(tr("why_lstm.gate_by_gate.title"))
    st.caption(tr("why_lstm.gate_by_gate.caption"))
    columns = st.columns(4)
    with columns[0]:
        st.markdown(tr("why_lstm.gate_by_gate.forget"))
        c_prev = number_slider.slider(tr("why_lstm.gate_by_gate.old_state"), -2.0, 2.0, 0.05, "walk_c_prev", tr,
                                      value=1.0)  # fmt: skip
        f = number_slider.slider("f", 0.0, 1.0, 0.01, "walk_f", tr, value=0.9)
        st.caption(tr("why_lstm.gate_by_gate.sigmoid"))
        high, low = (tr.number(float(sigmoid(z)), ".4f") for z in (6.0, -6.0))  # document 004's "0/1", computed
        st.caption(tr("why_lstm.gate_by_gate.document_sigmoid", high=high, low=low))
    with columns[1]:
        st.markdown(tr("why_lstm.gate_by_gate.input"))
        i = number_slider.slider("i", 0.0, 1.0, 0.01, "walk_i", tr, value=0.8)
        c_tilde = number_slider.slider("c̃", -1.0, 1.0, 0.01, "walk_c_tilde", tr, value=0.5)
        st.caption(tr("why_lstm.gate_by_gate.tanh"))
    with columns[2]:
        st.markdown(tr("why_lstm.gate_by_gate.update"))
        st.caption(tr("why_lstm.gate_by_gate.no_activation"))
    with columns[3]:
        st.markdown(tr("why_lstm.gate_by_gate.output"))
        o = number_slider.slider("o", 0.0, 1.0, 0.01, "walk_o", tr, value=0.9)
        st.caption(tr("why_lstm.gate_by_gate.squash"))
    lstm = cells.fresh(cells.kind("lstm"), 1)
    trace = cells.forward(lstm, np.zeros((1, 1)), {"c": [c_prev]}, {"f": f, "i": i, "c_tilde": c_tilde, "o": o})
    with columns[2]:
        st.metric(tr("why_lstm.gate_by_gate.new_state"), tr.number(trace.c[0, 0]))
    with columns[3]:
        st.metric(tr("why_lstm.gate_by_gate.hidden"), tr.number(trace.h[0, 0]))
    show_cells([scene.Cell(lstm, trace, tr("kind.lstm"))], "why_walk", tr)


def calculator_section() -> None:
    st.header(tr("why_lstm.calculator.title"))
    defaults = {
        "calc_layer": "LSTM",
        "calc_layers": 1,
        "calc_units": 32,
        "calc_features": 1,
        "calc_dense": 1,
        "calc_bidirectional": False,
        "calc_sequences": False,
        "calc_reset_after": True,
    }
    for key, value in defaults.items():
        st.session_state.setdefault(key, value)
    st.button(tr("why_lstm.calculator.load_document"), on_click=load_document_model)
    top = st.columns([2, 1, 1, 1, 1])
    layer = top[0].radio(
        tr("why_lstm.calculator.layer"),
        (*counting.LAYERS, *counting.KINDS_COUNTED),
        key="calc_layer",
        horizontal=True,
        format_func=lambda k: tr(f"layer.{k}"),
    )
    layers = top[1].slider(tr("why_lstm.calculator.layers"), 1, 4, key="calc_layers")
    units = top[2].number_input(tr("why_lstm.calculator.units"), 1, 4096, key="calc_units")
    features = top[3].number_input(tr("why_lstm.calculator.features"), 1, 100_000, key="calc_features")
    dense = top[4].number_input(tr("why_lstm.calculator.dense"), 0, 100_000, key="calc_dense")
    switches = st.columns(3)
    bidirectional = switches[0].toggle(tr("why_lstm.calculator.bidirectional"), key="calc_bidirectional")
    sequences = switches[1].toggle(tr("why_lstm.calculator.sequences"), key="calc_sequences")
    reset_after = True
    if layer == "GRU":
        reset_after = switches[2].toggle(tr("why_lstm.calculator.reset_after"), key="calc_reset_after")
    rows = counting.count_parameters(
        int(features), [int(units)] * layers, bidirectional, int(dense), layer, reset_after
    )
    st.dataframe(pd.DataFrame(counting.table(rows, sequences, tr)), hide_index=True, width="stretch")
    st.metric(tr("why_lstm.calculator.total"), tr.number(counting.total(rows), ""))
    st.caption(tr(f"why_lstm.calculator.formula.{layer}"))
    st.caption(tr("why_lstm.calculator.units_meaning"))
    st.caption(tr("why_lstm.calculator.units_vs_steps"))
    st.caption(tr("why_lstm.calculator.return_sequences"))
    if bidirectional:
        st.caption(tr("why_lstm.calculator.bidirectional_meaning", units=units, width=rows[0].width))
    miniature = layer_presets.miniature(layer, layers, int(units), bidirectional, sequences, int(dense))
    st.page_link("pages/layers.py", label=tr("why_lstm.calculator.open_stack"), icon=":material/stacks:",
                 query_params=layers_link.to_query(miniature))  # fmt: skip
    st.caption(tr("why_lstm.calculator.open_stack_help"))
    miscount = counting.document_001_miscount(rows)
    if miscount:
        st.warning(tr("why_lstm.calculator.document_miscount", **miscount), icon=":material/rule:")


def load_document_model() -> None:
    doc = counting.DOCUMENT_001
    st.session_state.update(
        calc_layer="LSTM",
        calc_layers=len(doc["lstm_units"]),
        calc_units=doc["lstm_units"][0],
        calc_features=doc["input_features"],
        calc_bidirectional=False,
        calc_dense=doc["dense_units"],
        calc_sequences=False,
    )


st.title(tr("why_lstm.title"))
st.caption(tr("why_lstm.caption"))
requested = lecture_ui.request("why-lstm")  # a lecture's scene: its tab and gradient preset
if requested:
    st.session_state.pop("why_tab", None)
    st.session_state.why_tab_id = requested.get("tab", "gradients")
    if "preset" in requested:
        load_gradient_preset(requested["preset"])
TABS = ("gradients", "side_by_side", "gate_by_gate", "family", "calculator", "quiz")
tabs = shared_tabs(TABS, [tr(f"why_lstm.{name}.title") for name in TABS], "why_tab")
lecture_ui.offer("why-lstm", {"tab": st.session_state.why_tab_id, **gradient_preset()})
with tabs[0]:
    gradients_section()
with tabs[1]:
    side_by_side_section()
with tabs[2]:
    gate_by_gate_section()
with tabs[3]:
    st.header(tr("why_lstm.family.title"))
    st.caption(tr("why_lstm.family.caption"))
    st.html(family_plot.picture(tr))
with tabs[4]:
    calculator_section()
with tabs[5]:
    quiz_section(tr)
