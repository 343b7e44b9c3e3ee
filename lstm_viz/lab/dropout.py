"""Dropout as Keras does it ("inverted dropout"): while training, each value is zeroed with probability ``rate`` and
the kept ones are scaled by 1 / (1 − rate), so that the layer's expected output is the same at test time, when
nothing is dropped. Course document 001's example drops 30 % but does not scale; the page shows both."""

from __future__ import annotations

import numpy as np

RATE = 0.3
DOCUMENT_VECTOR = (0.5, 0.3, -0.2, 0.8, 0.1, -0.4)
DOCUMENT_DROPPED = (False, True, False, True, False, False)  # the document zeroes the 2nd and 4th values


def apply(values, dropped, rate: float = RATE) -> np.ndarray:
    """The training-time output: dropped values 0, kept ones × 1/(1 − rate)."""
    values = np.asarray(values, dtype=np.float64)
    return np.where(np.asarray(dropped, dtype=bool), 0.0, values / (1.0 - rate))


def document_version(values, dropped) -> np.ndarray:
    """What the document writes: dropped values 0, kept ones unchanged (no scaling)."""
    return np.where(np.asarray(dropped, dtype=bool), 0.0, np.asarray(values, dtype=np.float64))


def masks(size: int, count: int, rate: float = RATE, seed: int = 0) -> np.ndarray:
    """``count`` random masks (True: dropped), each value dropped with probability ``rate``."""
    return np.random.default_rng(seed).random((count, size)) < rate
