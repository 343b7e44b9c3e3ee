"""Linear attention drawn as mLSTM is (lstm_viz.cells.drawing.mlstm), without the gates: the state S on the top line,
added to at every step (nothing is ever forgotten), the normalizer z above it, the read-out S φ(q) / zᵀφ(q) on the
right."""

from __future__ import annotations

from lstm_viz.cells.display import Box, Diagram, Equation, Op, Wire
from lstm_viz.cells.drawing import GATE_Y, TOP, box_output, output_up
from lstm_viz.cells.drawing.min_gru import bus

GATE_X = {"k": 3.0, "v": 4.8, "q": 6.8}
N_Y = 6.7
PLUS, OUTER, N_PLUS, READ, DIVIDE = (3.9, TOP), (3.9, 4.2), (3.0, N_Y), (8.0, 4.3), (9.4, 4.3)


def up(part: str, *points: tuple[float, float], label: str, at=None) -> Wire:
    return box_output(GATE_X, part, label, *points, label_at=at)


DIAGRAM = Diagram(
    boxes=tuple(Box(part, x, GATE_Y) for part, x in GATE_X.items()),
    ops=(Op("+", *PLUS), Op("vφᵀ", *OUTER), Op("+", *N_PLUS), Op("Sφ", *READ), Op("÷", *DIVIDE)),
    wires=(
        *bus(*GATE_X.values()),
        up("k", (3.0, OUTER[1]), (OUTER[0] - 0.45, OUTER[1]), label="φ(k)", at=(2.0, 3.4)),
        Wire("phi_k", ((2.6, OUTER[1]), (2.6, N_Y - 0.4), (N_PLUS[0], N_Y - 0.4), (N_PLUS[0], N_Y - 0.25))),
        up("v", (4.8, OUTER[1]), (OUTER[0] + 0.45, OUTER[1]), label="v"),
        Wire("", ((OUTER[0], OUTER[1] + 0.3), (PLUS[0], TOP - 0.25)), "vφ(k)ᵀ", (4.0, 4.8)),
        Wire("", ((0.0, TOP), (PLUS[0] - 0.25, TOP)), "S_{t−1}", (0.05, TOP - 0.4)),
        Wire("", ((PLUS[0] + 0.25, TOP), (12.0, TOP)), "S_{t}", (10.45, TOP - 0.4)),
        Wire("", ((READ[0], TOP), (READ[0], READ[1] + 0.3))),
        up("q", (6.8, READ[1]), (READ[0] - 0.45, READ[1]), label="φ(q)", at=(6.9, 3.3)),
        Wire("h_num", ((READ[0] + 0.45, READ[1]), (DIVIDE[0] - 0.25, DIVIDE[1])), "Sφ(q)", (8.5, 4.55)),
        Wire("z_prev", ((0.0, N_Y), (N_PLUS[0] - 0.25, N_Y)), "z_{t−1}", (0.05, N_Y - 0.3)),
        Wire("z", ((N_PLUS[0] + 0.25, N_Y), (12.0, N_Y)), "z_{t}", (10.45, N_Y - 0.3)),
        Wire(
            "denominator",
            ((10.2, N_Y), (10.2, DIVIDE[1]), (DIVIDE[0] + 0.25, DIVIDE[1])),
            "zᵀφ(q) + ε",
            (10.05, 6.15),
            "end",
        ),
        Wire("h", ((DIVIDE[0], DIVIDE[1] - 0.25), (DIVIDE[0], 1.6), (12.0, 1.6)), "h_{t}", (10.7, 1.95)),
        output_up(11.2, 1.6),
    ),
)

EQUATIONS = (
    Equation("q", "q_{t*} = W_q x_t + b_q", "= {W.q}·{x} + {b.q} = {q}"),
    Equation("k", "k_{t*} = W_k x_t + b_k", "= {W.k}·{x} + {b.k} = {k}"),
    Equation("v", "v_{t*} = W_v x_t + b_v", "= {W.v}·{x} + {b.v} = {v}"),
    Equation("phi_k", "φ(k)_{t*} = elu(k_t) + 1", "= elu({k}) + 1 = {phi_k}"),
    Equation("S", "S_t = S_{t−1} + v_t ⊗ φ(k_t)", "= S_{t−1} + {v} ⊗ φ(k_t)"),
    Equation("z", "z_{t*} = z_{t−1} + φ(k_t)", "= {z_prev} + {phi_k} = {z}"),
    Equation("h", "h_{t*} = S_t φ(q_t) / (z_t · φ(q_t) + ε)", "= {h_num} / {denominator} = {h}"),
)

BACK_EQUATIONS = (
    Equation("h", "δh_{t*} = ∂L_t/∂h_t", "= {d_h}"),
    Equation("z", "δz_{t*} = −(δh_t · h_t) φ(q_t) / (z_t · φ(q_t) + ε) + δz_{t←t+1}", "= … + {later_z} = {d_z}"),
    Equation("z_prev", "δz_{t−1←t} = δz_t", "= {d_z} = {d_z_prev}"),
)
