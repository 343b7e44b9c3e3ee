"""How each cell kind is drawn and written out: its diagram and its equations, one module per kind (named as the
kind's math module, whose ``KIND`` reads ``DIAGRAM`` and ``EQUATIONS`` from it).

The diagram's grid follows colah's drawings (Olah, 2015, "Understanding LSTM Networks"): the state line on top
(y = 5.4), the layers in the middle (y = 2.6), the bus that carries [h_{t−1}, x_t] at the bottom (y = 1.2), on a
12 × 7 canvas, y upwards. The equations are mini-TeX (lstm_viz.mathml) with placeholders for the live numbers
(lstm_viz.cells.base.Equation). Nothing here computes a value of the cell.
"""

from __future__ import annotations

from collections.abc import Mapping

from lstm_viz.cells.display import Equation, Wire

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


def box_output(
    gate_x: Mapping[str, float], part: str, label: str, *points: tuple[float, float], label_at=None, anchor="start"
) -> Wire:
    """A layer's output, from the top of its box (at ``gate_x[part]``) along ``points``."""
    x = gate_x[part]
    return Wire(part, ((x, GATE_Y + BOX_HALF_HEIGHT), *points), label, label_at or (x + 0.1, 3.3), anchor)


def output_up(x: float, y: float) -> Wire:
    """h leaving the cell upwards (to the next layer)."""
    return Wire("h", ((x, y), (x, 7.0)))


# The backward step (issue 29), read by the scene's backward mode: δv is ∂L/∂v at this step; δv_{t←t+1} is what
# reached v from the later steps, ∂L_t/∂h_t the loss's own share at this step. Placeholders: {d_v} is δv, {later_v}
# and {loss_v} the two shares, every other one as in the forward equations.
DELTA_H = Equation("h", "δh_{t*} = ∂L_t/∂h_t + δh_{t←t+1}", "= {loss_h} + {later_h} = {d_h}")
