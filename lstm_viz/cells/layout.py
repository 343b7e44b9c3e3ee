"""What the cell kinds share when they declare themselves: colours, the diagram's grid, and default weights.

Colours are the Okabe–Ito palette (safe for the common colour-vision deficiencies): one colour per kind of part on
every page. The diagram's grid follows colah's drawings: the state line on top (y = 5.4), the layers in the middle
(y = 2.6), the bus that carries [h_{t−1}, x_t] at the bottom (y = 1.2), on a 12 × 7 canvas.
"""

from __future__ import annotations

import numpy as np

from lstm_viz.cells.base import ArraySpec, Wire

GREY = "#555555"
BLUE = "#0072B2"
VERMILLION = "#D55E00"
GREEN = "#009E73"
PURPLE = "#CC79A7"
ORANGE = "#E69F00"
SKY = "#56B4E9"
BLACK = "#000000"

TOP, GATE_Y, BUS = 5.4, 2.6, 1.2  # the state line, the layers, the input bus
BOX_HALF_WIDTH, BOX_HALF_HEIGHT, OP_RADIUS = 0.45, 0.3, 0.25


def inputs(bus_end: float, x_at: float = 1.5) -> tuple[Wire, ...]:
    """h_{t−1} along the bus and x_t joining it from below."""
    return (
        Wire("h_prev", ((0.0, BUS), (bus_end, BUS)), "h_{t−1}", (0.05, BUS + 0.3), arrow=False),
        Wire("x", ((x_at, 0.0), (x_at, BUS)), "x_{t}", (x_at + 0.1, 0.3)),
    )


def feeds(*xs: float) -> tuple[Wire, ...]:
    """The plain connectors from the bus up into the layers at these x positions."""
    return tuple(Wire("", ((x, BUS), (x, GATE_Y - BOX_HALF_HEIGHT))) for x in xs)


def output_up(x: float, y: float) -> Wire:
    """h leaving the cell upwards (to the next layer)."""
    return Wire("h", ((x, y), (x, 7.0)))


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
