"""The coupled-gate LSTM drawn: the LSTM without its forget layer; f = 1 − i comes off the input gate's wire."""

from __future__ import annotations

from lstm_viz.cells.display import Box, Diagram, Equation, Op, Wire
from lstm_viz.cells.drawing import GATE_Y, TOP, feeds, inputs
from lstm_viz.cells.drawing import lstm as full

GATE_X = {part: full.GATE_X[part] for part in ("i", "c_tilde", "o")}
ONE_MINUS = (full.GATE_X["f"], 3.3)

DIAGRAM = Diagram(
    boxes=tuple(Box(part, x, GATE_Y) for part, x in GATE_X.items()),
    ops=(Op("1−", *ONE_MINUS), *full.DIAGRAM.ops),
    wires=(
        *inputs(GATE_X["o"]),
        *feeds(*GATE_X.values()),
        Wire("i", ((GATE_X["i"], ONE_MINUS[1]), (ONE_MINUS[0] + 0.25, ONE_MINUS[1]))),
        Wire("f", ((ONE_MINUS[0], ONE_MINUS[1] + 0.25), (ONE_MINUS[0], TOP - 0.25)), "f = 1−i", (2.7, 4.0)),
        *full.WRITE,
        *full.STATE_LINE,
        *full.OUTPUT,
    ),
)

EQUATIONS = (
    full.EQUATIONS[0],
    Equation("f", "f_{t*} = 1 − i_{t*}", "= 1 − {i} = {f}"),
    *full.EQUATIONS[2:],
)

BACK_EQUATIONS = full.back_equations(forget="coupled")
