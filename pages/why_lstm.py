"""Why LSTM: vanishing gradients, the two cells side by side, the gates one by one, parameter counts, a quiz.

Course documents 004 (lecture notes) and 001 (the lab's parameter counts). NumPy only: no TensorFlow here.
"""

import numpy as np
import pandas as pd
import streamlit as st

from lstm_viz import counting, explain, gradients, plots, quiz
from lstm_viz.lstm import LSTMParams, forward, rnn_forward, step
from lstm_viz.sequences import MAX_STEPS, SEQUENCE_PRESETS, preset_sequence

PRESETS = {k: v for k, v in SEQUENCE_PRESETS.items() if k != "custom"}


def gradients_section() -> None:
    st.subheader("Gradients along time")
    st.markdown(
        "Training an RNN means sending the error at the last step T back to every earlier step t. How much "
        "can step t still change the end? That is the size of **∂state_T/∂state_t**. A plain RNN multiplies "
        "by tanh′ · U at every step, so the product shrinks (or blows up) geometrically. The LSTM's cell state "
        "is only multiplied by the forget gate, so with f ≈ 1 the signal survives."
    )
    controls = st.columns(4)
    sequence = controls[0].selectbox("Input sequence", list(PRESETS), format_func=PRESETS.get, key="grad_seq")
    steps = controls[1].slider("Steps T", 2, MAX_STEPS, 40, key="grad_steps")
    scale = controls[2].slider("RNN recurrent weight scale ‖U‖", 0.1, 3.0, 0.9, 0.05, key="rnn_scale")
    forget_bias = controls[3].slider("LSTM forget bias b_f", -4.0, 10.0, 4.0, 0.25, key="forget_bias")
    units = st.radio("Units in both cells", [1, 2, 3, 4], horizontal=True, key="grad_units")

    x = preset_sequence(sequence, steps)[:, None]
    rnn, lstm = gradients.demo_cells(units, scale, forget_bias)
    rnn_curve = gradients.rnn_sensitivity(rnn, x).norms
    lstm_full, forget_products, trace = gradients.lstm_sensitivity(lstm, x)
    curves = {
        "plain RNN: ‖∂h_T/∂h_t‖": (rnn_curve, plots.COLORS["h"], "solid"),
        "LSTM: ‖∂c_T/∂c_t‖, every path": (lstm_full.norms, plots.COLORS["c"], "solid"),
        "LSTM, cell-state path only: ∏ f": (forget_products.max(axis=1), plots.COLORS["f"], "dash"),
    }
    st.plotly_chart(plots.sensitivity_curves(curves, steps - 1), key="gradient_curves")
    cols = st.columns(3)
    cols[0].metric("RNN, from t = 0 to T", f"{rnn_curve[0]:.2e}")
    cols[1].metric("LSTM, from t = 0 to T", f"{lstm_full.norms[0]:.2e}")
    cols[2].metric("mean forget gate f", f"{trace.f.mean():.3f}")
    st.caption(
        f"Text summary: over {steps - 1} steps back, the RNN's sensitivity is {rnn_curve[0]:.2e} and the LSTM's "
        f"{lstm_full.norms[0]:.2e} (the product of its forget gates alone: {forget_products[0].max():.2e})."
    )
    with st.expander("The formulas (computed exactly, checked against finite differences in the tests)"):
        st.latex(
            r"\text{RNN: } \frac{\partial h_T}{\partial h_t} = \prod_{k=t+1}^{T} \mathrm{diag}(1 - h_k^2)\, U^\top"
        )
        st.latex(
            r"\text{LSTM, cell-state path: } \frac{\partial c_T}{\partial c_t} = \prod_{k=t+1}^{T} \mathrm{diag}(f_k)"
        )
        st.latex(
            r"\frac{\partial c_k}{\partial h_{k-1}} = \mathrm{diag}(c_{k-1} f_k(1-f_k)) U_f^\top"
            r" + \mathrm{diag}(\tilde c_k i_k (1-i_k)) U_i^\top + \mathrm{diag}(i_k (1-\tilde c_k^2)) U_c^\top"
        )
        st.markdown(
            "The full LSTM curve also follows the paths through h (the state is the pair h, c); "
            "the norm is the spectral norm. The weights are seeded random; the RNN's U is the scale times an "
            "orthogonal matrix."
        )


def side_by_side_section() -> None:
    st.subheader("RNN and LSTM, side by side")
    st.caption("Both cells read the same sequence as above; shown at the last step, unit 1.")
    x = preset_sequence(st.session_state.grad_seq, st.session_state.grad_steps)[:, None]
    rnn, lstm = gradients.demo_cells(
        st.session_state.grad_units, st.session_state.rnn_scale, st.session_state.forget_bias
    )
    h = rnn_forward(rnn, x)
    trace = forward(lstm, x)
    t = trace.steps - 1
    left, right = st.columns(2)
    with left:
        st.plotly_chart(
            plots.rnn_diagram(float(x[t, 0]), float(h[t - 1, 0]), float(h[t, 0]), title="Plain RNN"),
            key="rnn_diagram",
            config={"displayModeBar": False},
        )
        st.latex(r"h_t = \tanh(W x_t + U h_{t-1} + b)")
        st.markdown("One state, squashed by tanh at every step: memory and output are the same thing.")
    with right:
        st.plotly_chart(
            plots.trace_cell_diagram(trace, t, 0, title="LSTM"), key="lstm_diagram", config={"displayModeBar": False}
        )
        for line in explain.equations(lstm, trace, t, 0)[4:]:
            st.latex(line)
        st.markdown("Two states: the cell state c (long memory, no squashing on its path) and the output h.")


