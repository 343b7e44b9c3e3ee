"""mLSTM, xLSTM's matrix-memory cell (Beck et al. 2024, "xLSTM: Extended Long Short-Term Memory", arXiv 2405.04517),
one head whose dimension is the layer's units u (1–4 in the explorer).

    q = W_q x_t + b_q,  k = (W_k x_t + b_k) / √u,  v = W_v x_t + b_v    query, key, value (from x only)
    ĩ = w_iᵀ x_t + b_i,  f̃ = w_fᵀ x_t + b_f                            one input and one forget gate for the head
    m  = max(log σ(f̃) + m_{t−1}, ĩ)                                   stabilizer
    i′ = exp(ĩ − m),  f′ = exp(log σ(f̃) + m_{t−1} − m)
    C  = f′ C_{t−1} + i′ v kᵀ                                          the memory: a u × u matrix
    n  = f′ n_{t−1} + i′ k                                             normalizer: a vector
    h̃  = C q / (max(|nᵀq|, e^{−m}) + ε),  o = σ(W_o x_t + b_o),  h = o ⊙ h̃

C stores key → value pairs: C q reads back the values whose keys look like the query. With f′ = i′ = 1 and no
normalizer it is unnormalised linear attention (lstm_viz.cells.linear_attention): mLSTM = linear attention + gates
+ a normalizer. Nothing reads h_{t−1}, so the whole sequence is also one attention-like matrix product
(``parallel``: D_ts = Σ_{s<j≤t} log f_j + ĩ_s, stabilized by the same m, with the initial state as a column).

The paper writes C = v kᵀ and h̃ = C q; the reference keeps its transpose (k vᵀ, qᵀ C): the same numbers. ε = 1e-6
as in the reference. The head's i, f and m are one number each; a trace repeats them in every unit's column, and
every unit's column computes the same value (so ∂L/∂ĩ is the sum of the units' shares).

Layout: ``kernel`` (d, 4u + 2) and ``bias`` (4u + 2), blocks q, k, v, o of u columns, then i and f of one column.

Reference: NX-AI/xlstm, ``xlstm/blocks/mlstm/backends.py``: ``recurrent_step_stabilized_simple`` (``step``) and
``parallel_stabilized_simple`` (the parallel form; it starts from a zero state).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from lstm_viz import recall
from lstm_viz.cells import layout
from lstm_viz.cells.base import NO_PINS, ArraySpec, CellKind, Part, Weights, into_pre, sigmoid
from lstm_viz.cells.display import Panel, Preset
from lstm_viz.cells.drawing import mlstm as drawing
from lstm_viz.cells.scan import log_sigmoid

BLOCKS = ("q", "k", "v", "o", "i", "f")
SCALARS = ("i", "f")
EPS = 1e-6


class Step(NamedTuple):
    """Every intermediate of one mLSTM step: (u,) each, C (u·u, row by row); the head's scalars repeated (u,)."""

    q: np.ndarray
    k: np.ndarray
    v: np.ndarray
    pre_o: np.ndarray
    pre_i: np.ndarray
    pre_f: np.ndarray
    log_f: np.ndarray
    m: np.ndarray
    i: np.ndarray
    f: np.ndarray
    o: np.ndarray
    C: np.ndarray
    n: np.ndarray
    qn: np.ndarray
    denominator: np.ndarray
    h_num: np.ndarray
    h_tilde: np.ndarray
    h: np.ndarray


def _blocks(w: Weights, z: np.ndarray) -> list[np.ndarray]:
    """x·W + b cut into its blocks (…, u) and (…, 1), in BLOCKS' order."""
    spec, u = w.kind.array("kernel"), w.units
    return [z[..., spec.columns(part, u)] for part in BLOCKS]


def step(w: Weights, x, C_prev, n_prev, m_prev, pins: Mapping[str, np.ndarray] = NO_PINS) -> Step:
    """One mLSTM step, line by line as the reference's recurrent step (the paper's C = v kᵀ)."""
    u = w.units
    q, k_raw, v, pre_o, pre_i, pre_f = _blocks(w, x @ w.kernel + w.bias)
    k = k_raw / np.sqrt(u)
    pre_i, pre_f = np.repeat(pre_i, u), np.repeat(pre_f, u)  # the head's gates, in every unit's column
    log_f = log_sigmoid(pre_f)
    m = np.maximum(log_f + m_prev, pre_i)  # stabilizer
    i = np.exp(pre_i - m)  # input gate exp(ĩ), divided by e^m
    f = np.exp(log_f + m_prev - m)  # forget gate σ(f̃), on the same scale
    o = pins.get("o", sigmoid(pre_o))  # output gate
    C = (f[:, None] * C_prev.reshape(u, u) + i[:, None] * np.outer(v, k)).reshape(-1)
    n = f * n_prev + i * k  # normalizer
    qn = np.repeat(n @ q, u)  # nᵀq: how much of what is stored the query matches
    denominator = np.maximum(np.abs(qn), np.exp(-m)) + EPS
    h_num = C.reshape(u, u) @ q  # read out: the values whose keys match q
    h_tilde = h_num / denominator
    h = o * h_tilde
    return Step(q, k, v, pre_o, pre_i, pre_f, log_f, m, i, f, o, C, n, qn, denominator, h_num, h_tilde, h)


