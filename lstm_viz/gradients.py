"""How much the last state depends on each earlier state: exact Jacobians of a plain RNN and of an LSTM.

Plain RNN, h_t = tanh(x_t·W + h_{t−1}·U + b):
    ∂h_t/∂h_{t−1} = diag(1 − h_t²) · Uᵀ,            ∂h_T/∂h_t = ∏_{k=t+1..T} ∂h_k/∂h_{k−1}

LSTM, whose state is the pair (h, c); perturbing c_t also moves h_t = o_t ⊙ tanh(c_t):
    ∂c_t/∂c_{t−1} = diag(f_t)                                               (the cell-state path)
    ∂c_t/∂h_{t−1} = diag(c_{t−1} f_t(1−f_t)) U_fᵀ + diag(c̃_t i_t(1−i_t)) U_iᵀ + diag(i_t(1−c̃_t²)) U_cᵀ
    ∂h_t/∂c_{t−1} = diag(o_t(1 − tanh² c_t) f_t)
    ∂h_t/∂h_{t−1} = diag(tanh c_t · o_t(1−o_t)) U_oᵀ + diag(o_t(1 − tanh² c_t)) ∂c_t/∂h_{t−1}
Along the cell-state path alone, ∂c_T/∂c_t = diag(∏ f_k): no squashing function sits on that path
(course document 004). Pinned gates are constants, so their derivative terms vanish.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from lstm_viz.lstm import LSTMParams, RNNParams, Trace, forward, rnn_forward


@dataclass(frozen=True)
class Sensitivity:
    """‖∂state_T/∂state_t‖ (spectral norm) for t = 0 … T−1, and the Jacobians behind it."""

    norms: np.ndarray  # (T,)
    jacobians: np.ndarray  # (T, u, u): ∂state_T/∂state_t


def _chain(step_jacobians: list[np.ndarray]) -> Sensitivity:
    """From J_t = ∂s_t/∂s_{t−1} (t = 1 … T−1, indexed by t) to ∂s_{T−1}/∂s_t for every t."""
    steps = len(step_jacobians) + 1
    u = step_jacobians[0].shape[0] if step_jacobians else 1
    jacobians = np.empty((steps, u, u))
    product = np.eye(u)
    jacobians[steps - 1] = product
    for t in range(steps - 2, -1, -1):  # ∂s_{T−1}/∂s_t = ∂s_{T−1}/∂s_{t+1} · J_{t+1}
        product = product @ step_jacobians[t]
        jacobians[t] = product
    norms = np.array([np.linalg.norm(j, ord=2) for j in jacobians])
    return Sensitivity(norms, jacobians)


def rnn_sensitivity(params: RNNParams, x: np.ndarray, h0: np.ndarray | None = None) -> Sensitivity:
    """‖∂h_T/∂h_t‖ of the plain RNN over x (T, input_dim); h_T is the last state, index T−1."""
    h = rnn_forward(params, x, h0)  # (T, u)
    recurrent_kernel = np.asarray(params.recurrent_kernel, dtype=np.float64)
    step_jacobians = [np.diag(1.0 - h[t] ** 2) @ recurrent_kernel.T for t in range(1, len(h))]
    return _chain(step_jacobians)


def lstm_step_jacobian(params: LSTMParams, trace: Trace, t: int) -> np.ndarray:
    """∂(h_t, c_t)/∂(h_{t−1}, c_{t−1}) (2u, 2u) at step t ≥ 1 of a trace: the LSTM's state is the pair."""
    u = params.units
    f, i, c_tilde, o, c_prev, tanh_c = (
        trace.f[t],
        trace.i[t],
        trace.c_tilde[t],
        trace.o[t],
        trace.c[t - 1],
        trace.tanh_c[t],
    )
    dc_dh = np.zeros((u, u))  # ∂c_t/∂h_{t−1}: through f, i and c̃ (a pinned gate is a constant)
    for gate, factor in (("f", c_prev * f * (1 - f)), ("i", c_tilde * i * (1 - i)), ("c_tilde", i * (1 - c_tilde**2))):
        if gate not in trace.pinned:
            dc_dh += factor[:, None] * params.gate(gate)[1].T
    dh_dc = o * (1.0 - tanh_c**2)  # ∂h_t/∂c_t, o_t held
    do_dh = np.zeros((u, u)) if "o" in trace.pinned else (o * (1 - o))[:, None] * params.gate("o")[1].T
    jacobian = np.empty((2 * u, 2 * u))
    jacobian[:u, :u] = tanh_c[:, None] * do_dh + dh_dc[:, None] * dc_dh  # ∂h_t/∂h_{t−1}
    jacobian[:u, u:] = np.diag(dh_dc * f)  # ∂h_t/∂c_{t−1}
    jacobian[u:, :u] = dc_dh  # ∂c_t/∂h_{t−1}
    jacobian[u:, u:] = np.diag(f)  # ∂c_t/∂c_{t−1}: the cell-state path
    return jacobian


