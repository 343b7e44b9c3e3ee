"""The GRU drawn: h on the top line, kept (×z) or replaced by the candidate (×(1−z)); the reset gate scales
h_{t−1}'s share before the candidate's layer. Its four equations (Keras's reset_after=True, with both biases)."""

from __future__ import annotations

from lstm_viz.cells.display import Box, Diagram, Equation, Op, Wire
from lstm_viz.cells.drawing import BUS, DELTA_H, GATE_Y, TOP, feeds, output_up

GATE_X = {"r": 2.2, "z": 3.6, "h_tilde": 6.6}
TIMES_KEEP, PLUS, ONE_MINUS, TIMES_WRITE, TIMES_RESET = (3.6, TOP), (7.6, TOP), (5.0, 4.2), (6.6, 4.2), (5.5, GATE_Y)
DIAGRAM = Diagram(
    boxes=tuple(Box(part, x, GATE_Y) for part, x in GATE_X.items()),
    ops=(
        Op("×", *TIMES_KEEP),
        Op("+", *PLUS),
        Op("1−", *ONE_MINUS),
        Op("×", *TIMES_WRITE),
        Op("×", *TIMES_RESET),
    ),
    wires=(
        Wire("h_prev", ((0.0, TOP), (TIMES_KEEP[0] - 0.25, TOP)), "h_{t−1}", (0.05, TOP + 0.35)),
        Wire("h_prev", ((1.0, TOP), (1.0, BUS), (GATE_X["h_tilde"], BUS)), arrow=False),
        Wire("x", ((1.6, 0.0), (1.6, BUS)), "x_{t}", (1.7, 0.3)),
        *feeds(GATE_X["r"], GATE_X["z"], GATE_X["h_tilde"]),
        Wire("recurrent_h", ((TIMES_RESET[0], BUS), (TIMES_RESET[0], GATE_Y - 0.25))),
        Wire(
            "r",
            ((2.2, GATE_Y + 0.3), (2.2, 3.5), (TIMES_RESET[0], 3.5), (TIMES_RESET[0], GATE_Y + 0.25)),
            "r",
            (2.3, 3.15),
        ),
        Wire("reset_h", ((TIMES_RESET[0] + 0.25, GATE_Y), (GATE_X["h_tilde"] - 0.45, GATE_Y))),
        Wire("z", ((3.6, GATE_Y + 0.3), (3.6, TOP - 0.25)), "z", (3.7, 3.0)),
        Wire("z", ((3.6, ONE_MINUS[1]), (ONE_MINUS[0] - 0.25, ONE_MINUS[1])), arrow=True),
        Wire(
            "one_minus_z",
            ((ONE_MINUS[0] + 0.25, ONE_MINUS[1]), (TIMES_WRITE[0] - 0.25, TIMES_WRITE[1])),
            "1−z",
            (5.35, 4.45),
        ),
        Wire("h_tilde", ((6.6, GATE_Y + 0.3), (6.6, TIMES_WRITE[1] - 0.25)), "h̃", (6.7, 3.3)),
        Wire(
            "written",
            ((6.6, TIMES_WRITE[1] + 0.25), (6.6, 4.9), (PLUS[0], 4.9), (PLUS[0], TOP - 0.25)),
            "(1−z)⊙h̃",
            (7.7, 4.55),
        ),
        Wire("kept", ((TIMES_KEEP[0] + 0.25, TOP), (PLUS[0] - 0.25, TOP)), "z⊙h_{t−1}", (4.0, TOP + 0.35)),
        Wire("h", ((PLUS[0] + 0.25, TOP), (12.0, TOP)), "h_{t}", (10.45, TOP + 0.35)),
        output_up(11.2, TOP),
    ),
)

EQUATIONS = (
    Equation(
        "z",
        "z_{t*} = σ(W_z x_t + b_z + U_z h_{t−1} + b′_z)",
        "= σ({W.z}·{x} + {b.z} + {U.z}·{H} + {b2.z}) = σ({pre_z}) = {z}",
    ),
    Equation(
        "r",
        "r_{t*} = σ(W_r x_t + b_r + U_r h_{t−1} + b′_r)",
        "= σ({W.r}·{x} + {b.r} + {U.r}·{H} + {b2.r}) = σ({pre_r}) = {r}",
    ),
    Equation(
        "h_tilde",
        "h̃_{t*} = act(W_h x_t + b_h + r ⊙ (U_h h_{t−1} + b′_h))",
        "= act({W.h_tilde}·{x} + {b.h_tilde} + {r}·({U.h_tilde}·{H} + {b2.h_tilde})) = act({pre_h_tilde}) = {h_tilde}",
    ),
    Equation("h", "h_{t*} = z ⊙ h_{t−1} + (1 − z) ⊙ h̃", "= {z}·{h_prev} + {one_minus_z}·{h_tilde} = {h}"),
)

BACK_EQUATIONS = (
    DELTA_H,
    Equation("z", "δz_{t*} = δh_t ⊙ (h_{t−1} − h̃_t)", "= {d_h}·({h_prev} − {h_tilde}) = {d_z}"),
    Equation("h_tilde", "δh̃_{t*} = δh_t ⊙ (1 − z_t)", "= {d_h}·{one_minus_z} = {d_h_tilde}"),
    Equation("r", "δr_{t*} = δh̃_t ⊙ act′ ⊙ (U_h h_{t−1} + b′_h)", "= {d_pre_h_tilde}·{recurrent_h} = {d_r}"),
    Equation("h_prev", "δh_{t−1←t} = δh_t ⊙ z_t + U · δ(z, r, h̃)", "= {d_h}·{z} + … = {d_h_prev}"),
)
