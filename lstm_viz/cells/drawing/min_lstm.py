"""minLSTM drawn as minGRU (lstm_viz.cells.drawing.min_gru): f and i are normalised into the shares f′ and i′ of the
old state and the candidate; no c, no output gate, and the bus carries x alone."""

from __future__ import annotations

from lstm_viz.cells.display import Box, Diagram, Equation, Op, Wire
from lstm_viz.cells.drawing import DELTA_H, GATE_Y, TOP
from lstm_viz.cells.drawing.min_gru import PLUS, TIMES_KEEP, TIMES_WRITE, bus, state_line

GATE_X = {"f": 2.6, "i": 4.6, "h_tilde": 6.6}
NORM = (3.6, 3.9)  # f′ = f / (f + i), i′ = i / (f + i)
DIAGRAM = Diagram(
    boxes=tuple(Box(part, x, GATE_Y) for part, x in GATE_X.items()),
    ops=(Op("×", *TIMES_KEEP), Op("+", *PLUS), Op("÷", *NORM), Op("×", *TIMES_WRITE)),
    wires=(
        *bus(*GATE_X.values()),
        Wire("f", ((2.6, GATE_Y + 0.3), (2.6, NORM[1]), (NORM[0] - 0.25, NORM[1])), "f", (2.7, 3.2)),
        Wire("i", ((4.6, GATE_Y + 0.3), (4.6, NORM[1]), (NORM[0] + 0.25, NORM[1])), "i", (4.7, 3.2)),
        Wire("f_norm", ((NORM[0], NORM[1] + 0.25), (NORM[0], TOP - 0.25)), "f′", (3.7, 4.55)),
        Wire("i_norm", ((NORM[0], NORM[1] - 0.25), (NORM[0], 3.5), (5.6, 3.5)), arrow=False),
        *state_line("f′⊙h_{t−1}", "i′⊙h̃", "i_norm", "i′"),
    ),
)

EQUATIONS = (
    Equation("f", "f_{t*} = σ(W_f x_t + b_f)", "= σ({W.f}·{x} + {b.f}) = σ({pre_f}) = {f}"),
    Equation("i", "i_{t*} = σ(W_i x_t + b_i)", "= σ({W.i}·{x} + {b.i}) = σ({pre_i}) = {i}"),
    Equation(
        "h_tilde",
        "h̃_{t*} = g(W_h x_t + b_h)",
        "= g({W.h_tilde}·{x} + {b.h_tilde}) = g({pre_h_tilde}) = {h_tilde}",
    ),
    Equation("f_norm", "f′_{t*} = f / (f + i)", "= {f} / ({f} + {i}) = {f_norm}"),
    Equation("i_norm", "i′_{t*} = i / (f + i)", "= {i} / ({f} + {i}) = {i_norm}"),
    Equation("h", "h_{t*} = f′ ⊙ h_{t−1} + i′ ⊙ h̃", "= {f_norm}·{h_prev} + {i_norm}·{h_tilde} = {h}"),
)

BACK_EQUATIONS = (
    DELTA_H,
    Equation("f_norm", "δf′_{t*} = δh_t ⊙ h_{t−1}", "= {d_h}·{h_prev} = {d_f_norm}"),
    Equation("i_norm", "δi′_{t*} = δh_t ⊙ h̃_t", "= {d_h}·{h_tilde} = {d_i_norm}"),
    Equation("h_prev", "δh_{t−1←t} = δh_t ⊙ f′_t", "= {d_h}·{f_norm} = {d_h_prev}"),
)
