"""Linear attention as a recurrent cell (Katharopoulos et al. 2020, "Transformers are RNNs: Fast Autoregressive
Transformers with Linear Attention", arXiv 2006.16236), one head of dimension u: the bridge from the LSTM to the
transformer that the course documents never make.

    q = W_q x_t + b_q,  k = W_k x_t + b_k,  v = W_v x_t + b_v     query, key, value
    φ(a) = elu(a) + 1 = a + 1 for a > 0, eᵃ below                 a positive feature map
    S  = S_{t−1} + v φ(k)ᵀ                                         the state: a u × u matrix
    z  = z_{t−1} + φ(k)                                            the normalizer: a vector
    h  = S φ(q) / (zᵀ φ(q) + ε)                                    the output (ε = 1e-6, as the reference)

Causal attention with the kernel φ(q)ᵀφ(k) instead of softmax's exp(qᵀk): since φ(q_t)ᵀφ(k_s) factorises, the
sum over every earlier step s is kept in a state of fixed size (S and z) and updated once per step: an RNN. Its
``alternatives``: the same outputs as one masked attention matrix ("parallel"), and softmax attention on the same
q, k and v ("softmax"), which is not the same: exp(qᵀk) does not factorise, so softmax attention has no state of
fixed size — it must keep every earlier k and v. mLSTM (lstm_viz.cells.mlstm) adds gates and a normalizer to it.

The paper and the reference keep S = Σ φ(k) vᵀ and read φ(q)ᵀ S; here S is its transpose (rows: the value's
components), as mLSTM's C = v kᵀ, so the two memories are drawn alike. No gate, nothing to pin.

Layout: ``kernel`` (d, 3u) and ``bias`` (3u), blocks q, k, v.

Reference: idiap/fast-transformers, ``fast_transformers/recurrent/attention/self_attention/linear_attention.py``,
``RecurrentLinearAttention.forward`` (and ``elu_feature_map``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from lstm_viz.cells import layout
from lstm_viz.cells.base import NO_PINS, ArraySpec, CellKind, Part, Weights, split
from lstm_viz.cells.display import Panel, Preset
from lstm_viz.cells.drawing import linear_attention as drawing

BLOCKS = ("q", "k", "v")
EPS = 1e-6


def phi(a: np.ndarray) -> np.ndarray:
    """elu(a) + 1: a + 1 above 0, eᵃ below (positive, so every attention weight is)."""
    return np.where(a > 0, a + 1.0, np.exp(np.minimum(a, 0.0)))


class Step(NamedTuple):
    """Every intermediate of one step: (u,) each, S (u·u, row by row); the denominator repeated (u,)."""

    q: np.ndarray
    k: np.ndarray
    v: np.ndarray
    phi_q: np.ndarray
    phi_k: np.ndarray
    S: np.ndarray
    z: np.ndarray
    h_num: np.ndarray
    denominator: np.ndarray
    h: np.ndarray


def step(w: Weights, x, S_prev, z_prev, pins: Mapping[str, np.ndarray] = NO_PINS) -> Step:
    """One step of recurrent linear attention, as the reference's ``forward`` (the paper's S transposed)."""
    u = w.units
    q, k, v = split(x @ w.kernel + w.bias, 3)
    phi_q, phi_k = phi(q), phi(k)
    S = S_prev + np.outer(v, phi_k).reshape(-1)
    z = z_prev + phi_k  # the keys, summed
    h_num = S.reshape(u, u) @ phi_q
    denominator = np.repeat(z @ phi_q, u) + EPS
    h = h_num / denominator
    return Step(q, k, v, phi_q, phi_k, S, z, h_num, denominator, h)


def back(w: Weights, v, d, pinned=()) -> tuple[np.ndarray, np.ndarray]:
    """``step`` backwards."""
    u = w.units
    d["h_num"] += d["h"] / v["denominator"]  # h = h_num / denominator
    d["denominator"] -= d["h"] * v["h"] / v["denominator"]
    total = d["denominator"].sum()  # one number, repeated
    d["z"] += total * v["phi_q"]  # denominator = z · φ(q) + ε
    d["phi_q"] += total * v["z"]
    S, dS = v["S"].reshape(u, u), d["S"].reshape(u, u)
    dS += np.outer(d["h_num"], v["phi_q"])  # h_num = S φ(q)
    d["phi_q"] += S.T @ d["h_num"]
    d["z_prev"] += d["z"]  # z = z_{t−1} + φ(k)
    d["phi_k"] += d["z"]
    d["S_prev"] += d["S"]  # S = S_{t−1} + v φ(k)ᵀ
    d["v"] += dS @ v["phi_k"]
    d["phi_k"] += dS.T @ v["v"]
    d["q"] += d["phi_q"] * np.where(v["q"] > 0, 1.0, v["phi_q"])  # φ′ = 1 above 0, eᵃ below
    d["k"] += d["phi_k"] * np.where(v["k"] > 0, 1.0, v["phi_k"])
    from_input = np.concatenate([d["q"], d["k"], d["v"]])
    return from_input, np.zeros_like(from_input)


def _start(w: Weights, initial: Mapping[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    u = w.units
    return np.asarray(initial["S"], dtype=np.float64).reshape(u, u), np.asarray(initial["z"], dtype=np.float64)


def parallel(w: Weights, x: np.ndarray, initial: Mapping[str, np.ndarray], pins: Mapping[str, np.ndarray]):
    """Causal linear attention as one masked attention matrix A_ts = φ(q_t)ᵀφ(k_s), s ≤ t (and the initial state)."""
    q, k, v = split(x @ w.kernel + w.bias, 3)
    S0, z0 = _start(w, initial)
    attention = np.tril(phi(q) @ phi(k).T)  # (T, T)
    return (attention @ v + phi(q) @ S0.T) / (attention.sum(axis=1) + phi(q) @ z0 + EPS)[:, None]


def softmax(w: Weights, x: np.ndarray, initial: Mapping[str, np.ndarray], pins: Mapping[str, np.ndarray]):
    """Causal softmax attention on the same q, k, v (scaled by 1/√u, as a transformer does; no initial state: it
    has none to start from). Not the same outputs: its weights exp(qᵀk/√u) do not factorise into φ(q)ᵀφ(k)."""
    q, k, v = split(x @ w.kernel + w.bias, 3)
    scores = np.where(np.tri(len(x), dtype=bool), q @ k.T / np.sqrt(w.units), -np.inf)
    weights = np.exp(scores - scores.max(axis=1, keepdims=True))
    return (weights / weights.sum(axis=1, keepdims=True)) @ v


PARTS = (
    Part("q", "q", layout.GREEN, role="candidate", bar=True),
    Part("k", "k", layout.ORANGE, role="candidate", bar=True),
    Part("v", "v", layout.SKY, role="candidate", bar=True),
    Part("phi_q", "φ(q)", layout.GREEN, 0.0, None),
    Part("phi_k", "φ(k)", layout.ORANGE, 0.0, None),
    Part("S", "S", layout.ORANGE, role="state"),
    Part("z", "z", layout.BLACK, role="state"),
    Part("h_num", "S φ(q)", layout.ORANGE),
    Part("denominator", "zᵀφ(q)+ε", layout.BLACK),
    Part("h", "h", layout.SKY, role="state"),
)

ARRAYS = (ArraySpec("kernel", "W", "W", "input", BLOCKS), ArraySpec("bias", "b", "b", "", BLOCKS))


def default(input_dim: int, units: int) -> dict[str, np.ndarray]:
    """The explorer's starting head: q, k and v follow the input, each unit its own way."""
    return layout.default_arrays(ARRAYS, input_dim, units, kernel=(1.0, 1.0, 2.0), recurrent=0.0, bias=(0.5, 0.0, 0.0))


