"""minGRU (Feng et al. 2024, "Were RNNs All We Needed?", arXiv 2410.01201): the GRU with its gates cut off from h.

    z  = σ(W_z x_t + b_z)                 update gate: the share of the candidate (it reads x only)
    h̃  = g(W_h x_t + b_h)                 candidate, g(v) = v + ½ for v ≥ 0, σ(v) below: always positive
    h  = (1 − z) ⊙ h_{t−1} + z ⊙ h̃        hidden state

Note the paper's convention: z weighs the *candidate* (Keras's GRU, lstm_viz.cells.gru, has z weigh the old state).
There is no reset gate, no U and no tanh on h. Since neither z nor h̃ reads h_{t−1}, h_t = a_t ⊙ h_{t−1} + b_t with
a = 1 − z and b = z ⊙ h̃ known for every t before the loop starts: the whole sequence is one parallel scan
(``parallel``, in log space, lstm_viz.cells.scan). The cost: no gate can react to what the cell holds.

Layout, as the reference's one ``Linear(dim, 2·dim)`` split with ``.chunk(2)``: ``kernel`` (d, 2u) and ``bias``
(2u,), blocks h̃ then z.

Reference: BorealisAI/minRNNs, ``models/minRNNs.py``, ``minGRU.forward`` (its sequential branch, ``seq_len == 1``,
is ``step``; its parallel branch, ``associative_scan_log``, is ``parallel``), and ``g`` / ``log_g`` of its helpers.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np

from lstm_viz.cells import layout
from lstm_viz.cells.base import NO_PINS, ArraySpec, CellKind, Part, Weights, g, into_pre, sigmoid, split
from lstm_viz.cells.display import Panel, Preset
from lstm_viz.cells.drawing import min_gru as drawing
from lstm_viz.cells.scan import linear_scan, log_sigmoid, safe_log

BLOCKS = ("h_tilde", "z")


class Step(NamedTuple):
    """Every intermediate of one minGRU step, each (u,)."""

    pre_h_tilde: np.ndarray
    pre_z: np.ndarray
    z: np.ndarray
    h_tilde: np.ndarray
    one_minus_z: np.ndarray
    kept: np.ndarray
    written: np.ndarray
    h: np.ndarray


def step(w: Weights, x, h_prev, pins: Mapping[str, np.ndarray] = NO_PINS) -> Step:
    """One minGRU step (a pinned part takes the pinned value). Nothing before the last two lines reads h_{t−1}."""
    pre_h_tilde, pre_z = split(x @ w.kernel + w.bias, 2)  # the input only: no U
    z = pins.get("z", sigmoid(pre_z))  # update gate: the candidate's share
    h_tilde = pins.get("h_tilde", g(pre_h_tilde))  # candidate, positive
    one_minus_z = 1 - z  # the old state's share
    kept = one_minus_z * h_prev
    written = z * h_tilde
    h = kept + written
    return Step(pre_h_tilde, pre_z, z, h_tilde, one_minus_z, kept, written, h)


def back(w: Weights, v, d, pinned=()) -> tuple[np.ndarray, np.ndarray]:
    """``step`` backwards. Only the last line carries anything back to h_{t−1}: δh_{t−1} = δh ⊙ (1 − z)."""
    d["kept"] += d["h"]  # h = kept + written
    d["written"] += d["h"]
    d["z"] += d["written"] * v["h_tilde"]  # written = z ⊙ h̃
    d["h_tilde"] += d["written"] * v["z"]
    d["one_minus_z"] += d["kept"] * v["h_prev"]  # kept = (1 − z) ⊙ h_{t−1}
    d["h_prev"] += d["kept"] * v["one_minus_z"]
    d["z"] -= d["one_minus_z"]
    into_pre(d, v, "z", "sigmoid", pinned)
    into_pre(d, v, "h_tilde", "g", pinned)
    from_input = np.concatenate([d["pre_h_tilde"], d["pre_z"]])
    return from_input, np.zeros_like(from_input)


def log_g(v: np.ndarray) -> np.ndarray:
    """log g(v), as the reference's ``log_g``: log(v + ½) for v ≥ 0, log σ(v) = −softplus(−v) below."""
    return np.where(v >= 0, np.log(np.maximum(v, 0.0) + 0.5), log_sigmoid(np.minimum(v, 0.0)))