def gate_by_gate_section() -> None:
    st.subheader("Gate by gate")
    st.caption("Document 004's walkthrough. Each slider feeds the NumPy cell; the full cell is drawn at the end.")
    cols = st.columns(4)
    with cols[0]:
        st.markdown("**1 · Forget gate f**")
        c_prev = st.slider("old cell state c₍t−1₎", -2.0, 2.0, 1.0, 0.05, key="walk_c_prev")
        f = st.slider("f", 0.0, 1.0, 0.9, 0.01, key="walk_f")
        st.metric("kept: f·c₍t−1₎", f"{f * c_prev:.2f}")
        st.caption("A sigmoid: 0 means forget, 1 means remember.")
    with cols[1]:
        st.markdown("**2 · Input gate i and candidate c̃**")
        i = st.slider("i", 0.0, 1.0, 0.8, 0.01, key="walk_i")
        c_tilde = st.slider("c̃", -1.0, 1.0, 0.5, 0.01, key="walk_c_tilde")
        st.metric("written: i·c̃", f"{i * c_tilde:.2f}")
        st.caption("c̃ proposes new content in (−1, 1); i decides how much of it goes in.")
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
        st.markdown("**3 · Cell state update**")
        st.latex(rf"c_t = {f:.2f}\cdot{explain.number(c_prev)} + {i:.2f}\cdot{explain.number(c_tilde)}")
        st.metric("new cell state c_t", f"{result.c[0]:.2f}")
        st.caption("Only a multiplication and an addition: no activation on this path.")
    with cols[3]:
        st.markdown("**4 · Output gate o**")
        o = st.slider("o", 0.0, 1.0, 0.9, 0.01, key="walk_o")
        st.metric("output h_t = o·tanh(c_t)", f"{result.h[0]:.2f}")
        st.caption("tanh squashes the memory; o picks how much of it leaves as h.")
    st.plotly_chart(
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
            title="The full cell with these values",
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
    st.subheader("Parameter calculator")
    for key, value in CALCULATOR_DEFAULTS.items():
        st.session_state.setdefault(key, value)
    st.button("Load course document 001's face model", on_click=load_document_model)
    cols = st.columns(6)
    layers = cols[0].slider("LSTM layers", 1, 4, key="calc_layers")
    units = cols[1].number_input("Units per layer", 1, 4096, key="calc_units")
    features = cols[2].number_input("Input features d", 1, 100_000, key="calc_features")
    dense = cols[3].number_input("Dense head units (0: none)", 0, 100_000, key="calc_dense")
    bidirectional = cols[4].toggle("Bidirectional", key="calc_bidirectional")
    sequences = cols[5].toggle("Last layer returns sequences", key="calc_sequences")
    rows = counting.count_parameters(int(features), [int(units)] * layers, bidirectional, int(dense))
    width = (2 if bidirectional else 1) * int(units)
    shapes = [f"(batch, T, {(2 if bidirectional else 1) * r.units})" for r in rows[:layers]]
    if not sequences:
        shapes[-1] = f"(batch, {width})"
    if dense:
        shapes.append(f"(batch, T, {dense})" if sequences else f"(batch, {dense})")
    table = pd.DataFrame(
        {
            "layer": [r.name for r in rows],
            "reads d": [r.input_dim for r in rows],
            "units": [r.units for r in rows],
            "output shape": shapes,
            "parameters": [r.params for r in rows],
            "formula": [r.formula for r in rows],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    st.metric("Total parameters", f"{counting.total(rows):,}")
    st.caption(
        "LSTM: 4·u·(u + d + 1) — four blocks (i, f, c̃, o), each an input kernel d×u, a recurrent kernel "
        "u×u and a bias u. Dense: (d + 1)·n. The tests check these against Keras's count_params()."
    )
    doc = counting.DOCUMENT_001
    if (layers, int(units), int(features), int(dense), bidirectional) == (2, 128, 47, 7, False):
        st.warning(
            "Course document 001 prints 90,112 / **132,608** / 903 = **223,623** for this model (the document's "
            f"numbers). 132,608 = 4·128·(128 + 130 + 1) would need 130 inputs; the second LSTM reads the first one's "
            f"128 outputs: 4·128·(128 + 128 + 1) = "
            f"{rows[1].params:,}, so the total is {counting.total(rows):,} — "
            f"{doc['document_total'] - counting.total(rows):,} fewer. (Its 90,112 also only fits d = 47: the images "
            "are 62×47, not 50×37.)",
            icon=":material/rule:",
        )


def quiz_section() -> None:
    st.subheader("Predict, then reveal")
    st.caption("Write your answer first; the NumPy cell then computes it.")
    for question in quiz.QUESTIONS:
        with st.container(border=True):
            st.markdown(question.text)
            left, right = st.columns([2, 1], vertical_alignment="bottom")
            guess = left.number_input(
                "Your answer", value=None, format="%.3f", key=f"guess_{question.key}", placeholder="type a number"
            )
            if right.button("Reveal", key=f"reveal_{question.key}", width="stretch"):
                st.session_state[f"revealed_{question.key}"] = True
            if st.session_state.get(f"revealed_{question.key}"):
                value = quiz.answer(question)
                if guess is None:
                    verdict = "You did not guess — next time, commit to a number first."
                elif quiz.is_close(guess, question):
                    verdict = f"Right: you said {guess:.3f}."
                else:
                    verdict = f"Not quite: you said {guess:.3f}."
                st.success(f"**{question.asks} = {value:.4f}**. {verdict} {question.explanation}")


st.title("Why LSTM?")
st.caption(
    "Course document 004's three claims, made visible: gradients survive along the cell state, the "
    "gates decide what is kept, and the parameters add up as 4·u·(u + d + 1)."
)
tabs = st.tabs(["Gradients along time", "RNN vs LSTM", "Gate by gate", "Parameter calculator", "Predict, then reveal"])
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