def back(w: Weights, v, d, pinned=()) -> tuple[np.ndarray, np.ndarray]:
    """``step`` backwards, line by line from the last (max passes the gradient to the side it took)."""
    u = w.units
    d["o"] += d["h"] * v["h_tilde"]  # h = o ⊙ h̃
    d["h_tilde"] += d["h"] * v["o"]
    d["h_num"] += d["h_tilde"] / v["denominator"]  # h̃ = h_num / denominator
    d["denominator"] -= d["h_tilde"] * v["h_tilde"] / v["denominator"]
    C, dC = v["C"].reshape(u, u), d["C"].reshape(u, u)
    dC += np.outer(d["h_num"], v["q"])  # h_num = C q
    d["q"] += C.T @ d["h_num"]
    took_qn = np.abs(v["qn"]) >= np.exp(-v["m"])  # denominator = max(|nᵀq|, e^−m) + ε
    d["qn"] += np.where(took_qn, d["denominator"] * np.sign(v["qn"]), 0.0)
    d["m"] += np.where(took_qn, 0.0, -d["denominator"] * np.exp(-v["m"]))
    qn_total = d["qn"].sum()  # qn is one number, repeated
    d["n"] += qn_total * v["q"]  # qn = n · q
    d["q"] += qn_total * v["n"]
    d["f"] += d["n"] * v["n_prev"]  # n = f′ n_{t−1} + i′ k
    d["n_prev"] += d["n"] * v["f"]
    d["i"] += d["n"] * v["k"]
    d["k"] += d["n"] * v["i"]
    C_prev, outer = v["C_prev"].reshape(u, u), np.outer(v["v"], v["k"])
    d["f"] += (dC * C_prev).sum(axis=1)
    d["C_prev"].reshape(u, u)[...] += dC * v["f"][:, None]
    d["i"] += (dC * outer).sum(axis=1)
    written = dC * v["i"][:, None]
    d["v"] += written @ v["k"]
    d["k"] += written.T @ v["v"]
    into_pre(d, v, "o", "sigmoid", pinned)
    d["log_f"] += d["f"] * v["f"]  # f′ = exp(log σ(f̃) + m_{t−1} − m)
    d["m_prev"] += d["f"] * v["f"]
    d["m"] -= d["f"] * v["f"]
    d["pre_i"] += d["i"] * v["i"]  # i′ = exp(ĩ − m)
    d["m"] -= d["i"] * v["i"]
    took_f = v["log_f"] + v["m_prev"] >= v["pre_i"]  # m = max(log σ(f̃) + m_{t−1}, ĩ)
    d["log_f"] += np.where(took_f, d["m"], 0.0)
    d["m_prev"] += np.where(took_f, d["m"], 0.0)
    d["pre_i"] += np.where(took_f, 0.0, d["m"])
    d["pre_f"] += d["log_f"] * sigmoid(-v["pre_f"])  # (log σ)′ = 1 − σ
    from_input = np.concatenate(
        [d["q"], d["k"] / np.sqrt(u), d["v"], d["pre_o"], [d["pre_i"].sum()], [d["pre_f"].sum()]]
    )
    return from_input, np.zeros_like(from_input)


def parallel(w: Weights, x: np.ndarray, initial: Mapping[str, np.ndarray], pins: Mapping[str, np.ndarray]):
    """h of the whole sequence as one masked, gated attention matrix (the reference's parallel form, with the
    initial state as an extra column): log D_ts = F_t − F_s + ĩ_s for s ≤ t, F = cumulative log σ(f̃)."""
    u, steps = w.units, len(x)
    q, k_raw, v, pre_o, pre_i, pre_f = _blocks(w, x @ w.kernel + w.bias)
    k, pre_i, cumulative = k_raw / np.sqrt(u), pre_i[:, 0], np.cumsum(log_sigmoid(pre_f[:, 0]))
    C0 = np.asarray(initial["C"], dtype=np.float64).reshape(u, u)
    n0, m0 = np.asarray(initial["n"], dtype=np.float64), float(np.asarray(initial["m"]).reshape(-1)[0])
    with np.errstate(invalid="ignore"):
        log_d = np.where(np.tri(steps, dtype=bool), cumulative[:, None] - cumulative[None, :] + pre_i[None, :], -np.inf)
    from_start = cumulative + m0  # the initial state's weight, as a log
    m = np.maximum(log_d.max(axis=1), from_start)
    weights = np.exp(log_d - m[:, None]) * (q @ k.T)  # (T, T): the gated attention matrix
    start = np.exp(from_start - m)
    h_num = weights @ v + start[:, None] * (q @ C0.T)
    qn = weights.sum(axis=1) + start * (q @ n0)
    o = pins["o"] if "o" in pins else sigmoid(pre_o)
    return o * h_num / (np.maximum(np.abs(qn), np.exp(-m)) + EPS)[:, None]


