"""minLSTM (Feng et al. 2024, "Were RNNs All We Needed?", arXiv 2410.01201): the LSTM with its gates cut off from h,
its two states merged into one, and its gates normalised so they share out h.

    f  = σ(W_f x_t + b_f),  i = σ(W_i x_t + b_i)        forget and input gates (they read x only)
    h̃  = g(W_h x_t + b_h)                                candidate, g(v) = v + ½ for v ≥ 0, σ(v) below
    f′ = f / (f + i),  i′ = i / (f + i)                  the gates normalised: f′ + i′ = 1
    h  = f′ ⊙ h_{t−1} + i′ ⊙ h̃                           hidden state (there is no c and no output gate)

Like minGRU (lstm_viz.cells.min_gru) it is h_t = a_t ⊙ h_{t−1} + b_t with a = f′, b = i′ ⊙ h̃ known before the loop,
so ``parallel`` computes the whole sequence with one log-space scan (lstm_viz.cells.scan), using the reference's
log f′ = −softplus(softplus(−f̃) − softplus(−ĩ)). The normalisation makes h a weighted average of h_{t−1} and h̃:
the paper's "time-independent" scale of the output.

Layout, as the reference's one ``Linear(dim, 3·dim)`` split with ``.chunk(3)``: ``kernel`` (d, 3u) and ``bias``
(3u,), blocks h̃, f, i.

Reference: BorealisAI/minRNNs, ``models/minRNNs.py``, ``minLSTM.forward`` with ``use_coeff_norm=True`` (its
sequential branch is ``step``, its parallel branch ``parallel``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from lstm_viz.cells import layout
from lstm_viz.cells.base import NO_PINS, ArraySpec, CellKind, Part, Weights, g, into_pre, sigmoid, split
from lstm_viz.cells.display import Panel, Preset
from lstm_viz.cells.drawing import min_lstm as drawing
from lstm_viz.cells.min_gru import log_g
from lstm_viz.cells.scan import linear_scan, safe_log

BLOCKS = ("h_tilde", "f", "i")


class Step(NamedTuple):
    """Every intermediate of one minLSTM step, each (u,)."""

    pre_h_tilde: np.ndarray
    pre_f: np.ndarray
    pre_i: np.ndarray
    f: np.ndarray
    i: np.ndarray
    h_tilde: np.ndarray
    f_norm: np.ndarray
    i_norm: np.ndarray
    kept: np.ndarray
    written: np.ndarray
    h: np.ndarray


def step(w: Weights, x, h_prev, pins: Mapping[str, np.ndarray] = NO_PINS) -> Step:
    """One minLSTM step (a pinned part takes the pinned value). Only the last three lines read h_{t−1}."""
    pre_h_tilde, pre_f, pre_i = split(x @ w.kernel + w.bias, 3)  # the input only: no U
    f = pins.get("f", sigmoid(pre_f))  # forget gate
    i = pins.get("i", sigmoid(pre_i))  # input gate
    h_tilde = pins.get("h_tilde", g(pre_h_tilde))  # candidate, positive
    f_norm = f / (f + i)  # the old state's share
    i_norm = i / (f + i)  # the candidate's share: f′ + i′ = 1
    kept = f_norm * h_prev
    written = i_norm * h_tilde
    h = kept + written
    return Step(pre_h_tilde, pre_f, pre_i, f, i, h_tilde, f_norm, i_norm, kept, written, h)


def back(w: Weights, v, d, pinned=()) -> tuple[np.ndarray, np.ndarray]:
    """``step`` backwards. δh_{t−1} = δh ⊙ f′: the only way back in time."""
    d["kept"] += d["h"]  # h = kept + written
    d["written"] += d["h"]
    d["f_norm"] += d["kept"] * v["h_prev"]  # kept = f′ ⊙ h_{t−1}
    d["h_prev"] += d["kept"] * v["f_norm"]
    d["i_norm"] += d["written"] * v["h_tilde"]  # written = i′ ⊙ h̃
    d["h_tilde"] += d["written"] * v["i_norm"]
    total = v["f"] + v["i"]  # f′ = f / total, i′ = i / total
    d_total = -(d["f_norm"] * v["f_norm"] + d["i_norm"] * v["i_norm"]) / total
    d["f"] += d["f_norm"] / total + d_total
    d["i"] += d["i_norm"] / total + d_total
    into_pre(d, v, "f", "sigmoid", pinned)
    into_pre(d, v, "i", "sigmoid", pinned)
    into_pre(d, v, "h_tilde", "g", pinned)
    from_input = np.concatenate([d["pre_h_tilde"], d["pre_f"], d["pre_i"]])
    return from_input, np.zeros_like(from_input)


def parallel(w: Weights, x: np.ndarray, initial: Mapping[str, np.ndarray], pins: Mapping[str, np.ndarray]):
    """h for the whole sequence at once (the reference's parallel branch, ``use_coeff_norm``): with
    diff = softplus(−f̃) − softplus(−ĩ), log f′ = −softplus(diff) and log i′ = −softplus(−diff); then one scan."""
    pre_h_tilde, pre_f, pre_i = split(x @ w.kernel + w.bias, 3)
    if "f" in pins or "i" in pins:  # a pinned gate has no pre-activation to start from: the logs of the values
        f = pins.get("f", sigmoid(pre_f))
        i = pins.get("i", sigmoid(pre_i))
        log_f_norm, log_i_norm = safe_log(f / (f + i)), safe_log(i / (f + i))
    else:
        diff = np.logaddexp(0.0, -pre_f) - np.logaddexp(0.0, -pre_i)
        log_f_norm, log_i_norm = -np.logaddexp(0.0, diff), -np.logaddexp(0.0, -diff)
    log_h_tilde = safe_log(pins["h_tilde"]) if "h_tilde" in pins else log_g(pre_h_tilde)
    return linear_scan(log_f_norm, log_i_norm + log_h_tilde, np.asarray(initial["h"], dtype=np.float64))


PARTS = (
    Part("f", "f", layout.VERMILLION, 0.0, 1.0, "gate", "sigmoid", pinnable=True, bar=True),
    Part("i", "i", layout.BLUE, 0.0, 1.0, "gate", "sigmoid", pinnable=True, bar=True),
    Part("h_tilde", "h̃", layout.GREEN, 0.0, None, "candidate", "g", pinnable=True, bar=True),
    Part("f_norm", "f′", layout.ORANGE, 0.0, 1.0),
    Part("i_norm", "i′", layout.PURPLE, 0.0, 1.0),
    Part("kept", "f′⊙h₍t−1₎", layout.VERMILLION),
    Part("written", "i′⊙h̃", layout.GREEN),
    Part("h", "h", layout.SKY, role="state"),
)

ARRAYS = (ArraySpec("kernel", "W", "W", "input", BLOCKS), ArraySpec("bias", "b", "b", "", BLOCKS))


def default(input_dim: int, units: int) -> dict[str, np.ndarray]:
    """The explorer's starting minLSTM: the input opens i and closes f, so a pulse is written and then kept."""
    return layout.default_arrays(
        ARRAYS, input_dim, units, kernel=(2.0, -4.0, 4.0), recurrent=0.0, bias=(0.0, 2.0, -2.0)
    )


PRESETS = {
    # f = σ(6 − 10x), i = σ(10x − 6): f′ ≈ 1 except at the pulse, where i′ ≈ 1 writes h̃ = g(3) = 3.5.
    "long_memory": Preset({"kernel": (3.0, -10.0, 10.0), "bias": (0.0, 6.0, -6.0)}, start=2),
    # f and i pinned equal: f′ = i′ = ½ whatever their size; h averages itself with each candidate.
    "normalised": Preset({"kernel": (2.0, 0.0, 0.0)}, "step", start=20, pins={"f": 0.9, "i": 0.9}),
}

KIND = CellKind(
    key="min_lstm",
    recurrence=("h", "f′", "i′ ⊙ h̃"),
    keras_layer=None,
    states=("h",),
    parts=PARTS,
    arrays=ARRAYS,
    step=step,
    step_fields=Step._fields,
    diagram=drawing.DIAGRAM,
    panels=(
        Panel("input", ("x",)),
        Panel("min_lstm_gates", ("f", "i", "f_norm")),
        Panel("min_candidate_hidden", ("h_tilde", "h")),
    ),
    heatmaps=("f_norm", "i_norm", "h_tilde", "h"),
    equations=drawing.EQUATIONS,
    notes=("f", "i", "h_tilde", "h"),
    summary=("f_norm", "i_norm", "h_tilde", "h"),
    default=default,
    reference="Feng et al. (2024), arXiv 2410.01201; BorealisAI/minRNNs models/minRNNs.py, minLSTM.forward",
    presets=PRESETS,
    order=9,
    back=back,
    back_equations=drawing.BACK_EQUATIONS,
    back_notes=("h",),
    bounded_h=False,
    alternatives={"parallel": parallel},
    parameters="3·{u}·({d} + 1)",
    memory="h",
)
