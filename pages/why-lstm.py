"""Why LSTM: vanishing gradients, the two cells side by side, the gates one by one, parameter counts, a quiz.

Course documents 004 (lecture notes) and 001 (the lab's parameter counts). NumPy only: no TensorFlow here.
"""

import numpy as np
import pandas as pd
import streamlit as st

from lstm_viz import counting, explain, gradients, plots, quiz
from lstm_viz.lstm import LSTMParams, forward, rnn_forward, step
from lstm_viz.sequences import MAX_STEPS, SEQUENCE_PRESETS, preset_sequence
from ui.shared import chart, page_setup

PRESETS = [k for k in SEQUENCE_PRESETS if k != "custom"]
tr = page_setup()  # the language and lecture switches; this run's texts (the page runs afresh on every rerun)


def gradients_section() -> None:
    st.subheader(tr("why_lstm.gradients_along_time"))
    st.markdown(tr("why_lstm.training_an_rnn_means_sending"))
    controls = st.columns(4)
    sequence = controls[0].selectbox(
        tr("why_lstm.input_sequence"), PRESETS, format_func=lambda k: tr(f"sequence_preset.{k}"), key="grad_seq"
    )
    steps = controls[1].slider(tr("why_lstm.steps_t"), 2, MAX_STEPS, 40, key="grad_steps")
    scale = controls[2].slider(tr("why_lstm.rnn_recurrent_weight_scale_u"), 0.1, 3.0, 0.9, 0.05, key="rnn_scale")
    forget_bias = controls[3].slider(tr("why_lstm.lstm_forget_bias_b_f"), -4.0, 10.0, 4.0, 0.25, key="forget_bias")
    units = st.radio(tr("why_lstm.units_in_both_cells"), [1, 2, 3, 4], horizontal=True, key="grad_units")

    x = preset_sequence(sequence, steps)[:, None]
    rnn, lstm = gradients.demo_cells(units, scale, forget_bias)
    rnn_curve = gradients.rnn_sensitivity(rnn, x).norms
    lstm_full, forget_products, trace = gradients.lstm_sensitivity(lstm, x)
    curves = {
        tr("why_lstm.curve.rnn"): (rnn_curve, plots.COLORS["h"], "solid"),
        tr("why_lstm.curve.lstm"): (lstm_full.norms, plots.COLORS["c"], "solid"),
        tr("why_lstm.curve.cell_path"): (forget_products.max(axis=1), plots.COLORS["f"], "dash"),
    }
    chart(plots.sensitivity_curves(curves, steps - 1, tr), key="gradient_curves")
    cols = st.columns(3)
    cols[0].metric(tr("why_lstm.rnn_from_t_to_t"), f"{rnn_curve[0]:.2e}")
    cols[1].metric(tr("why_lstm.lstm_from_t_to_t"), f"{lstm_full.norms[0]:.2e}")
    cols[2].metric(tr("why_lstm.mean_forget_gate_f"), f"{trace.f.mean():.3f}")
    st.caption(
        tr(
            "why_lstm.text_summary_over_v_steps",
            v1=steps - 1,
            v2=rnn_curve[0],
            v3=lstm_full.norms[0],
            v4=forget_products[0].max(),
        )
    )
    with st.expander(tr("why_lstm.the_formulas_computed_exactly_checked")):
        st.latex(
            rf"\text{{{tr('why_lstm.latex.rnn')} }} "
            r"\frac{\partial h_T}{\partial h_t} = \prod_{k=t+1}^{T} \mathrm{diag}(1 - h_k^2)\, U^\top"
        )
        st.latex(
            rf"\text{{{tr('why_lstm.latex.cell_path')} }} "
            r"\frac{\partial c_T}{\partial c_t} = \prod_{k=t+1}^{T} \mathrm{diag}(f_k)"
        )
        st.latex(
            r"\frac{\partial c_k}{\partial h_{k-1}} = \mathrm{diag}(c_{k-1} f_k(1-f_k)) U_f^\top"
            r" + \mathrm{diag}(\tilde c_k i_k (1-i_k)) U_i^\top + \mathrm{diag}(i_k (1-\tilde c_k^2)) U_c^\top"
        )
        st.markdown(tr("why_lstm.the_full_lstm_curve_also"))


