"""The LSTM with peephole connections (Gers & Schmidhuber 2000): the gates also look at the cell state.

Keras has no such layer. Layout: the LSTM's ``kernel``, ``recurrent_kernel`` and ``bias`` (blocks i, f, c, o), plus
``peephole`` (3u,): one weight per unit for each of i, f and o (a diagonal "peephole" matrix, as in the paper and
in Greff et al. 2017). i and f look at c_{t−1}; o looks at the new c_t. With every peephole weight 0 it is the
LSTM (a test checks it).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from lstm_viz.cells import layout
from lstm_viz.cells import lstm as full
from lstm_viz.cells.base import ACTIVATIONS, NO_PINS, ArraySpec, CellKind, Weights, derivative, into_pre, sigmoid, split
from lstm_viz.cells.display import Preset
from lstm_viz.cells.drawing import peephole as drawing

PEEPHOLES = ("i", "f", "o")


def step(w: Weights, x, h_prev, c_prev, pins: Mapping[str, np.ndarray] = NO_PINS) -> full.Step:
    """One peephole-LSTM step: the LSTM's, with p ⊙ c added to each gate's pre-activation."""
    act = ACTIVATIONS[w.activation]
    z_i, z_f, pre_c_tilde, z_o = split(x @ w.kernel + h_prev @ w.recurrent_kernel + w.bias, 4)
    p_i, p_f, p_o = split(w.peephole, 3)
    pre_i = z_i + p_i * c_prev  # the input gate peeks at the old cell state
    pre_f = z_f + p_f * c_prev  # so does the forget gate
    i = pins.get("i", sigmoid(pre_i))
    f = pins.get("f", sigmoid(pre_f))
    c_tilde = pins.get("c_tilde", act(pre_c_tilde))
    kept = f * c_prev
    written = i * c_tilde
    c = kept + written
    pre_o = z_o + p_o * c  # the output gate peeks at the new cell state
    o = pins.get("o", sigmoid(pre_o))
    act_c = act(c)
    h = o * act_c
    return full.Step(pre_i, pre_f, pre_c_tilde, pre_o, i, f, c_tilde, o, kept, written, c, act_c, h)


def back(w: Weights, v, d, pinned=()) -> tuple[np.ndarray, np.ndarray]:
    """``step`` backwards, line by line from the last: the LSTM's, with the peepholes' extra paths into c."""
    p_i, p_f, p_o = split(w.peephole, 3)
    d["o"] += d["h"] * v["act_c"]
    d["act_c"] += d["h"] * v["o"]
    d["c"] += d["act_c"] * derivative(w.activation, v["c"], v["act_c"])
    into_pre(d, v, "o", "sigmoid", pinned)
    d["c"] += d["pre_o"] * p_o  # pre_o = z_o + p_o ⊙ c: the output gate's peephole reads the new c
    d["kept"] += d["c"]
    d["written"] += d["c"]
    d["i"] += d["written"] * v["c_tilde"]
    d["c_tilde"] += d["written"] * v["i"]
    d["f"] += d["kept"] * v["c_prev"]
    d["c_prev"] += d["kept"] * v["f"]
    into_pre(d, v, "i", "sigmoid", pinned)
    into_pre(d, v, "f", "sigmoid", pinned)
    into_pre(d, v, "c_tilde", w.activation, pinned)
    d["c_prev"] += d["pre_i"] * p_i + d["pre_f"] * p_f  # pre_i, pre_f read c_{t−1} through their peepholes
    z = np.concatenate([d["pre_i"], d["pre_f"], d["pre_c_tilde"], d["pre_o"]])
    d["h_prev"] += w.recurrent_kernel @ z
    return z, z


def back_arrays(w: Weights, trace, grads) -> dict[str, np.ndarray]:
    """∂L/∂p, summed over time: p_i and p_f multiply c_{t−1}, p_o the new c."""
    c_prev, c = trace.values["c_prev"], trace.values["c"]
    parts = (grads["pre_i"] * c_prev, grads["pre_f"] * c_prev, grads["pre_o"] * c)
    return {"peephole": np.concatenate([part.sum(axis=0) for part in parts])}


ARRAYS = (*full.ARRAYS, ArraySpec("peephole", "P", "p", "", PEEPHOLES))


def default(input_dim: int, units: int) -> dict[str, np.ndarray]:
    return layout.default_arrays(
        ARRAYS,
        input_dim,
        units,
        kernel=(1.0, 0.5, 2.0, 1.0),
        recurrent=0.5,
        bias=(0.0, 1.0, 0.0, 0.0),
        peephole=(0.5, 0.5, 0.5),
    )


PRESETS = {
    # o = σ(4c − 3) opens only once c has grown: the output gate reads the cell state it guards.
    "peek": Preset(
        {"kernel": (1.0, 0.0, 1.0, 0.0), "bias": (0.0, 4.0, 0.0, -3.0), "peephole": (0.0, 0.0, 4.0)}, "step", start=20
    ),
}

KIND = CellKind(
    key="peephole",
    recurrence=("c", "f", "i ⊙ c̃"),
    keras_layer=None,
    states=("h", "c"),
    parts=full.PARTS,
    arrays=ARRAYS,
    step=step,
    step_fields=full.Step._fields,
    diagram=drawing.DIAGRAM,
    panels=full.KIND.panels,
    heatmaps=full.KIND.heatmaps,
    equations=drawing.equations(PEEPHOLES),
    notes=full.KIND.notes,
    summary=full.KIND.summary,
    default=default,
    activations=tuple(ACTIVATIONS),
    reference="Gers & Schmidhuber (2000); Greff et al. (2017)",
    presets=PRESETS,
    order=5,
    back=back,
    back_equations=drawing.BACK_EQUATIONS,
    back_notes=("c", "h"),
    back_arrays=back_arrays,
)
