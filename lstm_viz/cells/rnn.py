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
from lstm_viz.cells.base import (
    ACTIVATIONS,
    NO_PINS,
    ArraySpec,
    Box,
    CellKind,
    Diagram,
    Equation,
    Panel,
    Part,
    Preset,
    Weights,
    Wire,
)
from lstm_viz.cells.layout import BUS, GATE_Y

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


ARRAYS = (
    ArraySpec("kernel", "W", "W", "input", BLOCKS),
    ArraySpec("recurrent_kernel", "U", "U", "units", BLOCKS),
    ArraySpec("bias", "b", "b", "", BLOCKS),
)

DIAGRAM = Diagram(
    boxes=(Box("h", 5.6, GATE_Y),),
    ops=(),
    wires=(
        Wire("h_prev", ((0.0, BUS), (5.6, BUS), (5.6, GATE_Y - 0.3)), "h_{t−1}", (0.05, BUS + 0.3)),
        Wire("x", ((3.0, 0.0), (3.0, BUS)), "x_{t}", (3.1, 0.3)),
        Wire("h", ((5.6, GATE_Y + 0.3), (5.6, 4.6), (12.0, 4.6)), "h_{t}", (9.6, 4.95)),
        layout.output_up(10.3, 4.6),
    ),
)


def default(input_dim: int, units: int) -> dict[str, np.ndarray]:
    return layout.default_arrays(ARRAYS, input_dim, units, kernel=(1.0,), recurrent=0.5, bias=(0.0,))


def from_keras(weights: list[np.ndarray]) -> dict[str, np.ndarray]:
    """``layer.get_weights()`` of a ``keras.layers.SimpleRNN``."""
    kernel, recurrent_kernel = weights[0], weights[1]
    bias = weights[2] if len(weights) > 2 else np.zeros(kernel.shape[1])
    return {"kernel": kernel, "recurrent_kernel": recurrent_kernel, "bias": bias}


def to_keras(w: Weights) -> list[np.ndarray]:
    return [w.kernel, w.recurrent_kernel, w.bias]


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
    diagram=DIAGRAM,
    panels=(Panel("input", ("x",)), Panel("hidden", ("h",))),
    heatmaps=("h",),
    equations=(
        Equation(
            "h", "h_{t*} = act(W x_t + U h_{t−1} + b)", "= act({W.h}·{x} + {U.h}·{H} + {b.h}) = act({pre_h}) = {h}"
        ),
    ),
    notes=("h",),
    summary=("h",),
    default=default,
    activations=tuple(ACTIVATIONS),
    from_keras=from_keras,
    to_keras=to_keras,
    reference="Elman (1990); keras.layers.SimpleRNN",
    presets=PRESETS,
    order=1,
)