def side_by_side_section() -> None:
    st.subheader(tr("why_lstm.rnn_and_lstm_side_by"))
    st.caption(tr("why_lstm.both_cells_read_the_same"))
    x = preset_sequence(st.session_state.grad_seq, st.session_state.grad_steps)[:, None]
    rnn, lstm = gradients.demo_cells(
        st.session_state.grad_units, st.session_state.rnn_scale, st.session_state.forget_bias
    )
    h = rnn_forward(rnn, x)
    trace = forward(lstm, x)
    t = trace.steps - 1
    left, right = st.columns(2)
    with left:
        chart(
            plots.rnn_diagram(
                float(x[t, 0]), float(h[t - 1, 0]), float(h[t, 0]), title=tr("why_lstm.plain_rnn"), tr=tr
            ),
            key="rnn_diagram",
            config={"displayModeBar": False},
        )
        st.latex(r"h_t = \tanh(W x_t + U h_{t-1} + b)")
        st.markdown(tr("why_lstm.one_state_squashed_by_tanh"))
    with right:
        chart(
            plots.trace_cell_diagram(trace, t, 0, title="LSTM", tr=tr),
            key="lstm_diagram",
            config={"displayModeBar": False},
        )
        for line in explain.equations(lstm, trace, t, 0, tr)[4:]:
            st.latex(line)
        st.markdown(tr("why_lstm.two_states_the_cell_state"))


def gate_by_gate_section() -> None:
    st.subheader(tr("why_lstm.gate_by_gate"))
    st.caption(tr("why_lstm.document_s_walkthrough_each_slider"))
    cols = st.columns(4)
    with cols[0]:
        st.markdown(tr("why_lstm.forget_gate_f"))
        c_prev = st.slider(tr("why_lstm.old_cell_state_c_t"), -2.0, 2.0, 1.0, 0.05, key="walk_c_prev")
        f = st.slider("f", 0.0, 1.0, 0.9, 0.01, key="walk_f")
        st.metric(tr("why_lstm.kept_f_c_t"), f"{f * c_prev:.2f}")
        st.caption(tr("why_lstm.a_sigmoid_means_forget_means"))
    with cols[1]:
        st.markdown(tr("why_lstm.input_gate_i_and_candidate"))
        i = st.slider("i", 0.0, 1.0, 0.8, 0.01, key="walk_i")
        c_tilde = st.slider("c̃", -1.0, 1.0, 0.5, 0.01, key="walk_c_tilde")
        st.metric(tr("why_lstm.written_i_c"), f"{i * c_tilde:.2f}")
        st.caption(tr("why_lstm.c_proposes_new_content_in"))
    result = step(
        LSTMParams.zeros(1),
        np.zeros(1),
        np.zeros(1),
        np.array([c_prev]),
        {
            "f": np.array([f]),
            "i": np.array([i]),
            "c_tilde": np.array([c_tilde]),
            "o": np.array([st.session_state.get("walk_o", 0.9)]),
        },
    )
    with cols[2]:
        st.markdown(tr("why_lstm.cell_state_update"))
        st.latex(rf"c_t = {f:.2f}\cdot{explain.number(c_prev)} + {i:.2f}\cdot{explain.number(c_tilde)}")
        st.metric(tr("why_lstm.new_cell_state_c_t"), f"{result.c[0]:.2f}")
        st.caption(tr("why_lstm.only_a_multiplication_and_an"))
    with cols[3]:
        st.markdown(tr("why_lstm.output_gate_o"))
        o = st.slider("o", 0.0, 1.0, 0.9, 0.01, key="walk_o")
        st.metric(tr("why_lstm.output_h_t_o_tanh"), f"{result.h[0]:.2f}")
        st.caption(tr("why_lstm.tanh_squashes_the_memory_o"))
    chart(
        plots.cell_diagram(
            0.0,
            0.0,
            c_prev,
            i,
            f,
            c_tilde,
            o,
            float(result.c[0]),
            float(result.h[0]),
            pinned=("i", "f", "c_tilde", "o"),
            title=tr("why_lstm.full_cell"),
            tr=tr,
        ),
        key="walk_diagram",
        config={"displayModeBar": False},
    )


def load_document_model() -> None:
    doc = counting.DOCUMENT_001
    st.session_state.update(
        calc_layers=len(doc["lstm_units"]),
        calc_units=doc["lstm_units"][0],
        calc_features=doc["input_features"],
        calc_bidirectional=False,
        calc_dense=doc["dense_units"],
        calc_sequences=False,
    )


CALCULATOR_DEFAULTS = {
    "calc_layers": 1,
    "calc_units": 32,
    "calc_features": 1,
    "calc_dense": 1,
    "calc_bidirectional": False,
    "calc_sequences": False,
}


