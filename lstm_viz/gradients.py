"""How much the last state depends on each earlier state: exact Jacobians of a plain RNN, a GRU and an LSTM.

Row vectors as in Keras (pre = x·W + h·U + b), so ∂pre/∂h_{t−1} = Uᵀ. act is the layer's activation; for tanh,
act′ = 1 − act². A pinned part is a constant: its derivative terms vanish.

Plain RNN, h_t = act(pre_t):
    ∂h_t/∂h_{t−1} = diag(act′(pre_t)) · Uᵀ
GRU (reset_after), h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃:
    ∂z/∂h_{t−1} = diag(z(1−z)) U_zᵀ,   ∂r/∂h_{t−1} = diag(r(1−r)) U_rᵀ
    ∂h̃/∂h_{t−1} = diag(act′(pre_h̃)) (diag(U_h·h_{t−1} + b′_h) ∂r/∂h_{t−1} + diag(r) U_hᵀ)
    ∂h_t/∂h_{t−1} = diag(z) + diag(h_{t−1} − h̃) ∂z/∂h_{t−1} + diag(1 − z) ∂h̃/∂h_{t−1}
LSTM, whose state is the pair (h, c); perturbing c_t also moves h_t = o_t ⊙ act(c_t):
    ∂c_t/∂c_{t−1} = diag(f_t)                                               (the cell-state path)
    ∂c_t/∂h_{t−1} = diag(c_{t−1} f_t(1−f_t)) U_fᵀ + diag(c̃_t i_t(1−i_t)) U_iᵀ + diag(i_t act′(pre_c̃)) U_cᵀ
    ∂h_t/∂c_{t−1} = diag(o_t act′(c_t) f_t)
    ∂h_t/∂h_{t−1} = diag(act(c_t) · o_t(1−o_t)) U_oᵀ + diag(o_t act′(c_t)) ∂c_t/∂h_{t−1}
minGRU (2024), h_t = (1 − z) ⊙ h_{t−1} + z ⊙ h̃, whose z and h̃ read x only:
    ∂h_t/∂h_{t−1} = diag(1 − z_t)                                           (the only path)
The other 2024 kinds (``memory_sensitivity``): the Jacobian of a kind's memory (``CellKind.memory``) read off its
backward pass, one pass per entry of the last state. minLSTM's is ∏ diag(f′); mLSTM's ∏ f′ times the identity (its gates
read x only); linear attention's the identity (S only adds: nothing fades); sLSTM's every path of c, as the LSTM's.
Along the cell-state path alone, ∂c_T/∂c_t = diag(∏ f_k): no squashing function sits on that path (course document
004). The finite-difference functions at the end check all of these in the tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from lstm_viz import cells
from lstm_viz.backward import backward
from lstm_viz.cells.base import Trace, Weights, derivative, forward

NEW_KINDS = tuple(kind.key for kind in cells.KINDS.values() if kind.memory)  # the kinds that declare their memory


@dataclass(frozen=True)
class Sensitivity:
    """‖∂state_T/∂state_t‖ (spectral norm) for t = 0 … T−1, and the Jacobians behind it."""

    norms: np.ndarray  # (T,)
    jacobians: np.ndarray  # (T, u, u): ∂state_T/∂state_t


def _chain(step_jacobians: list[np.ndarray], units: int) -> Sensitivity:
    """From J_t = ∂s_t/∂s_{t−1} (t = 1 … T−1) to ∂s_{T−1}/∂s_t for every t."""
    steps = len(step_jacobians) + 1
    jacobians = np.empty((steps, units, units))
    product = np.eye(units)
    jacobians[steps - 1] = product
    for t in range(steps - 2, -1, -1):  # ∂s_{T−1}/∂s_t = ∂s_{T−1}/∂s_{t+1} · J_{t+1}
        product = product @ step_jacobians[t]
        jacobians[t] = product
    return Sensitivity(np.array([np.linalg.norm(j, ord=2) for j in jacobians]), jacobians)


def _gate(trace: Trace, part: str, t: int) -> np.ndarray:
    """σ′ of a gate (its z(1−z)), or 0 when it is pinned."""
    value = trace.values[part][t]
    return np.zeros_like(value) if part in trace.pinned else value * (1.0 - value)


def rnn_step_jacobian(weights: Weights, trace: Trace, t: int) -> np.ndarray:
    slope = derivative(trace.activation, trace.pre_h[t], trace.h[t])
    return slope[:, None] * weights.recurrent_kernel.T


def gru_step_jacobian(weights: Weights, trace: Trace, t: int) -> np.ndarray:
    """∂h_t/∂h_{t−1} (u, u) of a GRU at step t ≥ 1."""
    u_z, u_r, u_h = (weights.block("recurrent_kernel", part).T for part in ("z", "r", "h_tilde"))
    z, r, h_tilde, h_prev = trace.z[t], trace.r[t], trace.h_tilde[t], trace.h_prev[t]
    dz = _gate(trace, "z", t)[:, None] * u_z
    dr = _gate(trace, "r", t)[:, None] * u_r
    slope = np.zeros_like(h_tilde)
    if "h_tilde" not in trace.pinned:
        slope = derivative(trace.activation, trace.pre_h_tilde[t], h_tilde)
    dh_tilde = slope[:, None] * (trace.recurrent_h[t][:, None] * dr + r[:, None] * u_h)
    return np.diag(z) + (h_prev - h_tilde)[:, None] * dz + (1.0 - z)[:, None] * dh_tilde


def rnn_sensitivity(weights: Weights, x: np.ndarray, initial=None, pins=None) -> Sensitivity:
    """‖∂h_T/∂h_t‖ of a plain RNN or a GRU over x (T, d); h_T is the last state."""
    trace = forward(weights, x, initial, pins)
    step = {"rnn": rnn_step_jacobian, "gru": gru_step_jacobian, "min_gru": min_gru_step_jacobian}[weights.kind.key]
    return _chain([step(weights, trace, t) for t in range(1, trace.steps)], trace.units)


def min_gru_step_jacobian(weights: Weights, trace: Trace, t: int) -> np.ndarray:
    """diag(1 − z_t): nothing but the last line of the step reads h_{t−1}."""
    return np.diag(trace.one_minus_z[t])


def lstm_step_jacobian(weights: Weights, trace: Trace, t: int) -> np.ndarray:
    """∂(h_t, c_t)/∂(h_{t−1}, c_{t−1}) (2u, 2u) at step t ≥ 1 of an LSTM trace: its state is the pair."""
    u = weights.units
    f, i, c_tilde, o, c_prev, act_c = (trace.values[n][t] for n in ("f", "i", "c_tilde", "o", "c_prev", "act_c"))
    candidate_slope = np.zeros(u)
    if "c_tilde" not in trace.pinned:
        candidate_slope = derivative(trace.activation, trace.pre_c_tilde[t], c_tilde)
    dc_dh = np.zeros((u, u))  # ∂c_t/∂h_{t−1}: through f, i and c̃
    for part, factor in (
        ("f", c_prev * _gate(trace, "f", t)),
        ("i", c_tilde * _gate(trace, "i", t)),
        ("c_tilde", i * candidate_slope),
    ):
        dc_dh += factor[:, None] * weights.block("recurrent_kernel", part).T
    dh_dc = o * derivative(trace.activation, trace.c[t], act_c)  # ∂h_t/∂c_t, o_t held
    do_dh = _gate(trace, "o", t)[:, None] * weights.block("recurrent_kernel", "o").T
    jacobian = np.empty((2 * u, 2 * u))
    jacobian[:u, :u] = act_c[:, None] * do_dh + dh_dc[:, None] * dc_dh  # ∂h_t/∂h_{t−1}
    jacobian[:u, u:] = np.diag(dh_dc * f)  # ∂h_t/∂c_{t−1}
    jacobian[u:, :u] = dc_dh  # ∂c_t/∂h_{t−1}
    jacobian[u:, u:] = np.diag(f)  # ∂c_t/∂c_{t−1}: the cell-state path
    return jacobian


def lstm_sensitivity(
    weights: Weights,
    x: np.ndarray,
    initial: Mapping[str, np.ndarray] | None = None,
    pins: Mapping[str, object] | None = None,
) -> tuple[Sensitivity, np.ndarray, Trace]:
    """‖∂c_T/∂c_t‖ of an LSTM (every path), ∏ f (the cell-state path alone, (T, u)), and the trace.

    Perturbing c_t also moves h_t = o_t ⊙ act(c_t), so the chain runs over the pair (h, c) and starts from the
    direction (diag(o_t act′(c_t)), I).
    """
    trace = forward(weights, x, initial, pins)
    steps, u = trace.steps, trace.units
    jacobians = np.empty((steps, u, u))
    product = np.eye(2 * u)  # ∂s_{T−1}/∂s_t, built from the end backwards
    for t in range(steps - 1, -1, -1):
        if t < steps - 1:
            product = product @ lstm_step_jacobian(weights, trace, t + 1)
        start = np.vstack([np.diag(trace.o[t] * derivative(trace.activation, trace.c[t], trace.act_c[t])), np.eye(u)])
        jacobians[t] = product[u:] @ start
    full = Sensitivity(np.array([np.linalg.norm(j, ord=2) for j in jacobians]), jacobians)
    # ∏_{k=t+1..T−1} f_k: the reversed cumulative product of f, shifted by one step
    forget_products = np.ones_like(trace.f)
    forget_products[:-1] = np.cumprod(trace.f[:0:-1], axis=0)[::-1]
    return full, forget_products, trace


def memory_sensitivity(weights: Weights, x: np.ndarray, initial=None, pins=None, state: str = "") -> Sensitivity:
    """‖∂M_T/∂M_t‖ of the kind's memory M (``state``, else ``CellKind.memory``; a matrix counts every entry) by its
    backward pass.

    The pass seeded with entry j of M_T alone gives row j of ∂M_T/∂M_t at every t, through every path (perturbing
    sLSTM's c_t also moves its h_t = o c / n, as the LSTM's chain above assumes).
    """
    trace = forward(weights, x, initial, pins)
    state = state or weights.kind.memory
    width = trace.values[state].shape[1]
    jacobians = np.empty((trace.steps, width, width))
    for j in range(width):
        seed = np.zeros((trace.steps, width))
        seed[-1, j] = 1.0
        jacobians[:, j, :] = backward(weights, trace, {state: seed}).values[state]
    return Sensitivity(np.array([np.linalg.norm(j, ord=2) for j in jacobians]), jacobians)


def _biased(weights: Weights, part: str, value: float) -> Weights:
    """The weights with ``part``'s bias block set to ``value`` (the rest of the bias 0)."""
    bias = np.zeros_like(weights.arrays["bias"])
    bias[weights.kind.array("bias").columns(part, weights.units)] = value
    return weights.replace(bias=bias)


