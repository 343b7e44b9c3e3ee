"""The LSTM, exactly as ``keras.layers.LSTM`` computes it (Hochreiter & Schmidhuber 1997, with Gers et al. 2000's
forget gate).

Keras's layout, so ``layer.get_weights()`` loads straight in: ``kernel`` (d, 4u), ``recurrent_kernel`` (u, 4u),
``bias`` (4u,), blocks in the order i, f, c, o. ``activation`` (tanh by default; relu in course document 000) takes
tanh's place in the candidate and on the cell state's way out; the gates always use σ.

    i  = σ(x·W_i + h_{t−1}·U_i + b_i)        input gate: how much to write
    f  = σ(x·W_f + h_{t−1}·U_f + b_f)        forget gate: how much to keep
    c̃  = tanh(x·W_c + h_{t−1}·U_c + b_c)     candidate: what to write
    o  = σ(x·W_o + h_{t−1}·U_o + b_o)        output gate: how much to show
    c  = f ⊙ c_{t−1} + i ⊙ c̃                 cell state
    h  = o ⊙ tanh(c)                         hidden state

References: the Keras source of ``LSTMCell``; d2l.ai 10.1 (one line per equation); colah's "Understanding LSTM
Networks" (2015) for the diagram (drawn, and the equations written out, in lstm_viz.cells.drawing.lstm).
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
    Part,
    Weights,
    derivative,
    into_pre,
    sigmoid,
    split,
)
from lstm_viz.cells.display import Panel, Preset
from lstm_viz.cells.drawing import lstm as drawing

BLOCKS = ("i", "f", "c_tilde", "o")


class Step(NamedTuple):
    """Every intermediate of one LSTM step, each (u,)."""

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
    act_c: np.ndarray
    h: np.ndarray


def step(w: Weights, x, h_prev, c_prev, pins: Mapping[str, np.ndarray] = NO_PINS) -> Step:
    """One LSTM step, line by line as the textbook writes it (a pinned part takes the pinned value)."""
    act = ACTIVATIONS[w.activation]  # tanh unless the layer says otherwise
    pre_i, pre_f, pre_c_tilde, pre_o = split(x @ w.kernel + h_prev @ w.recurrent_kernel + w.bias, 4)
    i = pins.get("i", sigmoid(pre_i))  # input gate: how much of the candidate to write
    f = pins.get("f", sigmoid(pre_f))  # forget gate: how much of the old cell state to keep
    c_tilde = pins.get("c_tilde", act(pre_c_tilde))  # candidate: what to write
    o = pins.get("o", sigmoid(pre_o))  # output gate: how much of the cell state to show
    kept = f * c_prev  # what survives of the old cell state
    written = i * c_tilde  # what is written into it
    c = kept + written  # the new cell state
    act_c = act(c)  # the cell state squashed for the output
    h = o * act_c  # the new hidden state
    return Step(pre_i, pre_f, pre_c_tilde, pre_o, i, f, c_tilde, o, kept, written, c, act_c, h)


def sweep(w: Weights, products: np.ndarray, h_prev: np.ndarray, c_prev: np.ndarray) -> dict[str, np.ndarray]:
    """``step`` over a whole sequence without pins, the same operations in the same order (the same numbers, bit for
    bit: a test compares every field), each written into an array kept for the run instead of a new one per step.

    ``products`` is x·W for every step (T, 4u), as ``forward`` computes it once. ``step`` stays the definition;
    this is its loop, fused: 10 NumPy calls a step writing in place, instead of 13 new arrays a step to stack.
    """
    steps, u = products.shape[0], w.units
    into = _INTO.get(w.activation) or (lambda z, out: out.__setitem__(slice(None), ACTIVATIONS[w.activation](z)))
    recurrent, bias = w.recurrent_kernel, w.bias
    pre, gates = np.empty((steps, 4 * u)), np.empty((steps, 4 * u))  # [pre_i | pre_f | pre_c̃ | pre_o], [i | f | c̃ | o]
    kept, written, c, act_c, h = (np.empty((steps, u)) for _ in range(5))
    blocks = split(gates, 4)
    rows = zip(products, pre, gates, pre[:, 2 * u : 3 * u], *blocks, kept, written, c, act_c, h, strict=True)
    for product, z, g, pre_c_tilde, i, f, c_tilde, o, kept_t, written_t, c_t, act_c_t, h_t in rows:  # row t's views
        np.add(product, h_prev @ recurrent, out=z)  # x·W + h_{t−1}·U + b, added in step's order
        z += bias
        sigmoid(z, out=g)  # i, f, o (c̃'s block is written over on the next line)
        into(pre_c_tilde, c_tilde)
        np.multiply(f, c_prev, out=kept_t)
        np.multiply(i, c_tilde, out=written_t)
        c_prev = np.add(kept_t, written_t, out=c_t)
        into(c_prev, act_c_t)
        h_prev = np.multiply(o, act_c_t, out=h_t)
    values = dict(zip(("pre_i", "pre_f", "pre_c_tilde", "pre_o"), split(pre, 4), strict=True))
    values.update(zip(BLOCKS, blocks, strict=True))
    values.update(kept=kept, written=written, c=c, act_c=act_c, h=h)
    return values


_INTO = {  # an activation written into a given array (sweep): tanh and relu without a new array
    "tanh": lambda z, out: np.tanh(z, out=out),
    "relu": lambda z, out: np.maximum(z, 0.0, out=out),
}


def back(w: Weights, v, d, pinned=()) -> tuple[np.ndarray, np.ndarray]:
    """``step`` backwards, line by line from the last (d[name] is ∂L/∂name at this step; each line adds its share)."""
    d["o"] += d["h"] * v["act_c"]  # h = o ⊙ act(c)
    d["act_c"] += d["h"] * v["o"]
    d["c"] += d["act_c"] * derivative(w.activation, v["c"], v["act_c"])  # act_c = act(c)
    d["kept"] += d["c"]  # c = kept + written
    d["written"] += d["c"]
    d["i"] += d["written"] * v["c_tilde"]  # written = i ⊙ c̃
    d["c_tilde"] += d["written"] * v["i"]
    d["f"] += d["kept"] * v["c_prev"]  # kept = f ⊙ c_{t−1}: the cell-state path, multiplied by f
    d["c_prev"] += d["kept"] * v["f"]
    for part in ("i", "f", "o"):
        into_pre(d, v, part, "sigmoid", pinned)
    into_pre(d, v, "c_tilde", w.activation, pinned)
    z = np.concatenate([d["pre_i"], d["pre_f"], d["pre_c_tilde"], d["pre_o"]])
    d["h_prev"] += w.recurrent_kernel @ z  # pre = x·W + h_{t−1}·U + b
    return z, z


PARTS = (
    Part("i", "i", layout.BLUE, 0.0, 1.0, "gate", "sigmoid", pinnable=True, bar=True),
    Part("f", "f", layout.VERMILLION, 0.0, 1.0, "gate", "sigmoid", pinnable=True, bar=True),
    Part("c_tilde", "c̃", layout.GREEN, -1.0, 1.0, "candidate", "act", pinnable=True, bar=True),
    Part("o", "o", layout.PURPLE, 0.0, 1.0, "gate", "sigmoid", pinnable=True, bar=True),
    Part("kept", "f⊙c₍t−1₎", layout.ORANGE),
    Part("written", "i⊙c̃", layout.GREEN),
    Part("c", "c", layout.ORANGE, role="state"),
    Part("act_c", "act(c)", layout.ORANGE),
    Part("h", "h", layout.SKY, role="state"),
)

ARRAYS = (
    ArraySpec("kernel", "W", "W", "input", BLOCKS),
    ArraySpec("recurrent_kernel", "U", "U", "units", BLOCKS),
    ArraySpec("bias", "b", "b", "", BLOCKS),
)


def default(input_dim: int, units: int) -> dict[str, np.ndarray]:
    """The explorer's starting cell: b_f = 1 as Keras's ``unit_forget_bias``; a little of everything else."""
    return layout.default_arrays(
        ARRAYS, input_dim, units, kernel=(1.0, 0.5, 2.0, 1.0), recurrent=0.5, bias=(0.0, 1.0, 0.0, 0.0)
    )


PRESETS = {
    # i opens only for the pulse (σ(10·1 − 5) ≈ 0.99, σ(−5) ≈ 0.007); b_f = 6 keeps f ≈ 0.998.
    "long_memory": Preset({"kernel": (10.0, 0.0, 3.0, 0.0), "bias": (-5.0, 6.0, 0.0, 3.0)}, start=2),
    # f ≈ σ(−6) ≈ 0.002: every step starts from scratch, so c just follows the candidate.
    "forget": Preset({"kernel": (0.0, 0.0, 2.0, 0.0), "bias": (6.0, -6.0, 0.0, 3.0)}, "sine", start=5),
    # i = σ(8x − 10) opens only when x > ~1.25; f ≈ 0.95 lets the written value fade slowly.
    "spikes": Preset({"kernel": (8.0, 0.0, 2.0, 0.0), "bias": (-10.0, 3.0, 0.0, 3.0)}, "noise", 40, start=4),
    # Keras's starting point: b_f = 1 (unit_forget_bias), so f ≈ 0.73 and a written value halves in about 2 steps.
    "keras_start": Preset({"kernel": (1.0, 0.0, 1.0, 1.0), "bias": (0.0, 1.0, 0.0, 0.0)}, start=4),
}

KIND = CellKind(
    key="lstm",
    recurrence=("c", "f", "i ⊙ c̃"),
    keras_layer="LSTM",
    states=("h", "c"),
    parts=PARTS,
    arrays=ARRAYS,
    step=step,
    step_fields=Step._fields,
    sweep=sweep,
    diagram=drawing.DIAGRAM,
    panels=(
        Panel("input", ("x",)),
        Panel("gates", ("i", "f", "o")),
        Panel("candidate_hidden", ("c_tilde", "h")),
        Panel("cell", ("c",)),
    ),
    heatmaps=("i", "f", "c_tilde", "o", "c", "h"),
    equations=drawing.EQUATIONS,
    notes=("f", "i", "c_tilde", "c", "o"),
    summary=("i", "f", "c_tilde", "o", "c", "h"),
    default=default,
    activations=tuple(ACTIVATIONS),
    from_keras=layout.from_keras,
    to_keras=layout.to_keras,
    reference="Hochreiter & Schmidhuber (1997); Gers, Schmidhuber & Cummins (2000); keras.layers.LSTM",
    presets=PRESETS,
    order=3,
    back=back,
    back_equations=drawing.BACK_EQUATIONS,
    back_notes=("c", "h"),
)


def final_state(w: Weights, x: np.ndarray, h0=None, c0=None) -> tuple[np.ndarray, np.ndarray]:
    """(h_T, c_T) after x (T, d): the inner loop of an autoregressive forecast (``sweep``, the fused step loop)."""
    h = np.zeros(w.units) if h0 is None else np.asarray(h0, dtype=np.float64)
    c = np.zeros(w.units) if c0 is None else np.asarray(c0, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    if len(x) == 0:  # (nothing read: the states it started from)
        return h, c
    with np.errstate(over="ignore", invalid="ignore"):
        values = sweep(w, x @ w.kernel, h, c)
    return values["h"][-1], values["c"][-1]
