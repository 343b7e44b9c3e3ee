"""The LSTM without an output activation drawn: the LSTM's diagram with c going straight to the output ×."""

from __future__ import annotations

from lstm_viz.cells.display import Diagram, Equation, Wire
from lstm_viz.cells.drawing import GATE_Y, TOP
from lstm_viz.cells.drawing import lstm as full

DIAGRAM = Diagram(
    boxes=full.DIAGRAM.boxes,
    ops=tuple(op for op in full.DIAGRAM.ops if op.symbol != "act"),
    wires=(
        *(wire for wire in full.DIAGRAM.wires if wire.value not in ("act_c", "c") or wire.label == "c_{t}"),
        Wire("c", ((full.ACT[0], TOP), (full.TIMES_O[0], GATE_Y + 0.25)), "c", (full.ACT[0] + 0.12, 3.9)),
    ),
)

EQUATIONS = (*full.EQUATIONS[:-1], Equation("h", "h_{t*} = o ⊙ c_t", "= {o}·{c} = {h}"))

BACK_EQUATIONS = full.back_equations(squash=False)