def new_kind_cells(units: int, forget_bias: float, seed: int = 1) -> dict[str, Weights]:
    """The ``NEW_KINDS`` of the same size, seeded random weights (scale 0.5), each forget gate's bias ``forget_bias``
    as the LSTM's (a kind with no forget gate, such as linear attention, keeps its random bias)."""
    rng = np.random.default_rng(seed)
    made = {key: cells.random(cells.kind(key), units, 1, rng, scale=0.5) for key in NEW_KINDS}
    return {key: _biased(w, "f", forget_bias) if "f" in w.kind.array("bias").blocks else w for key, w in made.items()}


# --- finite differences: the independent check of the formulas above ----------------------------------------


def finite_difference(
    weights: Weights, x: np.ndarray, t: int, state: str, initial=None, pins=None, eps: float = 1e-6
) -> np.ndarray:
    """∂state_T/∂state_t by central differences: perturb the state at step t, run the rest of the sequence again.

    For an LSTM and ``state`` "c", perturbing c_t also moves h_t = o_t ⊙ act(c_t), as the chain above assumes.
    """
    x = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
    trace = forward(weights, x, initial, pins)
    steps, u = trace.steps, trace.units
    later = {
        name: np.broadcast_to(np.asarray(value, dtype=np.float64), (steps, u))[t + 1 :]
        for name, value in (pins or {}).items()
    }
    act = cells.base.ACTIVATIONS[weights.activation]
    jacobian = np.empty((u, u))
    for j in range(u):
        ends = []
        for sign in (1.0, -1.0):
            states = {name: trace.values[name][t].copy() for name in weights.kind.states}
            states[state][j] += sign * eps
            if state == "c":
                states["h"] = trace.o[t] * act(states["c"])
            ends.append(
                forward(weights, x[t + 1 :], states, later).values[state][-1] if t + 1 < steps else states[state]
            )
        jacobian[:, j] = (ends[0] - ends[1]) / (2 * eps)
    return jacobian


