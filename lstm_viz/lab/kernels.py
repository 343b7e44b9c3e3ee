"""What one step of the faces LSTM looks at: the first layer's input kernel, one 47-pixel row filter per gate and
unit (Keras's layout: kernel (47, 4u), blocks i, f, c, o)."""

from __future__ import annotations

import numpy as np

GATES = ("i", "f", "c_tilde", "o")


def row_filters(kernel: np.ndarray, units: list[int]) -> dict[str, np.ndarray]:
    """gate → (len(units), pixels): the weights each chosen unit's gate gives to each pixel of a row."""
    kernel = np.asarray(kernel)
    size = kernel.shape[1] // 4
    return {gate: np.stack([kernel[:, k * size + unit] for unit in units]) for k, gate in enumerate(GATES)}
