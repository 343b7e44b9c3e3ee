"""Direct NumPy transcriptions of the 2024 cells' reference implementations (PyTorch there, NumPy here, line by line,
with the reference's names), written from the reference files and not from lstm_viz's modules. The tests and
bench/cells.py compare lstm_viz's kinds with them.

- sLSTM: NX-AI/xlstm, ``xlstm/blocks/slstm/src/vanilla/slstm.py``, ``slstm_forward_pointwise``; the loop around it
  (Wx and Ry = y·R, the states stacked as (y, c, n, m)) as its ``slstm_forward`` in the same file.
- mLSTM: NX-AI/xlstm, ``xlstm/blocks/mlstm/backends.py``, ``recurrent_step_stabilized_simple``.
- linear attention: idiap/fast-transformers, ``fast_transformers/recurrent/attention/self_attention/
  linear_attention.py``, ``RecurrentLinearAttention.forward`` and ``elu_feature_map``.
- minGRU, minLSTM: BorealisAI/minRNNs, ``models/minRNNs.py``, ``minGRU.forward`` / ``minLSTM.forward`` (both
  branches: ``seq_len == 1`` with ``prev_state``, and the parallel one), ``g`` / ``log_g`` of ``models/helpers.py``
  and ``associative_scan_log`` (Heinsen's scan) of ``models/associative_scan.py``.

A pin (the explorer's "what if z were 0.3?") is put where the reference computes that value; the reference has none.
"""

from __future__ import annotations

import numpy as np


def torch_sigmoid(v):
    return 1.0 / (1.0 + np.exp(-v))


def softplus(v):
    return np.logaddexp(0.0, v)


def logsigmoid(v):
    return -softplus(-v)


def g(x):
    return np.where(x >= 0, x + 0.5, torch_sigmoid(x))


def log_g(x):
    return np.where(x >= 0, np.log(np.maximum(x, 0.0) + 0.5), -softplus(-x))


def slstm_forward_pointwise(Wx, Ry, b, states, pins):
    raw = Wx + Ry + b
    _y, c, n, m = states  # (y, the previous h, entered through Ry)
    iraw, fraw, zraw, oraw = np.split(raw, 4)
    logfplusm = m + logsigmoid(fraw)
    if np.all(n == 0.0):
        mnew = iraw
    else:
        mnew = np.maximum(iraw, logfplusm)
    ogate = pins.get("o", torch_sigmoid(oraw))
    igate = np.minimum(np.exp(iraw - mnew), np.ones_like(iraw))
    fgate = np.minimum(np.exp(logfplusm - mnew), np.ones_like(iraw))
    cnew = fgate * c + igate * pins.get("z", np.tanh(zraw))
    nnew = fgate * n + igate
    ynew = ogate * cnew / nnew
    return (ynew, cnew, nnew, mnew), (igate, fgate, zraw, ogate)


def slstm(W, R, b, x, states, pins=None):
    """y (T, u) of the loop: states (y, c, n, m) start as given."""
    pins, out = pins or {}, []
    for t in range(len(x)):
        states, _ = slstm_forward_pointwise(x[t] @ W, states[0] @ R, b, states, pins)
        out.append(states[0])
    return np.array(out)


def min_gru_sequential(kernel, bias, x, h0, pins=None):
    """``minGRU.forward`` one step at a time (``seq_len == 1`` with ``prev_state``), the Linear as x·kernel + bias."""
    pins, out, prev_hidden = pins or {}, [], h0
    for t in range(len(x)):
        hidden, gate = np.split(x[t] @ kernel + bias, 2)
        tilde_h = pins.get("h_tilde", g(hidden))
        gate = pins.get("z", torch_sigmoid(gate))
        prev_hidden = (1 - gate) * prev_hidden + gate * tilde_h
        out.append(prev_hidden)
    return np.array(out)


def associative_scan_log(log_coeffs, log_values):
    a_star = np.cumsum(log_coeffs, axis=0)
    log_h0_plus_b_star = np.logaddexp.accumulate(log_values - a_star, axis=0)
    return a_star + log_h0_plus_b_star


def min_gru_parallel(kernel, bias, x, h0):
    """``minGRU.forward``'s parallel branch with ``prev_state`` (h0 > 0: its log is prepended)."""
    hidden, gate = np.split(x @ kernel + bias, 2, axis=-1)
    log_coeffs = -softplus(gate)
    log_z = -softplus(-gate)
    log_tilde_h = log_g(hidden)
    log_values = np.concatenate([np.log(h0)[None], log_z + log_tilde_h])
    log_coeffs = np.concatenate([np.zeros_like(h0)[None], log_coeffs])
    return np.exp(associative_scan_log(log_coeffs, log_values))[1:]


def min_lstm_sequential(kernel, bias, x, h0, pins=None):
    """``minLSTM.forward`` one step at a time, ``use_coeff_norm=True``."""
    pins, out, prev_hidden = pins or {}, [], h0
    for t in range(len(x)):
        hidden, forget_gate, input_gate = np.split(x[t] @ kernel + bias, 3)
        tilde_h = pins.get("h_tilde", g(hidden))
        input_gate = pins.get("i", torch_sigmoid(input_gate))
        forget_gate = pins.get("f", torch_sigmoid(forget_gate))
        norm = forget_gate + input_gate
        forget_gate, input_gate = forget_gate / norm, input_gate / norm
        prev_hidden = forget_gate * prev_hidden + input_gate * tilde_h
        out.append(prev_hidden)
    return np.array(out)


