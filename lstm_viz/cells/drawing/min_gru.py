"""minGRU drawn as the GRU is, without what it cut: h on the top line, kept (×(1−z)) and written (×z); the bus carries
x alone, because no layer reads h_{t−1}. Its three equations (Feng et al. 2024, the paper's z convention)."""

from __future__ import annotations

from lstm_viz.cells.display import Box, Diagram, Equation, Op, Wire
from lstm_viz.cells.drawing import BUS, DELTA_H, GATE_Y, TOP, feeds, output_up

GATE_X = {"z": 3.6, "h_tilde": 6.6}
TIMES_KEEP, PLUS, ONE_MINUS, TIMES_WRITE = (3.6, TOP), (7.6, TOP), (3.6, 4.3), (6.6, 4.2)


def bus(*xs: float) -> tuple[Wire, ...]:
    """x_t from below onto a bus that feeds the layers at ``xs`` (nothing joins it from h_{t−1})."""
    return (
        Wire("x", ((1.6, 0.0), (1.6, BUS)), "x_{t}", (1.7, 0.3)),
        Wire("x", ((1.6, BUS), (max(xs), BUS)), arrow=False),
        *feeds(*xs),
    )


def state_line(kept_label: str, written_label: str, gate: str, gate_label: str) -> tuple[Wire, ...]:
    """h_{t−1} × (its share) + (the candidate's share) × h̃ → h_t, shared by minGRU and minLSTM."""
    return (
        Wire("h_prev", ((0.0, TOP), (TIMES_KEEP[0] - 0.25, TOP)), "h_{t−1}", (0.05, TOP + 0.35)),
        Wire("kept", ((TIMES_KEEP[0] + 0.25, TOP), (PLUS[0] - 0.25, TOP)), kept_label, (4.0, TOP + 0.35)),
        Wire("h_tilde", ((6.6, GATE_Y + 0.3), (6.6, TIMES_WRITE[1] - 0.25)), "h̃", (6.7, 3.3)),
        Wire(
            gate, ((5.6, 3.5), (5.6, TIMES_WRITE[1]), (TIMES_WRITE[0] - 0.25, TIMES_WRITE[1])), gate_label, (5.1, 3.75)
        ),
        Wire(
            "written",
            ((6.6, TIMES_WRITE[1] + 0.25), (6.6, 4.9), (PLUS[0], 4.9), (PLUS[0], TOP - 0.25)),
            written_label,
            (7.7, 4.55),
        ),
        Wire("h", ((PLUS[0] + 0.25, TOP), (12.0, TOP)), "h_{t}", (10.45, TOP + 0.35)),
        output_up(11.2, TOP),
    )


DIAGRAM = Diagram(
    boxes=tuple(Box(part, x, GATE_Y) for part, x in GATE_X.items()),
    ops=(Op("×", *TIMES_KEEP), Op("+", *PLUS), Op("1−", *ONE_MINUS), Op("×", *TIMES_WRITE)),
    wires=(
        *bus(*GATE_X.values()),
        Wire("z", ((3.6, GATE_Y + 0.3), (3.6, ONE_MINUS[1] - 0.25)), "z", (3.7, 3.1)),
        Wire("z", ((3.6, 3.5), (5.6, 3.5)), arrow=False),
        Wire("one_minus_z", ((3.6, ONE_MINUS[1] + 0.25), (3.6, TOP - 0.25)), "1−z", (2.7, 4.75)),
        *state_line("(1−z)⊙h_{t−1}", "z⊙h̃", "z", ""),
    ),
)

EQUATIONS = (
    Equation("z", "z_{t*} = σ(W_z x_t + b_z)", "= σ({W.z}·{x} + {b.z}) = σ({pre_z}) = {z}"),
    Equation(
        "h_tilde",
        "h̃_{t*} = g(W_h x_t + b_h)",
        "= g({W.h_tilde}·{x} + {b.h_tilde}) = g({pre_h_tilde}) = {h_tilde}",
    ),
    Equation("h", "h_{t*} = (1 − z) ⊙ h_{t−1} + z ⊙ h̃", "= {one_minus_z}·{h_prev} + {z}·{h_tilde} = {h}"),
)

BACK_EQUATIONS = (
    DELTA_H,
    Equation("z", "δz_{t*} = δh_t ⊙ (h̃_t − h_{t−1})", "= {d_h}·({h_tilde} − {h_prev}) = {d_z}"),
    Equation("h_tilde", "δh̃_{t*} = δh_t ⊙ z_t", "= {d_h}·{z} = {d_h_tilde}"),
    Equation("h_prev", "δh_{t−1←t} = δh_t ⊙ (1 − z_t)", "= {d_h}·{one_minus_z} = {d_h_prev}"),
)