# Settings of the Why LSTM page's gradient chart (catalogue "gradient_preset.<name>").
DEMO_PRESETS: dict[str, dict] = {
    "keras_start": dict(sequence="sine", steps=40, rnn_scale=0.9, forget_bias=1.0, units=1),  # Keras's b_f = 1
    "long_memory": dict(sequence="sine", steps=40, rnn_scale=0.9, forget_bias=6.0, units=1),  # b_f set by hand
    "zero_bias": dict(sequence="sine", steps=40, rnn_scale=0.9, forget_bias=0.0, units=1),  # f ≈ 0.5
    "exploding": dict(sequence="step", steps=100, rnn_scale=2.5, forget_bias=1.0, units=4),  # the RNN's blow-up
}


def demo_cells(units: int, rnn_scale: float, forget_bias: float, seed: int = 0) -> dict[str, Weights]:
    """A plain RNN, a GRU, an LSTM and a minGRU of the same size with seeded random weights, for side-by-side curves.

    The RNN's recurrent matrix is ``rnn_scale`` × an orthogonal matrix, so the scale is exactly its spectral norm
    (for one unit, U = rnn_scale). The LSTM's biases are 0 except the forget gate's, ``forget_bias``; the GRU's update
    gate gets the same bias (z plays f's part: the share of the old state kept).
    """
    rng = np.random.default_rng(seed)
    orthogonal, _ = np.linalg.qr(rng.normal(size=(units, units)))
    orthogonal = orthogonal * np.sign(np.diag(orthogonal))  # for one unit: +1, so U = rnn_scale
    rnn = cells.kind("rnn")
    plain = Weights(rnn, {"kernel": rng.normal(0, 1, (1, units)), "recurrent_kernel": rnn_scale * orthogonal})
    lstm = cells.random(cells.kind("lstm"), units, 1, rng, scale=0.5)
    bias = np.zeros(4 * units)
    bias[units : 2 * units] = forget_bias
    gru = cells.random(cells.kind("gru"), units, 1, rng, scale=0.5)
    gru_bias = np.zeros(3 * units)
    gru_bias[:units] = forget_bias
    min_gru = cells.random(cells.kind("min_gru"), units, 1, rng, scale=0.5)
    min_gru_bias = np.zeros(2 * units)
    min_gru_bias[units:] = -forget_bias  # (its z is the candidate's share: 1 − z = σ(−z̃) plays f's part)
    return {
        "rnn": plain,
        "gru": gru.replace(bias=gru_bias, recurrent_bias=np.zeros(3 * units)),
        "lstm": lstm.replace(bias=bias),
        "min_gru": min_gru.replace(bias=min_gru_bias),
    }