def min_lstm_parallel(kernel, bias, x, h0):
    """``minLSTM.forward``'s parallel branch, ``use_coeff_norm=True``, with ``prev_state`` (h0 > 0)."""
    hidden, forget_gate, input_gate = np.split(x @ kernel + bias, 3, axis=-1)
    diff = softplus(-forget_gate) - softplus(-input_gate)
    log_coeffs = -softplus(diff)
    log_val_coeffs = -softplus(-diff)
    log_values = np.concatenate([np.log(h0)[None], log_val_coeffs + log_g(hidden)])
    log_coeffs = np.concatenate([np.zeros_like(h0)[None], log_coeffs])
    return np.exp(associative_scan_log(log_coeffs, log_values))[1:]


def recurrent_step_stabilized_simple(c_state, n_state, m_state, q, k, v, igate_preact, fgate_preact, eps=1e-6):
    """xlstm/blocks/mlstm/backends.py, one head, batch 1: c (DH, DH) = Σ k vᵀ, n (DH, 1), m (1, 1); q, k, v (DH,)."""
    DH = q.shape[0]
    q, k, v = q[:, None], k[:, None], v[:, None]  # (DH, 1)
    log_fg_act = logsigmoid(fgate_preact)
    m_state_new = np.maximum(log_fg_act + m_state, igate_preact)
    fg_act = np.exp(log_fg_act + m_state - m_state_new)
    ig_act = np.exp(igate_preact - m_state_new)
    k_scaled = k / np.sqrt(DH)
    c_state_new = fg_act * c_state + ig_act * (k_scaled @ v.T)
    n_state_new = fg_act * n_state + ig_act * k_scaled
    h_num = q.T @ c_state_new  # (1, DH)
    qn_dotproduct = q.T @ n_state_new
    max_val = np.exp(-m_state_new)
    h_denom = np.maximum(np.abs(qn_dotproduct), max_val) + eps
    h = h_num / h_denom
    return h[0], (c_state_new, n_state_new, m_state_new)


def mlstm(kernel, bias, x, initial, pins):
    """The mLSTM layer around the reference's step: q, k, v, o, ĩ, f̃ from one projection of x (lstm_viz's layout:
    blocks q, k, v, o of u columns, then ĩ and f̃); the paper's C = v kᵀ is the reference's c transposed; h = o ⊙ h̃."""
    u = (kernel.shape[1] - 2) // 4
    c = np.asarray(initial["C"], dtype=np.float64).reshape(u, u).T  # the reference's orientation
    n = np.asarray(initial["n"], dtype=np.float64)[:, None]
    m = np.full((1, 1), np.asarray(initial["m"], dtype=np.float64).reshape(-1)[0])
    out = []
    for t in range(len(x)):
        z = x[t] @ kernel + bias
        q, k, v, pre_o = (z[j * u : (j + 1) * u] for j in range(4))
        h_tilde, (c, n, m) = recurrent_step_stabilized_simple(c, n, m, q, k, v, z[4 * u], z[4 * u + 1])
        out.append(pins.get("o", torch_sigmoid(pre_o)) * h_tilde)
    return np.array(out)


def elu_feature_map(x):
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0.0))) + 1  # torch.nn.functional.elu(x) + 1


def recurrent_linear_attention(query, key, value, state, eps=1e-6):
    """fast_transformers/recurrent/attention/self_attention/linear_attention.py, ``RecurrentLinearAttention.forward``
    for one head and batch 1: Si (D, M) = Σ φ(k) vᵀ, Zi (D,)."""
    Q, K = elu_feature_map(query), elu_feature_map(key)
    Si, Zi = state
    Zi = Zi + K
    Si = Si + np.einsum("d,m->dm", K, value)
    Z = 1.0 / (np.einsum("d,d->", Q, Zi) + eps)
    V = np.einsum("d,dm,->m", Q, Si, Z)
    return V, [Si, Zi]


def linear_attention(kernel, bias, x, initial):
    """The layer around it: q, k, v from one projection of x (blocks q, k, v); lstm_viz's S is the reference's Si
    transposed."""
    u = kernel.shape[1] // 3
    state = [np.asarray(initial["S"], dtype=np.float64).reshape(u, u).T, np.asarray(initial["z"], dtype=np.float64)]
    out = []
    for t in range(len(x)):
        q, k, v = np.split(x[t] @ kernel + bias, 3)
        h, state = recurrent_linear_attention(q, k, v, state)
        out.append(h)
    return np.array(out)


def reference_h(weights, x, initial, pins=None):
    """h (T, u) of a 2024 kind's reference, for lstm_viz Weights of that kind."""
    a, key = weights.arrays, weights.kind.key
    if key == "mlstm":
        return mlstm(a["kernel"], a["bias"], x, initial, pins or {})
    if key == "linear_attention":
        return linear_attention(a["kernel"], a["bias"], x, initial)
    if key == "slstm":
        states = tuple(np.asarray(initial[s], dtype=np.float64) for s in ("h", "c", "n", "m"))
        return slstm(a["kernel"], a["recurrent_kernel"], a["bias"], x, states, pins)
    sequential = {"min_gru": min_gru_sequential, "min_lstm": min_lstm_sequential}[key]
    return sequential(a["kernel"], a["bias"], x, np.asarray(initial["h"], dtype=np.float64), pins)


def reference_parallel_h(weights, x, h0):
    parallel = {"min_gru": min_gru_parallel, "min_lstm": min_lstm_parallel}[weights.kind.key]
    return parallel(weights.arrays["kernel"], weights.arrays["bias"], x, h0)
