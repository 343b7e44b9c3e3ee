"""The GRU, exactly as ``keras.layers.GRU`` computes it by default (Cho et al. 2014; ``reset_after=True``).

Keras's layout: ``kernel`` (d, 3u), ``recurrent_kernel`` (u, 3u), blocks in the order z, r, h; Keras keeps both
biases in one (2, 3u) array, here ``bias`` (its row 0, added to the input's share) and ``recurrent_bias`` (its
row 1, added to h_{t−1}'s share, which the reset gate then scales: that is what ``reset_after`` means).

    z  = σ(x·W_z + b_z + h_{t−1}·U_z + b′_z)            update gate: how much of h_{t−1} to keep
    r  = σ(x·W_r + b_r + h_{t−1}·U_r + b′_r)            reset gate: how much of h_{t−1} the candidate reads
    h̃  = tanh(x·W_h + b_h + r ⊙ (h_{t−1}·U_h + b′_h))   candidate
    h  = z ⊙ h_{t−1} + (1 − z) ⊙ h̃                      hidden state: one state, kept or replaced

Cho et al. (2014) write the candidate h̃ = tanh(W x + U (r ⊙ h_{t−1})), the reset gate applied before U, which is
Keras's ``reset_after=False``; Keras's default ``reset_after=True`` (the cuDNN variant) applies it after,
r ⊙ (h_{t−1}·U_h + b′_h), which is what this module computes.

References: Cho et al. (2014); the Keras source of ``GRUCell``; d2l.ai 10.2.
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
    CellKind,
    Panel,
    Part,
    Preset,
    Weights,
    WeightsError,
    into_pre,
    sigmoid,
    split,
)
from lstm_viz.cells.drawing import gru as drawing

BLOCKS = ("z", "r", "h_tilde")


class Step(NamedTuple):
    """Every intermediate of one GRU step, each (u,)."""

    pre_z: np.ndarray
    pre_r: np.ndarray
    pre_h_tilde: np.ndarray
    z: np.ndarray
    r: np.ndarray
    recurrent_h: np.ndarray
    reset_h: np.ndarray
    h_tilde: np.ndarray
    kept: np.ndarray
    one_minus_z: np.ndarray
    written: np.ndarray
    h: np.ndarray


def step(w: Weights, x, h_prev, pins: Mapping[str, np.ndarray] = NO_PINS) -> Step:
    """One GRU step, line by line (a pinned part takes the pinned value)."""
    act = ACTIVATIONS[w.activation]  # tanh unless the layer says otherwise
    x_z, x_r, x_h = split(x @ w.kernel + w.bias, 3)  # the input's share, with the input bias b
    h_z, h_r, recurrent_h = split(h_prev @ w.recurrent_kernel + w.recurrent_bias, 3)  # h_{t−1}'s share, bias b′
    pre_z, pre_r = x_z + h_z, x_r + h_r
    z = pins.get("z", sigmoid(pre_z))  # update gate: how much of h_{t−1} to keep
    r = pins.get("r", sigmoid(pre_r))  # reset gate: how much of h_{t−1} the candidate may read
    reset_h = r * recurrent_h  # reset_after: r scales h_{t−1}·U_h + b′_h
    pre_h_tilde = x_h + reset_h
    h_tilde = pins.get("h_tilde", act(pre_h_tilde))  # candidate: the new content
    kept = z * h_prev  # what stays of h_{t−1}
    one_minus_z = 1 - z  # the share left for the candidate
    written = one_minus_z * h_tilde  # what is written in its place
    h = kept + written  # the new hidden state
    return Step(pre_z, pre_r, pre_h_tilde, z, r, recurrent_h, reset_h, h_tilde, kept, one_minus_z, written, h)


def back(w: Weights, v, d, pinned=()) -> tuple[np.ndarray, np.ndarray]:
    """``step`` backwards, line by line from the last (d[name] is ∂L/∂name at this step; each line adds its share)."""
    d["kept"] += d["h"]  # h = kept + written
    d["written"] += d["h"]
    d["one_minus_z"] += d["written"] * v["h_tilde"]  # written = (1 − z) ⊙ h̃
    d["h_tilde"] += d["written"] * v["one_minus_z"]
    d["z"] -= d["one_minus_z"]  # one_minus_z = 1 − z
    d["z"] += d["kept"] * v["h_prev"]  # kept = z ⊙ h_{t−1}
    d["h_prev"] += d["kept"] * v["z"]
    into_pre(d, v, "h_tilde", w.activation, pinned)
    d["reset_h"] += d["pre_h_tilde"]  # pre_h̃ = x_h + reset_h
    d["r"] += d["reset_h"] * v["recurrent_h"]  # reset_h = r ⊙ (h_{t−1}·U_h + b′_h)
    d["recurrent_h"] += d["reset_h"] * v["r"]
    into_pre(d, v, "z", "sigmoid", pinned)
    into_pre(d, v, "r", "sigmoid", pinned)
    from_input = np.concatenate([d["pre_z"], d["pre_r"], d["pre_h_tilde"]])
    from_state = np.concatenate([d["pre_z"], d["pre_r"], d["recurrent_h"]])
    d["h_prev"] += w.recurrent_kernel @ from_state
    return from_input, from_state


PARTS = (
    Part("z", "z", layout.VERMILLION, 0.0, 1.0, "gate", "sigmoid", pinnable=True, bar=True),
    Part("r", "r", layout.BLUE, 0.0, 1.0, "gate", "sigmoid", pinnable=True, bar=True),
    Part("h_tilde", "h̃", layout.GREEN, -1.0, 1.0, "candidate", "act", pinnable=True, bar=True),
    Part("recurrent_h", "U_h·h+b′_h", layout.GREY),
    Part("reset_h", "r⊙(U_h·h+b′_h)", layout.BLUE),
    Part("kept", "z⊙h₍t−1₎", layout.VERMILLION),
    Part("one_minus_z", "1−z", layout.VERMILLION, 0.0, 1.0),
    Part("written", "(1−z)⊙h̃", layout.GREEN),
    Part("h", "h", layout.SKY, role="state"),
)

ARRAYS = (
    ArraySpec("kernel", "W", "W", "input", BLOCKS),
    ArraySpec("recurrent_kernel", "U", "U", "units", BLOCKS),
    ArraySpec("bias", "b", "b", "", BLOCKS),
    ArraySpec("recurrent_bias", "b2", "b′", "", BLOCKS),
)


def default(input_dim: int, units: int) -> dict[str, np.ndarray]:
    """The explorer's starting GRU: z leans towards keeping (b_z = 1), the candidate follows the input."""
    return layout.default_arrays(
        ARRAYS,
        input_dim,
        units,
        kernel=(-1.0, 0.5, 2.0),
        recurrent=0.5,
        bias=(1.0, 0.0, 0.0),
        recurrent_bias=(0.0, 0.0, 0.0),
    )


