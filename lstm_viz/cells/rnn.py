"""The plain (Elman) RNN, exactly as ``keras.layers.SimpleRNN`` computes it.

Keras's layout: ``kernel`` (d, u), ``recurrent_kernel`` (u, u), ``bias`` (u,).

    h = tanh(x·W + h_{t−1}·U + b)      one state, squashed at every step: memory and output are the same thing

References: Elman (1990); the Keras source of ``SimpleRNNCell``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from lstm_viz.cells import layout
from lstm_viz.cells.base import ACTIVATIONS, NO_PINS, ArraySpec, CellKind, Part, Weights, derivative
from lstm_viz.cells.display import Panel, Preset
from lstm_viz.cells.drawing import rnn as drawing

BLOCKS = ("h",)


class Step(NamedTuple):
    pre_h: np.ndarray
    h: np.ndarray


def step(w: Weights, x, h_prev, pins: Mapping[str, np.ndarray] = NO_PINS) -> Step:
    """One plain-RNN step."""
    act = ACTIVATIONS[w.activation]  # tanh unless the layer says otherwise
    pre_h = x @ w.kernel + h_prev @ w.recurrent_kernel + w.bias
    h = act(pre_h)  # the new hidden state: all the memory there is
    return Step(pre_h, h)


def back(w: Weights, v, d, pinned=()) -> tuple[np.ndarray, np.ndarray]:
    """``step`` backwards: through the activation, then the matrix products."""
    d["pre_h"] += d["h"] * derivative(w.activation, v["pre_h"], v["h"])  # h = act(pre_h)
    d["h_prev"] += w.recurrent_kernel @ d["pre_h"]  # pre_h = x·W + h_{t−1}·U + b: the path that vanishes
    return d["pre_h"], d["pre_h"]


ARRAYS = (
    ArraySpec("kernel", "W", "W", "input", BLOCKS),
    ArraySpec("recurrent_kernel", "U", "U", "units", BLOCKS),
    ArraySpec("bias", "b", "b", "", BLOCKS),
)


def default(input_dim: int, units: int) -> dict[str, np.ndarray]:
    return layout.default_arrays(ARRAYS, input_dim, units, kernel=(1.0,), recurrent=0.5, bias=(0.0,))


PRESETS = {
    # U = 0.9: the pulse echoes, shrinking by about 0.9 (times tanh′) per step.
    "echo": Preset({"kernel": (2.0,), "recurrent_kernel": (0.9,)}, start=2),
    # U = 3: tanh saturates and h holds ±1 — a memory that cannot hold anything else.
    "saturate": Preset({"kernel": (2.0,), "recurrent_kernel": (3.0,)}, start=3),
}

KIND = CellKind(
    key="rnn",
    keras_layer="SimpleRNN",
    states=("h",),
    parts=(Part("h", "h", layout.SKY, -1.0, 1.0, "state", "act", bar=True),),
    arrays=ARRAYS,
    step=step,
    step_fields=Step._fields,
    diagram=drawing.DIAGRAM,
    panels=(Panel("input", ("x",)), Panel("hidden", ("h",))),
    heatmaps=("h",),
    equations=drawing.EQUATIONS,
    notes=("h",),
    summary=("h",),
    default=default,
    activations=tuple(ACTIVATIONS),
    from_keras=layout.from_keras,
    to_keras=layout.to_keras,
    reference="Elman (1990); keras.layers.SimpleRNN",
    presets=PRESETS,
    order=1,
    back=back,
    back_equations=drawing.BACK_EQUATIONS,
    back_notes=("h",),
)
