"""The LSTM as first published, without a forget gate (Hochreiter & Schmidhuber 1997): c = c_{t−1} + i ⊙ c̃.

Keras has no such layer. Layout: ``kernel`` (d, 3u), ``recurrent_kernel`` (u, 3u), ``bias`` (3u,), blocks i, c, o.
With every forget gate of an LSTM pinned to 1 the two are the same cell (a test checks it): nothing makes the cell
state decay (only i ⊙ c̃, of either sign, changes it), so on a long input of one sign it can grow without bound, which
is why Gers et al. (2000) added the forget gate.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from lstm_viz.cells import layout
from lstm_viz.cells import lstm as full
from lstm_viz.cells.base import ACTIVATIONS, NO_PINS, ArraySpec, CellKind, Weights, derivative, into_pre, sigmoid, split
from lstm_viz.cells.display import Preset
from lstm_viz.cells.drawing import no_forget as drawing

BLOCKS = ("i", "c_tilde", "o")


class Step(NamedTuple):
    pre_i: np.ndarray
    pre_c_tilde: np.ndarray
    pre_o: np.ndarray
    i: np.ndarray
    c_tilde: np.ndarray
    o: np.ndarray
    written: np.ndarray
    c: np.ndarray
    act_c: np.ndarray
    h: np.ndarray


def step(w: Weights, x, h_prev, c_prev, pins: Mapping[str, np.ndarray] = NO_PINS) -> Step:
    """One step of the 1997 LSTM: nothing is ever forgotten."""
    act = ACTIVATIONS[w.activation]
    pre_i, pre_c_tilde, pre_o = split(x @ w.kernel + h_prev @ w.recurrent_kernel + w.bias, 3)
    i = pins.get("i", sigmoid(pre_i))  # input gate
    c_tilde = pins.get("c_tilde", act(pre_c_tilde))  # candidate
    o = pins.get("o", sigmoid(pre_o))  # output gate
    written = i * c_tilde  # what is written
    c = c_prev + written  # the cell state only adds: no forget gate
    act_c = act(c)
    h = o * act_c
    return Step(pre_i, pre_c_tilde, pre_o, i, c_tilde, o, written, c, act_c, h)


def back(w: Weights, v, d, pinned=()) -> tuple[np.ndarray, np.ndarray]:
    """``step`` backwards, line by line from the last."""
    d["o"] += d["h"] * v["act_c"]
    d["act_c"] += d["h"] * v["o"]
    d["c"] += d["act_c"] * derivative(w.activation, v["c"], v["act_c"])
    d["written"] += d["c"]  # c = c_{t−1} + written: the cell-state path passes the gradient on unchanged
    d["c_prev"] += d["c"]
    d["i"] += d["written"] * v["c_tilde"]
    d["c_tilde"] += d["written"] * v["i"]
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
    return layout.default_arrays(ARRAYS, input_dim, units, kernel=(1.0, 2.0, 1.0), recurrent=0.5, bias=(0.0, 0.0, 0.0))


PRESETS = {
    # A constant input writes the same amount at every step: c keeps growing (why the forget gate came in 2000).
    "grows": Preset({"kernel": (2.0, 2.0, 0.0), "bias": (0.0, 0.0, 3.0)}, "step", start=25),
}

KIND = CellKind(
    key="no_forget",
    recurrence=("c", "1", "i ⊙ c̃"),
    keras_layer=None,
    states=("h", "c"),
    parts=tuple(part for part in full.PARTS if part.name not in ("f", "kept")),
    arrays=ARRAYS,
    step=step,
    step_fields=Step._fields,
    diagram=drawing.DIAGRAM,
    panels=(
        full.KIND.panels[0],
        full.KIND.panels[1].__class__("gates", ("i", "o")),
        *full.KIND.panels[2:],
    ),
    heatmaps=("i", "c_tilde", "o", "c", "h"),
    equations=drawing.EQUATIONS,
    notes=("i", "c_tilde", "c", "o"),
    summary=("i", "c_tilde", "o", "c", "h"),
    default=default,
    activations=tuple(ACTIVATIONS),
    reference="Hochreiter & Schmidhuber (1997)",  # a citation only: the page shows it as is, in either language
    presets=PRESETS,
    order=4,
    back=back,
    back_equations=drawing.BACK_EQUATIONS,
    back_notes=("c", "h"),
)