def from_keras(weights: list[np.ndarray]) -> dict[str, np.ndarray]:
    """``layer.get_weights()`` of a ``keras.layers.GRU`` with ``reset_after=True`` (Keras's default)."""
    kernel, recurrent_kernel = weights[0], weights[1]
    units = recurrent_kernel.shape[0]
    bias = weights[2] if len(weights) > 2 else np.zeros((2, 3 * units))
    if np.ndim(bias) != 2:
        raise WeightsError("only GRUs with reset_after=True (Keras's default) are supported")
    return {"kernel": kernel, "recurrent_kernel": recurrent_kernel, "bias": bias[0], "recurrent_bias": bias[1]}


def to_keras(w: Weights) -> list[np.ndarray]:
    return [w.kernel, w.recurrent_kernel, np.stack([w.bias, w.recurrent_bias])]


PRESETS = {
    # z = σ(−10x + 6): ≈ 0.02 at the pulse (write), ≈ 0.998 at every other step (keep).
    "long_memory": Preset({"kernel": (-10.0, 0.0, 3.0), "bias": (6.0, 0.0, 0.0)}, start=2),
    # z ≈ 0: h is replaced by the candidate at every step, so it follows the input.
    "follow": Preset({"kernel": (0.0, 0.0, 2.0), "bias": (-6.0, 0.0, 0.0)}, "sine", start=5),
    # r ≈ σ(−6): the candidate cannot see h_{t−1}, though U_h = 3 would feed it back.
    "reset": Preset(
        {"kernel": (0.0, 0.0, 1.0), "recurrent_kernel": (0.0, 0.0, 3.0), "bias": (-1.0, -6.0, 0.0)}, "step", start=12
    ),
}

KIND = CellKind(
    key="gru",
    recurrence=("h", "z", "(1 − z) ⊙ h̃"),
    keras_layer="GRU",
    states=("h",),
    parts=PARTS,
    arrays=ARRAYS,
    step=step,
    step_fields=Step._fields,
    diagram=drawing.DIAGRAM,
    panels=(Panel("input", ("x",)), Panel("gru_gates", ("z", "r")), Panel("candidate_hidden", ("h_tilde", "h"))),
    heatmaps=("z", "r", "h_tilde", "h"),
    equations=drawing.EQUATIONS,
    notes=("z", "r", "h_tilde", "h"),
    summary=("z", "r", "h_tilde", "h"),
    default=default,
    activations=tuple(ACTIVATIONS),
    from_keras=from_keras,
    to_keras=to_keras,
    reference="Cho et al. (2014); keras.layers.GRU (reset_after=True)",
    presets=PRESETS,
    order=2,
    back=back,
    back_equations=drawing.BACK_EQUATIONS,
    back_notes=("h",),
)
