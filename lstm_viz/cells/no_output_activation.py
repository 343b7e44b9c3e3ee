"""The LSTM without an output activation (NOAF, Greff et al. 2017): h = o ⊙ c, with no tanh on the way out.

Keras has no such layer. Layout: the LSTM's ``kernel``, ``recurrent_kernel`` and ``bias`` (blocks i, f, c, o). The
cell state is unbounded, so now h is too: with a steady input h grows with c. In Greff et al.'s comparison of
eight variants, removing the output activation (or the forget gate) hurt the most.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from lstm_viz.cells import layout
from lstm_viz.cells import lstm as full
from lstm_viz.cells.base import ACTIVATIONS, NO_PINS, CellKind, Part, Weights, into_pre, sigmoid, split
from lstm_viz.cells.display import Preset
from lstm_viz.cells.drawing import no_output_activation as drawing


class Step(NamedTuple):
    pre_i: np.ndarray
    pre_f: np.ndarray
    pre_c_tilde: np.ndarray
    pre_o: np.ndarray
    i: np.ndarray
    f: np.ndarray
    c_tilde: np.ndarray
    o: np.ndarray
    kept: np.ndarray
    written: np.ndarray
    c: np.ndarray
    h: np.ndarray


def step(w: Weights, x, h_prev, c_prev, pins: Mapping[str, np.ndarray] = NO_PINS) -> Step:
    """One LSTM step whose output is not squashed."""
    act = ACTIVATIONS[w.activation]  # the candidate's activation only
    pre_i, pre_f, pre_c_tilde, pre_o = split(x @ w.kernel + h_prev @ w.recurrent_kernel + w.bias, 4)
    i = pins.get("i", sigmoid(pre_i))  # input gate
    f = pins.get("f", sigmoid(pre_f))  # forget gate
    c_tilde = pins.get("c_tilde", act(pre_c_tilde))  # candidate
    o = pins.get("o", sigmoid(pre_o))  # output gate
    kept = f * c_prev
    written = i * c_tilde
    c = kept + written  # the cell state
    h = o * c  # no activation: the hidden state is as unbounded as c
    return Step(pre_i, pre_f, pre_c_tilde, pre_o, i, f, c_tilde, o, kept, written, c, h)


def back(w: Weights, v, d, pinned=()) -> tuple[np.ndarray, np.ndarray]:
    """``step`` backwards, line by line from the last."""
    d["o"] += d["h"] * v["c"]  # h = o ⊙ c
    d["c"] += d["h"] * v["o"]
    d["kept"] += d["c"]
    d["written"] += d["c"]
    d["i"] += d["written"] * v["c_tilde"]
    d["c_tilde"] += d["written"] * v["i"]
    d["f"] += d["kept"] * v["c_prev"]
    d["c_prev"] += d["kept"] * v["f"]
    for part in ("i", "f", "o"):
        into_pre(d, v, part, "sigmoid", pinned)
    into_pre(d, v, "c_tilde", w.activation, pinned)
    z = np.concatenate([d["pre_i"], d["pre_f"], d["pre_c_tilde"], d["pre_o"]])
    d["h_prev"] += w.recurrent_kernel @ z
    return z, z


KIND = CellKind(
    key="no_output_activation",
    recurrence=("c", "f", "i ⊙ c̃"),
    keras_layer=None,
    states=("h", "c"),
    parts=tuple(
        Part("h", "h", layout.SKY, role="state") if part.name == "h" else part
        for part in full.PARTS
        if part.name != "act_c"
    ),
    arrays=full.ARRAYS,
    step=step,
    step_fields=Step._fields,
    diagram=drawing.DIAGRAM,
    panels=full.KIND.panels,
    heatmaps=full.KIND.heatmaps,
    equations=drawing.EQUATIONS,
    notes=full.KIND.notes,
    summary=full.KIND.summary,
    default=full.default,
    activations=tuple(ACTIVATIONS),
    reference="Greff et al. (2017), 'LSTM: A Search Space Odyssey' (NOAF)",
    presets={
        # the LSTM's long-memory cell: c ≈ 1 is kept, and without tanh h shows it as it is
        "long_memory": Preset({"kernel": (10.0, 0.0, 3.0, 0.0), "bias": (-5.0, 6.0, 0.0, 3.0)}, start=2),
        # a steady input keeps writing: c and now h grow past 1
        "grows": Preset({"kernel": (2.0, 0.0, 2.0, 0.0), "bias": (0.0, 4.0, 0.0, 3.0)}, "step", 40, start=30),
    },
    order=7,
    back=back,
    back_equations=drawing.BACK_EQUATIONS,
    bounded_h=False,
    back_notes=("c", "h"),
)
