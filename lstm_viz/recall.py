"""Associative recall, the task the mLSTM's matrix memory is for (Beck et al. 2024, xLSTM): store two key → value
pairs, then read each value back by its key.

A task is four steps of four features (key₁, key₂, value, write):

    write A: (k_A, a, 1)    write B: (k_B, b, 1)    query: (k_B, 0, 0)    query: (k_A, 0, 0)

k_A and k_B are perpendicular unit keys at a random angle, a and b values in [−0.8, 0.8] (an LSTM's h stays within
±1), and the queries come in either order. The answer to a query is unit 1's h at its step.

``MLSTM`` solves it by hand: q and k are the key, v the value; the write feature opens the exponential input gate
(ĩ = 5, else −5: i′ = e⁻¹⁰ on a query), f and o stay open, so C = (a, 0) k_Aᵀ + (b, 0) k_Bᵀ (k = key / √2) and
C q reads back the value whose key matches q (on a write step, the value just written). Every weight is within the
sliders' ±10.

``LSTM_ARRAYS`` are an LSTM of the same 2 units trained by Keras on 20,000 such tasks (bench/recall.py says how,
and what it reaches): its state is two numbers per step, not a 2 × 2 matrix addressed by content.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # (lstm_viz.cells reads this module: its mLSTM declares the task's preset)
    from lstm_viz.cells.base import Weights

STEPS, FEATURES, QUERIES = 4, 4, (2, 3)
INPUT = "0.6, 0.8, 0.7, 1 | -0.8, 0.6, -0.4, 1 | -0.8, 0.6, 0, 0 | 0.6, 0.8, 0, 0"  # the preset's: B then A asked

MLSTM = {  # kernel (4, 10): columns q q k k v v o o i f; rows key₁, key₂, value, write
    "kernel": (
        (1, 0, 1, 0, 0, 0, 0, 0, 0, 0),
        (0, 1, 0, 1, 0, 0, 0, 0, 0, 0),
        (0, 0, 0, 0, 1, 0, 0, 0, 0, 0),
        (0, 0, 0, 0, 0, 0, 0, 0, 10, 0),
    ),
    "bias": (0, 0, 0, 0, 0, 0, 10, 10, -5, 10),
}


def tasks(count: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``count`` random tasks: inputs (count, 4, 4) and the two answers (count, 2), in the queries' order."""
    angle = rng.uniform(0.0, 2 * np.pi, count)
    key_a = np.stack([np.cos(angle), np.sin(angle)], axis=1)
    key_b = np.stack([-np.sin(angle), np.cos(angle)], axis=1)
    a, b = rng.uniform(-0.8, 0.8, count), rng.uniform(-0.8, 0.8, count)
    x = np.zeros((count, STEPS, FEATURES))
    x[:, 0, :2], x[:, 0, 2], x[:, 0, 3] = key_a, a, 1.0
    x[:, 1, :2], x[:, 1, 2], x[:, 1, 3] = key_b, b, 1.0
    a_first = rng.random(count) < 0.5
    x[:, 2, :2] = np.where(a_first[:, None], key_a, key_b)
    x[:, 3, :2] = np.where(a_first[:, None], key_b, key_a)
    answers = np.stack([np.where(a_first, a, b), np.where(a_first, b, a)], axis=1)
    return x, answers


def answers(weights: Weights, x: np.ndarray) -> np.ndarray:
    """Unit 1's h at the two query steps of each task (count, 2), by the NumPy cell."""
    from lstm_viz.cells.base import forward

    return np.array([forward(weights, task).h[list(QUERIES), 0] for task in x])


def rmse(weights: Weights, x: np.ndarray, expected: np.ndarray) -> float:
    return float(np.sqrt(np.mean((answers(weights, x) - expected) ** 2)))


LSTM_ARRAYS: dict[str, tuple] = {  # bench/recall.py --units 2 --print-weights (seeded Keras fit, 4 digits as a link)
    "kernel": (
        (0.8692, 0.9228, -0.0096, -0.0629, -0.068, -0.0379, -0.2045, 1.19),
        (2.396, 3.218, -2.748, -4.408, -0.4491, -0.1305, -0.4069, -0.9606),
        (-2.491, 0.4702, -3.114, 1.196, 0.0882, -0.5715, -0.8008, -0.3008),
        (-1.372, -3.841, -3.713, 3.42, -1.271, -0.304, 6.457, -3.588),
    ),
    "recurrent_kernel": (
        (8.576, 6.31, -1.814, -0.0687, 0.2242, -0.0663, 3.35, -1.387),
        (9.628, 3.087, 10.0, 8.013, -5.947, -2.893, -6.564, 2.182),
    ),
    "bias": (8.394, 6.905, 2.05, 2.656, 0.6184, 0.129, 4.344, 2.376),
}


def _weights(kind: str, arrays: dict) -> Weights:
    from lstm_viz import cells
    from lstm_viz.cells.base import Weights

    return Weights(cells.kind(kind), {name: np.array(v, dtype=np.float64) for name, v in arrays.items()})


def mlstm() -> Weights:
    """The hand-set 2-unit mLSTM (``MLSTM``)."""
    return _weights("mlstm", MLSTM)


def lstm() -> Weights:
    """The trained 2-unit LSTM (Keras's layout: kernel (4, 8), recurrent kernel (2, 8), bias (8,); i, f, c, o)."""
    return _weights("lstm", LSTM_ARRAYS)
