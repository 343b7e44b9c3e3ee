"""sLSTM, xLSTM's scalar-memory cell (Beck et al. 2024, "xLSTM: Extended Long Short-Term Memory", arXiv 2405.04517),
one head: an LSTM with an exponential input gate, a normalizer state and a stabilizer.

    ĩ, f̃, z̃, õ = W x_t + R h_{t−1} + b                 pre-activations (blocks i, f, z, o, the reference's order)
    m  = max(log σ(f̃) + m_{t−1}, ĩ)                     stabilizer (the log of the largest weight so far)
    i′ = min(exp(ĩ − m), 1),  f′ = min(exp(log σ(f̃) + m_{t−1} − m), 1)   stabilized gates
    z  = tanh(z̃),  o = σ(õ)
    c  = f′ ⊙ c_{t−1} + i′ ⊙ z                           cell state
    n  = f′ ⊙ n_{t−1} + i′                               normalizer: the sum of the weights c is made of
    h  = o ⊙ c / n                                       hidden state

The input gate is exp(ĩ), not σ(ĩ): a new input can outweigh everything stored (c / n is a weighted average of the
z's written, with weights exp(ĩ_k) · Π f), so the cell can *revise* a stored value at once, where an LSTM's σ gate
can only blend. exp(ĩ) overflows float32 for ĩ > 88.7; m subtracts the same log from c's and n's weights, which
c / n does not see, so h is unchanged and nothing overflows (``unstabilized`` is the cell without m).

First step: the reference sets m = ĩ when every entry of n_{t−1} is 0 (a fresh cell), and m = max(…) otherwise;
this module does the same. It also clamps i′ and f′ at 1, as the reference does (``torch.minimum(…, 1)``), which
matters only on that first step.

Layout: ``kernel`` W (d, 4u), ``recurrent_kernel`` R (u, 4u; one head, so R is a full matrix) and ``bias`` b (4u,),
blocks in the order i, f, z, o.

Reference: NX-AI/xlstm, ``xlstm/blocks/slstm/src/vanilla/slstm.py``, ``slstm_forward_pointwise`` (``step`` is it
line by line, with Wx + Ry + b as one product each).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from lstm_viz.cells import layout
from lstm_viz.cells.base import ACTIVATIONS, NO_PINS, ArraySpec, CellKind, Part, Weights, into_pre, sigmoid, split
from lstm_viz.cells.display import Panel, Preset
from lstm_viz.cells.drawing import slstm as drawing
from lstm_viz.cells.scan import log_sigmoid

BLOCKS = ("i", "f", "z", "o")


class Step(NamedTuple):
    """Every intermediate of one sLSTM step, each (u,)."""

    pre_i: np.ndarray
    pre_f: np.ndarray
    pre_z: np.ndarray
    pre_o: np.ndarray
    log_f: np.ndarray
    m: np.ndarray
    i: np.ndarray
    f: np.ndarray
    z: np.ndarray
    o: np.ndarray
    kept: np.ndarray
    written: np.ndarray
    c: np.ndarray
    n: np.ndarray
    c_hat: np.ndarray
    h: np.ndarray


def step(w: Weights, x, h_prev, c_prev, n_prev, m_prev, pins: Mapping[str, np.ndarray] = NO_PINS) -> Step:
    """One sLSTM step, line by line as the reference's ``slstm_forward_pointwise`` (a pinned part takes the value)."""
    pre_i, pre_f, pre_z, pre_o = split(x @ w.kernel + h_prev @ w.recurrent_kernel + w.bias, 4)
    log_f = log_sigmoid(pre_f)  # log σ(f̃): the forget gate, as a log
    m = pre_i if np.all(n_prev == 0.0) else np.maximum(pre_i, log_f + m_prev)  # stabilizer
    i = np.minimum(np.exp(pre_i - m), 1.0)  # input gate exp(ĩ), divided by e^m
    f = np.minimum(np.exp(log_f + m_prev - m), 1.0)  # forget gate σ(f̃), on the same scale
    z = pins.get("z", ACTIVATIONS[w.activation](pre_z))  # candidate (tanh)
    o = pins.get("o", sigmoid(pre_o))  # output gate
    kept = f * c_prev
    written = i * z
    c = kept + written  # cell state
    n = f * n_prev + i  # normalizer
    c_hat = c / n  # the weighted average of what was written
    h = o * c_hat
    return Step(pre_i, pre_f, pre_z, pre_o, log_f, m, i, f, z, o, kept, written, c, n, c_hat, h)


