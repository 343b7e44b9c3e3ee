"""Categorical cross-entropy as course document 001 works it: −log of the probability given to the true class."""

from __future__ import annotations

import numpy as np

TRUE_CLASS = 2  # the document's example: class 2 (Tony Blair)
DOCUMENT = {  # the document's predictions after softmax, and its losses rounded to 2 decimals
    "example": ((0.05, 0.10, 0.60, 0.15, 0.05, 0.03, 0.02), 0.51),
    "good": ((0.01, 0.02, 0.92, 0.02, 0.01, 0.01, 0.01), 0.08),
    "bad": ((0.30, 0.25, 0.15, 0.10, 0.10, 0.05, 0.05), 1.90),
}


def softmax(logits) -> np.ndarray:
    z = np.asarray(logits, dtype=np.float64)
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def loss(probabilities, true_class: int) -> float:
    """−Σ y_i log ŷ_i with a one-hot y: −log of the true class's probability (clipped as Keras clips, at 1e-7)."""
    p = np.clip(np.asarray(probabilities, dtype=np.float64), 1e-7, 1.0)
    return float(-np.log(p[true_class]))


def losses(probabilities: np.ndarray, truth: np.ndarray) -> np.ndarray:
    """The loss of every row (a model's softmax on every test image)."""
    p = np.clip(np.asarray(probabilities, dtype=np.float64), 1e-7, 1.0)
    return -np.log(p[np.arange(len(truth)), np.asarray(truth)])


def with_true_share(shares, true_class: int, p: float) -> np.ndarray:
    """The prediction with the true class's probability set to p and the others scaled to share the rest as they did."""
    shares = np.asarray(shares, dtype=np.float64)
    rest = np.delete(shares, true_class)
    return np.insert(rest / rest.sum() * (1.0 - p), true_class, p)


def logits_of(probabilities) -> np.ndarray:
    """Scores whose softmax is these probabilities (for sliders that start at the document's example)."""
    return np.log(np.clip(np.asarray(probabilities, dtype=np.float64), 1e-12, None))
