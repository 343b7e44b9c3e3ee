"""The coupled-gate LSTM (CIFG, Greff et al. 2017): the forget gate is 1 − i, so it forgets exactly as much as it
writes.

Keras has no such layer. Layout: ``kernel`` (d, 3u), ``recurrent_kernel`` (u, 3u), ``bias`` (3u,), blocks i, c, o.
It is the LSTM whose forget-gate weights are the input gate's negated, since σ(−z) = 1 − σ(z) (a test checks it).
One gate fewer, and in Greff et al.'s comparison no worse.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from lstm_viz.cells import layout
from lstm_viz.cells import lstm as full
from lstm_viz.cells.base import (
    ACTIVATIONS,
    NO_PINS,
    ArraySpec,
    CellKind,
    Part,
    Weights,
    derivative,
    into_pre,
    sigmoid,
    split,
)
from lstm_viz.cells.display import Preset
from lstm_viz.cells.drawing import coupled as drawing

BLOCKS = ("i", "c_tilde", "o")


class Step(NamedTuple):
    pre_i: np.ndarray
    pre_c_tilde: np.ndarray
    pre_o: np.ndarray
    i: np.ndarray
    f: np.ndarray
    c_tilde: np.ndarray
    o: np.ndarray
    kept: np.ndarray
    written: np.ndarray
    c: np.ndarray
    act_c: np.ndarray
    h: np.ndarray


def step(w: Weights, x, h_prev, c_prev, pins: Mapping[str, np.ndarray] = NO_PINS) -> Step:
    """One coupled-gate step: the LSTM's, with f = 1 − i."""
    act = ACTIVATIONS[w.activation]
    pre_i, pre_c_tilde, pre_o = split(x @ w.kernel + h_prev @ w.recurrent_kernel + w.bias, 3)
    i = pins.get("i", sigmoid(pre_i))  # input gate
    f = 1 - i  # coupled: keep exactly what is not written over
    c_tilde = pins.get("c_tilde", act(pre_c_tilde))
    o = pins.get("o", sigmoid(pre_o))
    kept = f * c_prev
    written = i * c_tilde
    c = kept + written
    act_c = act(c)
    h = o * act_c
    return Step(pre_i, pre_c_tilde, pre_o, i, f, c_tilde, o, kept, written, c, act_c, h)


def back(w: Weights, v, d, pinned=()) -> tuple[np.ndarray, np.ndarray]:
    """``step`` backwards, line by line from the last."""
    d["o"] += d["h"] * v["act_c"]
    d["act_c"] += d["h"] * v["o"]
    d["c"] += d["act_c"] * derivative(w.activation, v["c"], v["act_c"])
    d["kept"] += d["c"]
    d["written"] += d["c"]
    d["i"] += d["written"] * v["c_tilde"]
    d["c_tilde"] += d["written"] * v["i"]
    d["f"] += d["kept"] * v["c_prev"]
    d["c_prev"] += d["kept"] * v["f"]
    d["i"] -= d["f"]  # f = 1 − i: what the input gate writes, it also takes away
    into_pre(d, v, "i", "sigmoid", pinned)
    into_pre(d, v, "c_tilde", w.activation, pinned)
    into_pre(d, v, "o", "sigmoid", pinned)
    z = np.concatenate([d["pre_i"], d["pre_c_tilde"], d["pre_o"]])
    d["h_prev"] += w.recurrent_kernel @ z
    return z, z


ARRAYS = (
    ArraySpec("kernel", "W", "W", "input", BLOCKS),
    ArraySpec("recurrent_kernel", "U", "U", "units", BLOCKS),
    ArraySpec("bias", "b", "b", "", BLOCKS),
)


def default(input_dim: int, units: int) -> dict[str, np.ndarray]:
    return layout.default_arrays(ARRAYS, input_dim, units, kernel=(1.0, 2.0, 1.0), recurrent=0.5, bias=(-1.0, 0.0, 0.0))


PRESETS = {
    # i = σ(10x − 5): the pulse is written (f = 1 − i ≈ 0.007 forgets the rest), then i ≈ 0 keeps it (f ≈ 0.993).
    "long_memory": Preset({"kernel": (10.0, 3.0, 0.0), "bias": (-5.0, 0.0, 3.0)}, start=2),
}

KIND = CellKind(
    key="coupled",
    recurrence=("c", "1 − i", "i ⊙ c̃"),
    keras_layer=None,
    states=("h", "c"),
    parts=tuple(
        Part("f", "f", layout.VERMILLION, 0.0, 1.0, "gate", bar=True) if part.name == "f" else part
        for part in full.PARTS
    ),
    arrays=ARRAYS,
    step=step,
    step_fields=Step._fields,
    diagram=drawing.DIAGRAM,
    panels=full.KIND.panels,
    heatmaps=full.KIND.heatmaps,
    equations=drawing.EQUATIONS,
    notes=full.KIND.notes,
    summary=full.KIND.summary,
    default=default,
    activations=tuple(ACTIVATIONS),
    reference="Greff et al. (2017), 'LSTM: A Search Space Odyssey' (CIFG)",
    presets=PRESETS,
    order=6,
    back=back,
    back_equations=drawing.BACK_EQUATIONS,
    back_notes=("c", "h"),
)