def parallel(w: Weights, x: np.ndarray, initial: Mapping[str, np.ndarray], pins: Mapping[str, np.ndarray]):
    """h for the whole sequence at once (the reference's parallel branch): log a = log(1 − z) = −softplus(z̃),
    log b = log z + log h̃ = −softplus(−z̃) + log g(h̃'s pre-activation), then one log-space scan."""
    pre_h_tilde, pre_z = split(x @ w.kernel + w.bias, 2)  # every step at once
    log_a = safe_log(1 - pins["z"]) if "z" in pins else log_sigmoid(-pre_z)
    log_z = safe_log(pins["z"]) if "z" in pins else log_sigmoid(pre_z)
    log_h_tilde = safe_log(pins["h_tilde"]) if "h_tilde" in pins else log_g(pre_h_tilde)
    return linear_scan(log_a, log_z + log_h_tilde, np.asarray(initial["h"], dtype=np.float64))


PARTS = (
    Part("z", "z", layout.VERMILLION, 0.0, 1.0, "gate", "sigmoid", pinnable=True, bar=True),
    Part("h_tilde", "h̃", layout.GREEN, 0.0, None, "candidate", "g", pinnable=True, bar=True),
    Part("one_minus_z", "1−z", layout.VERMILLION, 0.0, 1.0),
    Part("kept", "(1−z)⊙h₍t−1₎", layout.VERMILLION),
    Part("written", "z⊙h̃", layout.GREEN),
    Part("h", "h", layout.SKY, role="state"),
)

ARRAYS = (ArraySpec("kernel", "W", "W", "input", BLOCKS), ArraySpec("bias", "b", "b", "", BLOCKS))


def default(input_dim: int, units: int) -> dict[str, np.ndarray]:
    """The explorer's starting minGRU: the candidate follows the input, z leans towards keeping (b_z = −2)."""
    return layout.default_arrays(ARRAYS, input_dim, units, kernel=(2.0, 4.0), recurrent=0.0, bias=(0.0, -2.0))


PRESETS = {
    # z = σ(10x − 6): ≈ 0.98 at the pulse (write h̃ = g(3) = 3.5), ≈ 0.0025 elsewhere (keep): a long memory without U.
    "long_memory": Preset({"kernel": (3.0, 10.0), "bias": (0.0, -6.0)}, start=2),
    # z ≈ 1: h is the candidate of this step, g(2x); it forgets everything at once.
    "follow": Preset({"kernel": (2.0, 0.0), "bias": (0.0, 6.0)}, "sine", start=5),
    # z = σ(0) = ½ at every step, whatever h holds: an average that halves the old state each step.
    "blind": Preset({"kernel": (2.0, 0.0)}, "step", start=20),
}

KIND = CellKind(
    key="min_gru",
    recurrence=("h", "1 − z", "z ⊙ h̃"),
    keras_layer=None,
    states=("h",),
    parts=PARTS,
    arrays=ARRAYS,
    step=step,
    step_fields=Step._fields,
    diagram=drawing.DIAGRAM,
    panels=(Panel("input", ("x",)), Panel("min_gate", ("z",)), Panel("min_candidate_hidden", ("h_tilde", "h"))),
    heatmaps=("z", "h_tilde", "h"),
    equations=drawing.EQUATIONS,
    notes=("z", "h_tilde", "h"),
    summary=("z", "h_tilde", "h"),
    default=default,
    reference="Feng et al. (2024), arXiv 2410.01201; BorealisAI/minRNNs models/minRNNs.py, minGRU.forward",
    presets=PRESETS,
    order=8,
    back=back,
    back_equations=drawing.BACK_EQUATIONS,
    back_notes=("h",),
    bounded_h=False,
    alternatives={"parallel": parallel},
    parameters="2·{u}·({d} + 1)",
    compare={"min_gru_gru": ("long_memory", "gru", "long_memory")},  # the same pulse kept, with and without U
)