def calculator_section() -> None:
    st.subheader(tr("why_lstm.parameter_calculator"))
    for key, value in CALCULATOR_DEFAULTS.items():
        st.session_state.setdefault(key, value)
    st.button(tr("why_lstm.load_course_document_s_face"), on_click=load_document_model)
    cols = st.columns(6)
    layers = cols[0].slider(tr("why_lstm.lstm_layers"), 1, 4, key="calc_layers")
    units = cols[1].number_input(tr("why_lstm.units_per_layer"), 1, 4096, key="calc_units")
    features = cols[2].number_input(tr("why_lstm.input_features_d"), 1, 100_000, key="calc_features")
    dense = cols[3].number_input(tr("why_lstm.dense_head_units_none"), 0, 100_000, key="calc_dense")
    bidirectional = cols[4].toggle(tr("why_lstm.bidirectional"), key="calc_bidirectional")
    sequences = cols[5].toggle(tr("why_lstm.last_layer_returns_sequences"), key="calc_sequences")
    rows = counting.count_parameters(int(features), [int(units)] * layers, bidirectional, int(dense))
    width = (2 if bidirectional else 1) * int(units)
    shapes = [f"(batch, T, {(2 if bidirectional else 1) * r.units})" for r in rows[:layers]]
    if not sequences:
        shapes[-1] = f"(batch, {width})"
    if dense:
        shapes.append(f"(batch, T, {dense})" if sequences else f"(batch, {dense})")
    table = pd.DataFrame(
        {
            tr("why_lstm.col.layer"): [r.name for r in rows],
            tr("why_lstm.col.reads"): [r.input_dim for r in rows],
            tr("why_lstm.col.units"): [r.units for r in rows],
            tr("why_lstm.col.shape"): shapes,
            tr("why_lstm.col.parameters"): [r.params for r in rows],
            tr("why_lstm.col.formula"): [r.formula for r in rows],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    st.metric(tr("why_lstm.total_parameters"), f"{counting.total(rows):,}")
    st.caption(tr("why_lstm.lstm_u_u_d_four"))
    doc = counting.DOCUMENT_001
    if (layers, int(units), int(features), int(dense), bidirectional) == (2, 128, 47, 7, False):
        st.warning(
            tr(
                "why_lstm.course_document_prints_for_this",
                params=rows[1].params,
                v2=counting.total(rows),
                v3=doc["document_total"] - counting.total(rows),
            ),
            icon=":material/rule:",
        )


def quiz_section() -> None:
    st.subheader(tr("why_lstm.predict_then_reveal"))
    st.caption(tr("why_lstm.write_your_answer_first_the"))
    for question in quiz.QUESTIONS:
        with st.container(border=True):
            st.markdown(tr(f"quiz.{question.key}.text"))
            left, right = st.columns([2, 1], vertical_alignment="bottom")
            guess = left.number_input(
                tr("why_lstm.your_answer"),
                value=None,
                format="%.3f",
                key=f"guess_{question.key}",
                placeholder=tr("why_lstm.type_a_number"),
            )
            if right.button(tr("why_lstm.reveal"), key=f"reveal_{question.key}", width="stretch"):
                st.session_state[f"revealed_{question.key}"] = True
            if st.session_state.get(f"revealed_{question.key}"):
                value = quiz.answer(question)
                if guess is None:
                    verdict = tr("why_lstm.no_guess")
                elif quiz.is_close(guess, question):
                    verdict = tr("why_lstm.right", guess=guess)
                else:
                    verdict = tr("why_lstm.not_quite", guess=guess)
                explanation = tr(f"quiz.{question.key}.explanation")
                st.success(f"**{question.asks} = {value:.4f}**. {verdict} {explanation}")


st.title(tr("why_lstm.why_lstm"))
st.caption(tr("why_lstm.course_document_s_three_claims"))
tabs = st.tabs(
    [
        tr("why_lstm.gradients_along_time"),
        tr("why_lstm.rnn_vs_lstm"),
        tr("why_lstm.gate_by_gate"),
        tr("why_lstm.parameter_calculator"),
        tr("why_lstm.predict_then_reveal"),
    ]
)
with tabs[0]:
    gradients_section()
with tabs[1]:
    side_by_side_section()
with tabs[2]:
    gate_by_gate_section()
with tabs[3]:
    calculator_section()
with tabs[4]:
    quiz_section()