PARTS = (
    Part("i", "i′", layout.BLUE, 0.0, None, "gate", "exp", bar=True),
    Part("f", "f′", layout.VERMILLION, 0.0, None, "gate", "sigmoid", bar=True),
    Part("o", "o", layout.PURPLE, 0.0, 1.0, "gate", "sigmoid", pinnable=True, bar=True),
    Part("q", "q", layout.GREEN, role="candidate", bar=True),
    Part("k", "k", layout.ORANGE, role="candidate", bar=True),
    Part("v", "v", layout.SKY, role="candidate", bar=True),
    Part("m", "m", layout.GREY, role="state"),
    Part("C", "C", layout.ORANGE, role="state"),
    Part("n", "n", layout.BLACK, role="state"),
    Part("qn", "nᵀq", layout.BLACK),
    Part("h_num", "C q", layout.ORANGE),
    Part("h_tilde", "h̃", layout.SKY),
    Part("h", "h", layout.SKY, role="state"),
)

ARRAYS = (
    ArraySpec("kernel", "W", "W", "input", BLOCKS, SCALARS),
    ArraySpec("bias", "b", "b", "", BLOCKS, SCALARS),
)


def default(input_dim: int, units: int) -> dict[str, np.ndarray]:
    """The explorer's starting mLSTM: q, k and v follow the input (each unit its own way), i and f open."""
    scales = np.array([1.0, -0.7, 0.5, -1.2])[np.arange(units) % 4]
    row = np.concatenate([scales, scales, 2 * scales, np.zeros(units), [0.0], [0.0]])
    bias = np.concatenate(
        [np.full(units, 0.5), np.full(units, 0.5), np.zeros(units), np.full(units, 3.0), [0.0], [3.0]]
    )
    return {"kernel": np.tile(row, (input_dim, 1)) / input_dim, "bias": bias}


def _flat(arrays) -> dict[str, tuple[float, ...]]:
    return {name: tuple(float(v) for v in np.ravel(values)) for name, values in arrays.items()}


PRESETS = {
    # i′ large at the pulse (ĩ = 6x), f ≈ 1: v kᵀ is written once and read back by every later query.
    "long_memory": Preset({"kernel": (1.0, 1.0, 2.0, 0.0, 6.0, 0.0), "bias": (1.0, 1.0, 0.0, 6.0, 0.0, 6.0)}, start=2),
    # two key → value pairs written, then each read back by its key (lstm_viz.recall: the task and the weights)
    "recall": Preset(_flat(recall.MLSTM), "custom", recall.STEPS, start=3, custom=recall.INPUT, units=2),
}
# the same task for an LSTM of the same 2 units, trained by Keras on 20,000 of them (bench/recall.py)
LSTM_RECALL = Preset(_flat(recall.LSTM_ARRAYS), "custom", recall.STEPS, start=3, custom=recall.INPUT, units=2)

KIND = CellKind(
    key="mlstm",
    recurrence=("C, n", "f′", "i′ v kᵀ, i′ k"),
    keras_layer=None,
    states=("C", "n", "m"),
    parts=PARTS,
    arrays=ARRAYS,
    step=step,
    step_fields=Step._fields,
    diagram=drawing.DIAGRAM,
    panels=(
        Panel("input", ("x",)),
        Panel("mlstm_gates", ("i", "f", "o")),
        Panel("mlstm_qkv", ("q", "k", "v")),
        Panel("mlstm_read", ("qn", "h_tilde", "h")),
    ),
    heatmaps=("q", "k", "v", "n", "h"),
    equations=drawing.EQUATIONS,
    notes=("i", "f", "C", "n", "h"),
    summary=("i", "f", "qn", "h"),
    default=default,
    reference="Beck et al. (2024), arXiv 2405.04517; NX-AI/xlstm xlstm/blocks/mlstm/backends.py, "
    "recurrent_step_stabilized_simple",
    presets=PRESETS,
    order=11,
    back=back,
    back_equations=drawing.BACK_EQUATIONS,
    back_notes=("h",),
    bounded_h=False,
    matrices=("C",),
    shared=("m",),
    state_limits={"C": (-5.0, 5.0), "n": (-5.0, 5.0), "m": (-10.0, 10.0)},
    alternatives={"parallel": parallel},
    parameters="4·{u}·({d} + 1) + 2·({d} + 1)",
    memory="C",
    compare={"recall": ("recall", "lstm", LSTM_RECALL)},
)
