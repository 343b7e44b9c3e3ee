"""What the cell kinds share when they declare themselves: colours, default weights, and Keras's plain layout.

Colours are the Okabe–Ito palette (safe for the common colour-vision deficiencies): one colour per kind of part on
every page. The diagram's grid is in lstm_viz.cells.drawing.
"""

from __future__ import annotations

import numpy as np

from lstm_viz.cells.base import ArraySpec, Weights

GREY = "#555555"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
PURPLE = "#CC79A7"
ORANGE = "#E69F00"
SKY = "#56B4E9"
BLACK = "#000000"


def default_arrays(
    specs: tuple[ArraySpec, ...],
    input_dim: int,
    units: int,
    kernel: tuple[float, ...],
    recurrent: float,
    bias: tuple[float, ...],
    **others: tuple[float, ...],
) -> dict[str, np.ndarray]:
    """Arrays of a fresh cell: per block, unit 1 gets the given input weight and bias; further units get varied
    copies (so several units do not all draw the same line); each unit feeds back to itself with ``recurrent``.

    ``others`` gives per-block values of further vectors (the GRU's recurrent bias, the peepholes).
    """
    scales = np.array([1.0, -0.7, 0.5, -1.2])[np.arange(units) % 4]  # unit k's input weights: scale_k × unit 1's
    arrays = {}
    for spec in specs:
        shape = spec.shape(input_dim, units)
        blocks = len(spec.blocks)
        if spec.rows == "input":
            per_block = np.asarray(kernel, dtype=np.float64)[:blocks]
            value = np.kron(per_block, scales)[None, :].repeat(input_dim, axis=0) / input_dim
        elif spec.rows == "units":
            value = np.kron(np.ones(blocks), np.eye(units)) * recurrent
        else:
            per_block = np.asarray(others.get(spec.name, bias), dtype=np.float64)[:blocks]
            value = np.repeat(per_block, units)
        arrays[spec.name] = value.reshape(shape)
    return arrays


def from_keras(weights: list[np.ndarray]) -> dict[str, np.ndarray]:
    """``layer.get_weights()`` of a layer kept as kernel, recurrent kernel and bias (``keras.layers.LSTM``,
    ``SimpleRNN``); a zero bias when the layer has none (``use_bias=False``)."""
    kernel, recurrent_kernel = weights[0], weights[1]
    bias = weights[2] if len(weights) > 2 else np.zeros(kernel.shape[1])
    return {"kernel": kernel, "recurrent_kernel": recurrent_kernel, "bias": bias}


def to_keras(w: Weights) -> list[np.ndarray]:
    """What ``layer.set_weights()`` of such a layer takes."""
    return [w.kernel, w.recurrent_kernel, w.bias]