@dataclass(frozen=True)
class Demo:
    """The Why LSTM page's comparison on one input, each for t = 0 … T−1: ‖∂h_T/∂h_t‖ of the plain RNN and the GRU,
    ‖∂c_T/∂c_t‖ of the LSTM (every path), and the LSTM's cell-state path alone (∏ f, its largest unit)."""

    rnn: np.ndarray  # (T,)
    gru: np.ndarray  # (T,)
    lstm: np.ndarray  # (T,)
    cell_path: np.ndarray  # (T,)
    min_gru: np.ndarray  # (T,): ‖∏ diag(1 − z)‖, its only path
    forget_mean: float  # the LSTM's forget gate, averaged over steps and units
    new: Mapping[str, np.ndarray] = field(default_factory=dict)  # the 2024 kinds' ‖∂M_T/∂M_t‖ (T,), when asked for


def demo(x: np.ndarray, units: int, rnn_scale: float, forget_bias: float, new_kinds: bool = False) -> Demo:
    """The ``demo_cells`` run on x (T, 1), and how much each one's last state depends on every earlier one (with
    ``new_kinds``, the ``new_kind_cells`` too)."""
    weights = demo_cells(units, rnn_scale, forget_bias)
    lstm, forget_products, trace = lstm_sensitivity(weights["lstm"], x)
    return Demo(
        rnn=rnn_sensitivity(weights["rnn"], x).norms,
        gru=rnn_sensitivity(weights["gru"], x).norms,
        lstm=lstm.norms,
        cell_path=forget_products.max(axis=1),
        min_gru=rnn_sensitivity(weights["min_gru"], x).norms,
        forget_mean=float(trace.f.mean()),
        new={key: memory_sensitivity(w, x).norms for key, w in new_kind_cells(units, forget_bias).items()}
        if new_kinds
        else {},
    )
