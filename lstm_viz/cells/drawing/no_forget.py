"""The 1997 LSTM drawn: the LSTM without its forget layer and its × on the state line; c only adds."""

from __future__ import annotations

from lstm_viz.cells.display import Box, Diagram, Equation, Op, Wire
from lstm_viz.cells.drawing import GATE_Y, TOP, feeds, inputs
from lstm_viz.cells.drawing import lstm as full

GATE_X = {part: full.GATE_X[part] for part in ("i", "c_tilde", "o")}

DIAGRAM = Diagram(
    boxes=tuple(Box(part, x, GATE_Y) for part, x in GATE_X.items()),
    ops=(Op("+", *full.PLUS), Op("×", *full.TIMES_I), Op("act", *full.ACT), Op("×", *full.TIMES_O)),
    wires=(
        *inputs(GATE_X["o"]),
        *feeds(*GATE_X.values()),
        *full.WRITE,
        Wire("c_prev", ((0.0, TOP), (full.PLUS[0] - 0.25, TOP)), "c_{t−1}", (0.05, TOP + 0.35)),
        full.STATE_LINE[-1],
        *full.OUTPUT,
    ),
)

EQUATIONS = (
    *(equation for equation in full.EQUATIONS if equation.part in ("i", "c_tilde", "o")),
    Equation("c", "c_{t*} = c_{t−1} + i ⊙ c̃", "= {c_prev} + {i}·{c_tilde} = {c_prev} + {written} = {c}"),
    full.EQUATIONS[-1],
)

BACK_EQUATIONS = full.back_equations(forget="none")