def back(w: Weights, v, d, pinned=()) -> tuple[np.ndarray, np.ndarray]:
    """``step`` backwards, line by line from the last (max and min pass the gradient to the side they took)."""
    d["o"] += d["h"] * v["c_hat"]  # h = o ⊙ ĉ
    d["c_hat"] += d["h"] * v["o"]
    d["c"] += d["c_hat"] / v["n"]  # ĉ = c / n
    d["n"] -= d["c_hat"] * v["c_hat"] / v["n"]
    d["f"] += d["n"] * v["n_prev"]  # n = f′ ⊙ n_{t−1} + i′
    d["n_prev"] += d["n"] * v["f"]
    d["i"] += d["n"]
    d["kept"] += d["c"]  # c = kept + written
    d["written"] += d["c"]
    d["i"] += d["written"] * v["z"]  # written = i′ ⊙ z
    d["z"] += d["written"] * v["i"]
    d["f"] += d["kept"] * v["c_prev"]  # kept = f′ ⊙ c_{t−1}
    d["c_prev"] += d["kept"] * v["f"]
    into_pre(d, v, "o", "sigmoid", pinned)
    into_pre(d, v, "z", w.activation, pinned)
    through_f = d["f"] * v["f"] * (v["log_f"] + v["m_prev"] - v["m"] <= 0)  # f′ = min(exp(…), 1)
    d["log_f"] += through_f
    d["m_prev"] += through_f
    d["m"] -= through_f
    through_i = d["i"] * v["i"] * (v["pre_i"] - v["m"] <= 0)  # i′ = min(exp(ĩ − m), 1)
    d["pre_i"] += through_i
    d["m"] -= through_i
    if np.all(v["n_prev"] == 0.0):  # the first step's m = ĩ
        d["pre_i"] += d["m"]
    else:  # m = max(ĩ, log σ(f̃) + m_{t−1})
        took_i = v["pre_i"] >= v["log_f"] + v["m_prev"]
        d["pre_i"] += np.where(took_i, d["m"], 0.0)
        d["log_f"] += np.where(took_i, 0.0, d["m"])
        d["m_prev"] += np.where(took_i, 0.0, d["m"])
    d["pre_f"] += d["log_f"] * sigmoid(-v["pre_f"])  # (log σ)′ = 1 − σ
    z = np.concatenate([d["pre_i"], d["pre_f"], d["pre_z"], d["pre_o"]])
    d["h_prev"] += w.recurrent_kernel @ z
    return z, z


def unstabilized(w: Weights, x: np.ndarray, initial=None, pins=None, dtype=np.float32) -> np.ndarray:
    """h (T, u) of the same cell without m, in ``dtype`` (float32 by default, as a GPU computes it): i = exp(ĩ),
    f = σ(f̃), and the states c and n unscaled (the stabilized ones times e^m). Where exp(ĩ) overflows, c and n are
    ∞ and h = ∞ / ∞ is NaN: what the stabilizer prevents."""
    x = np.asarray(x, dtype=dtype).reshape(len(x), -1)
    kernel, recurrent, bias = (w.arrays[k].astype(dtype) for k in ("kernel", "recurrent_kernel", "bias"))
    start = {s: np.asarray((initial or {}).get(s, np.zeros(w.units)), dtype=np.float64) for s in ("h", "c", "n", "m")}
    h = start["h"].astype(dtype)
    c, n = (start[s] * np.exp(start["m"]) for s in ("c", "n"))  # (in float64 first: e^m of a valid m is finite)
    c, n = c.astype(dtype), n.astype(dtype)
    pins = pins or {}
    result = np.zeros((len(x), w.units), dtype=dtype)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for t in range(len(x)):
            pre_i, pre_f, pre_z, pre_o = split(x[t] @ kernel + h @ recurrent + bias, 4)
            i, f = np.exp(pre_i), (1 / (1 + np.exp(-pre_f))).astype(dtype)
            z = pins["z"][t].astype(dtype) if "z" in pins else np.tanh(pre_z)
            o = pins["o"][t].astype(dtype) if "o" in pins else (1 / (1 + np.exp(-pre_o))).astype(dtype)
            c = f * c + i * z
            n = f * n + i
            h = result[t] = o * c / n
    return result


PARTS = (
    Part("i", "i′", layout.BLUE, 0.0, 1.0, "gate", "exp", bar=True),
    Part("f", "f′", layout.VERMILLION, 0.0, 1.0, "gate", "sigmoid", bar=True),
    Part("z", "z", layout.GREEN, -1.0, 1.0, "candidate", "act", pinnable=True, bar=True),
    Part("o", "o", layout.PURPLE, 0.0, 1.0, "gate", "sigmoid", pinnable=True, bar=True),
    Part("m", "m", layout.GREY, role="state"),
    Part("kept", "f′⊙c₍t−1₎", layout.VERMILLION),
    Part("written", "i′⊙z", layout.BLUE),
    Part("c", "c", layout.ORANGE, role="state"),
    Part("n", "n", layout.BLACK, role="state"),
    Part("c_hat", "c/n", layout.ORANGE, -1.0, 1.0),
    Part("h", "h", layout.SKY, -1.0, 1.0, "state"),
)