def lstm_sensitivity(
    params: LSTMParams,
    x: np.ndarray,
    h0: np.ndarray | None = None,
    c0: np.ndarray | None = None,
    overrides: Mapping[str, object] | None = None,
) -> tuple[Sensitivity, np.ndarray, Trace]:
    """‖∂c_T/∂c_t‖ of the LSTM (every path), and ∏ f (the cell-state path alone, (T, u)), and the trace.

    Perturbing c_t also moves h_t = o_t ⊙ tanh(c_t), so the chain runs over the pair (h, c) and starts from
    the direction (diag(o_t(1 − tanh² c_t)), I).
    """
    trace = forward(params, x, h0, c0, overrides)
    steps, u = trace.steps, trace.units
    jacobians = np.empty((steps, u, u))
    product = np.eye(2 * u)  # ∂s_{T−1}/∂s_t, built from the end backwards
    for t in range(steps - 1, -1, -1):
        if t < steps - 1:
            product = product @ lstm_step_jacobian(params, trace, t + 1)
        start = np.vstack([np.diag(trace.o[t] * (1.0 - trace.tanh_c[t] ** 2)), np.eye(u)])  # ∂(h_t, c_t)/∂c_t
        jacobians[t] = product[u:] @ start
    full = Sensitivity(np.array([np.linalg.norm(j, ord=2) for j in jacobians]), jacobians)
    # ∏_{k=t+1..T−1} f_k: the reversed cumulative product of f, shifted by one step
    forget_products = np.ones_like(trace.f)
    forget_products[:-1] = np.cumprod(trace.f[:0:-1], axis=0)[::-1]
    return full, forget_products, trace


# --- finite differences: the independent check of the formulas above ----------------------------------


def rnn_finite_difference(
    params: RNNParams, x: np.ndarray, t: int, h0: np.ndarray | None = None, eps: float = 1e-6
) -> np.ndarray:
    """∂h_T/∂h_t by central differences: perturb h_t, run the rest of the sequence again."""
    x = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
    h = rnn_forward(params, x, h0)
    u = h.shape[1]
    jacobian = np.empty((u, u))
    for j in range(u):
        ends = []
        for sign in (1.0, -1.0):
            start = h[t].copy()
            start[j] += sign * eps
            rest = rnn_forward(params, x[t + 1 :], start) if t + 1 < len(x) else start[None]
            ends.append(rest[-1])
        jacobian[:, j] = (ends[0] - ends[1]) / (2 * eps)
    return jacobian


def lstm_finite_difference(
    params: LSTMParams,
    x: np.ndarray,
    t: int,
    h0: np.ndarray | None = None,
    c0: np.ndarray | None = None,
    overrides: Mapping[str, object] | None = None,
    eps: float = 1e-6,
) -> np.ndarray:
    """∂c_T/∂c_t by central differences: perturb c_t (and the h_t = o_t tanh(c_t) it gives), run on."""
    x = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
    trace = forward(params, x, h0, c0, overrides)
    steps, u = trace.steps, trace.units
    later = {
        name: np.broadcast_to(np.asarray(v, dtype=np.float64), (steps, u))[t + 1 :]
        for name, v in (overrides or {}).items()
    }
    jacobian = np.empty((u, u))
    for j in range(u):
        ends = []
        for sign in (1.0, -1.0):
            c_t = trace.c[t].copy()
            c_t[j] += sign * eps
            h_t = trace.o[t] * np.tanh(c_t)
            ends.append(forward(params, x[t + 1 :], h_t, c_t, later).c[-1] if t + 1 < steps else c_t)
        jacobian[:, j] = (ends[0] - ends[1]) / (2 * eps)
    return jacobian


def demo_cells(units: int, rnn_scale: float, forget_bias: float, seed: int = 0) -> tuple[RNNParams, LSTMParams]:
    """A plain RNN and an LSTM of the same size with seeded random weights, for side-by-side curves.

    The RNN's recurrent matrix is ``rnn_scale`` × an orthogonal matrix, so the scale is exactly its spectral
    norm (for one unit, U = rnn_scale). The LSTM's biases are 0 except the forget gate's, ``forget_bias``.
    """
    rng = np.random.default_rng(seed)
    orthogonal, _ = np.linalg.qr(rng.normal(size=(units, units)))
    orthogonal = orthogonal * np.sign(np.diag(orthogonal))  # for one unit: +1, so U = rnn_scale
    rnn = RNNParams(rng.normal(0, 1, (1, units)), rnn_scale * orthogonal, np.zeros(units))
    lstm = LSTMParams.random(units, 1, rng, scale=0.5)
    bias = np.zeros(4 * units)
    bias[units : 2 * units] = forget_bias
    return rnn, LSTMParams(lstm.kernel, lstm.recurrent_kernel, bias)
