"""The peephole LSTM drawn: the LSTM's diagram with dashed wires from the cell state into the gates; the LSTM's
equations with a peephole term in each peeking gate's line."""

from __future__ import annotations

from collections.abc import Iterable

from lstm_viz.cells.display import Diagram, Equation, Wire
from lstm_viz.cells.drawing import GATE_Y, TOP
from lstm_viz.cells.drawing import lstm as full

PEEP = (  # dashed: the cell state reaching into the gates
    Wire("c_prev", ((1.9, TOP), (1.9, GATE_Y), (full.GATE_X["f"] - 0.45, GATE_Y)), dash=True),
    Wire("c_prev", ((1.9, 2.0), (3.45, 2.0), (3.45, GATE_Y), (full.GATE_X["i"] - 0.45, GATE_Y)), dash=True),
    Wire("c", ((7.3, TOP), (7.3, GATE_Y + 0.3)), "p ⊙ c", (7.0, 4.6), "end", dash=True),
)
DIAGRAM = Diagram(full.DIAGRAM.boxes, full.DIAGRAM.ops, (*full.DIAGRAM.wires, *PEEP))


def _peeping(equation: Equation) -> Equation:
    """The LSTM's gate line with the peephole term added (o reads the new c_t; i and f read c_{t−1})."""
    state, value = ("c_t", "{c}") if equation.part == "o" else ("c_{t−1}", "{c_prev}")
    symbol = equation.part
    general = equation.general.replace(f"+ b_{symbol})", f"+ p_{symbol} {state} + b_{symbol})")
    numbers = equation.numbers.replace(f"+ {{b.{symbol}}})", f"+ {{P.{symbol}}}·{value} + {{b.{symbol}}})")
    return Equation(equation.part, general, numbers)


def equations(peepholes: Iterable[str]) -> tuple[Equation, ...]:
    """The LSTM's lines, those of the gates in ``peepholes`` with their peephole term."""
    peeking = set(peepholes)
    return tuple(_peeping(equation) if equation.part in peeking else equation for equation in full.EQUATIONS)


BACK_EQUATIONS = full.back_equations(peep=True)
