"""The parallel form of a cell whose gates read only the input: h_t = a_t ⊙ h_{t−1} + b_t for every t at once.

When a and b do not depend on h (minGRU, minLSTM), the recurrence is a linear scan. Unrolled,

    h_t = (a_1 ⋯ a_t) ⊙ h_0 + Σ_{k≤t} (a_{k+1} ⋯ a_t) ⊙ b_k = e^{a*_t} ⊙ (h_0 + Σ_{k≤t} e^{log b_k − a*_k}),

with a*_t = Σ_{j≤t} log a_j. Heinsen (2023, "Efficient parallelization of a ubiquitous sequential computation",
arXiv 2311.06281) computes it in log space: one cumulative sum and one cumulative log-sum-exp, both of which a
parallel prefix scan computes in O(log T) steps on T processors. b > 0 (the candidate g(·) is positive) has a
logarithm; h_0 may have either sign, so its term stays outside the logarithm. Nothing here loops over time.
"""

from __future__ import annotations

import numpy as np

FLOOR = -700.0  # log a = −∞ (a gate pinned shut) is taken as e^−700 ≈ 1e−304: no −∞ − (−∞) in the scan


def log_sigmoid(z: np.ndarray) -> np.ndarray:
    """log σ(z) = −softplus(−z), without overflow."""
    return -np.logaddexp(0.0, -z)


def safe_log(values: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return np.log(values)


def linear_scan(log_a: np.ndarray, log_b: np.ndarray, h0: np.ndarray) -> np.ndarray:
    """h (T, u) of h_t = a_t h_{t−1} + b_t from log a and log b (T, u) and h_0 (u,), in log space."""
    a_star = np.cumsum(np.maximum(log_a, FLOOR), axis=0)
    with np.errstate(invalid="ignore", over="ignore"):
        summed = np.logaddexp.accumulate(log_b - a_star, axis=0)  # log Σ_{k≤t} e^{log b_k − a*_k}
        return np.exp(a_star) * h0 + np.exp(a_star + summed)
