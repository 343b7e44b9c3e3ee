"""The plain RNN drawn: one layer on the bus, h leaving along the top; one equation."""

from __future__ import annotations

from lstm_viz.cells.display import Box, Diagram, Equation, Wire
from lstm_viz.cells.drawing import BUS, DELTA_H, GATE_Y, output_up

DIAGRAM = Diagram(
    boxes=(Box("h", 5.6, GATE_Y),),
    ops=(),
    wires=(
        Wire("h_prev", ((0.0, BUS), (5.6, BUS), (5.6, GATE_Y - 0.3)), "h_{t−1}", (0.05, BUS + 0.3)),
        Wire("x", ((3.0, 0.0), (3.0, BUS)), "x_{t}", (3.1, 0.3)),
        Wire("h", ((5.6, GATE_Y + 0.3), (5.6, 4.6), (12.0, 4.6)), "h_{t}", (9.6, 4.95)),
        output_up(10.3, 4.6),
    ),
)

EQUATIONS = (
    Equation("h", "h_{t*} = act(W x_t + U h_{t−1} + b)", "= act({W.h}·{x} + {U.h}·{H} + {b.h}) = act({pre_h}) = {h}"),
)

BACK_EQUATIONS = (
    DELTA_H,
    Equation("pre_h", "δz_{t*} = δh_t ⊙ act′(z_t)", "= {d_h}·act′({pre_h}) = {d_pre_h}"),
    Equation("h_prev", "δh_{t−1←t} = U · δz_t", "= {d_h_prev}"),
)