PRESETS = {
    # k = 3x − 3: a large key only at the pulse, so its value 2x dominates S; every later query reads it back.
    "recall": Preset({"kernel": (0.0, 3.0, 2.0), "bias": (1.0, -3.0, 0.0)}, start=2),
}

KIND = CellKind(
    key="linear_attention",
    recurrence=("S, z", "1", "v φ(k)ᵀ, φ(k)"),
    keras_layer=None,
    states=("S", "z"),
    parts=PARTS,
    arrays=ARRAYS,
    step=step,
    step_fields=Step._fields,
    diagram=drawing.DIAGRAM,
    panels=(
        Panel("input", ("x",)),
        Panel("attention_qkv", ("q", "k", "v")),
        Panel("attention_read", ("denominator", "h")),
    ),
    heatmaps=("q", "k", "v", "z", "h"),
    equations=drawing.EQUATIONS,
    notes=("phi_k", "S", "z", "h"),
    summary=("phi_q", "phi_k", "denominator", "h"),
    default=default,
    reference="Katharopoulos et al. (2020), arXiv 2006.16236; idiap/fast-transformers recurrent linear attention",
    presets=PRESETS,
    order=12,
    back=back,
    back_equations=drawing.BACK_EQUATIONS,
    back_notes=("h",),
    bounded_h=False,
    matrices=("S",),
    state_limits={"S": (-5.0, 5.0), "z": (0.0, 5.0)},
    alternatives={"parallel": parallel, "softmax": softmax},
    parameters="3·{u}·({d} + 1)",
    memory="S",
)