ARRAYS = (
    ArraySpec("kernel", "W", "W", "input", BLOCKS),
    ArraySpec("recurrent_kernel", "U", "R", "units", BLOCKS),
    ArraySpec("bias", "b", "b", "", BLOCKS),
)


def default(input_dim: int, units: int) -> dict[str, np.ndarray]:
    """The explorer's starting sLSTM: the input raises ĩ, the forget gate leans to keeping (b_f = 3), o open."""
    return layout.default_arrays(ARRAYS, input_dim, units, kernel=(4.0, 0.0, 2.0, 0.0), recurrent=0.0,
                                 bias=(0.0, 3.0, 0.0, 3.0))  # fmt: skip


# "Keep the largest so far" (xLSTM's motivating example, the nearest-neighbour search, in one dimension): ĩ = 10x
# and f ≈ 1, so c / n is an average of tanh(x / 2) weighted by e^{10x}: each new maximum outweighs all before it.
REVISE = "0, 0.6, 0, 0, 0, 1.2, 0, 0, 0, 0.4, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0"

OVERFLOW = "0, 1, 3, 5, 7, 9, 7, 5, 3, 1, 0"

# The LSTM doing its best at the same job: write where x is large (i = σ(10x − 5), f = σ(5 − 10x)). Its σ gates are
# absolute, not relative to what is stored: x = 0.4 blends a smaller value in, and x = 1 overwrites the maximum.
LSTM_REVISE = Preset(
    {"kernel": (10.0, -10.0, 0.5, 0.0), "bias": (-5.0, 5.0, 0.0, 10.0)}, "custom", 20, start=12, custom=REVISE
)

PRESETS = {
    "revise": Preset(
        {"kernel": (10.0, 0.0, 0.5, 0.0), "bias": (0.0, 10.0, 0.0, 10.0)}, "custom", 20, start=12, custom=REVISE
    ),
    # ĩ = 10x reaches 90 at x = 9: e^90 ≈ 1.2e39 is past float32's largest number (3.4e38 = e^88.7), so without m
    # c and n are ∞ and h is NaN from then on; with m, h is the exact value (float64 without m gives the same).
    "stabilizer": Preset(
        {"kernel": (10.0, 0.0, 0.2, 0.0), "bias": (0.0, 10.0, 0.0, 10.0)}, "custom", 11, start=5, custom=OVERFLOW
    ),
    # the LSTM's long memory: write at the pulse (ĩ = 5, against −5 elsewhere), then f ≈ 1 keeps c and n alike.
    "long_memory": Preset({"kernel": (10.0, 0.0, 3.0, 0.0), "bias": (-5.0, 6.0, 0.0, 6.0)}, start=2),
}

KIND = CellKind(
    key="slstm",
    recurrence=("c, n", "f′", "i′ ⊙ z, i′"),
    keras_layer=None,
    states=("h", "c", "n", "m"),
    parts=PARTS,
    arrays=ARRAYS,
    step=step,
    step_fields=Step._fields,
    diagram=drawing.DIAGRAM,
    panels=(
        Panel("input", ("x",)),
        Panel("slstm_gates", ("i", "f", "o")),
        Panel("slstm_states", ("c", "n")),
        Panel("slstm_stabilizer", ("m",)),
        Panel("slstm_hidden", ("z", "c_hat", "h")),
    ),
    heatmaps=("i", "f", "c_hat", "h"),
    equations=drawing.EQUATIONS,
    notes=("i", "f", "m", "c", "n", "h"),
    summary=("i", "f", "c", "n", "h"),
    default=default,
    reference="Beck et al. (2024), arXiv 2405.04517; NX-AI/xlstm xlstm/blocks/slstm/src/vanilla/slstm.py, "
    "slstm_forward_pointwise",
    presets=PRESETS,
    order=10,
    back=back,
    back_equations=drawing.BACK_EQUATIONS,
    back_notes=("c", "h"),
    state_limits={"n": (0.0, 5.0), "m": (-10.0, 10.0)},
    bounded_h=False,  # (from a fresh state |h| ≤ 1, but an initial c₀ / n₀ may exceed it)
    alternatives={"float32_without_m": unstabilized},
    parameters="4·{u}·({d} + {u} + 1)",
    memory="c",
    compare={"revise": ("revise", "lstm", LSTM_REVISE)},
)
