"""mLSTM drawn: the memory C (a matrix: its wires carry no single number; the scene draws it as a heatmap) on the
top line, kept by f′ and written with i′ v kᵀ; the normalizer n on a line above; the read-out C q / max(|nᵀq|, e^−m)
on the right, then the output gate. The layers read x only."""

from __future__ import annotations

from lstm_viz.cells.display import Box, Diagram, Equation, Op, Wire
from lstm_viz.cells.drawing import GATE_Y, TOP, box_output, output_up
from lstm_viz.cells.drawing.min_gru import bus

GATE_X = {"f": 1.6, "i": 2.8, "k": 4.2, "v": 5.4, "q": 6.8, "o": 8.2}
N_Y = 6.7  # the normalizer's line, above the cell's frame
TIMES_F, PLUS, OUTER, TIMES_I = (1.6, TOP), (4.8, TOP), (4.8, 3.8), (4.8, 4.6)
N_TIMES, N_PLUS = (1.0, N_Y), (3.6, N_Y)
READ, DIVIDE, TIMES_O = (8.0, 4.3), (9.4, 4.3), (9.4, GATE_Y)


def up(part: str, *points: tuple[float, float], label: str = "", at=None) -> Wire:
    return box_output(GATE_X, part, label, *points, label_at=at)


DIAGRAM = Diagram(
    boxes=tuple(Box(part, x, GATE_Y) for part, x in GATE_X.items()),
    ops=(
        Op("×", *TIMES_F),
        Op("+", *PLUS),
        Op("vkᵀ", *OUTER),
        Op("×", *TIMES_I),
        Op("×", *N_TIMES),
        Op("+", *N_PLUS),
        Op("Cq", *READ),
        Op("÷", *DIVIDE),
        Op("×", *TIMES_O),
    ),
    wires=(
        *bus(*GATE_X.values()),
        up("f", (TIMES_F[0], TOP - 0.25), label="f′", at=(1.7, 3.3)),
        Wire("f", ((1.6, 4.7), (N_TIMES[0], 4.7), (N_TIMES[0], N_Y - 0.25))),
        up("i", (2.8, TIMES_I[1]), (TIMES_I[0] - 0.25, TIMES_I[1]), label="i′", at=(2.9, 3.3)),
        Wire("i", ((3.6, 4.6), (N_PLUS[0], N_Y - 0.25)), "i′", (3.8, N_Y - 0.3)),
        up("k", (4.2, OUTER[1]), (OUTER[0] - 0.45, OUTER[1]), label="k"),
        up("v", (5.4, OUTER[1]), (OUTER[0] + 0.45, OUTER[1]), label="v", at=(5.5, 3.3)),
        Wire("", ((OUTER[0], OUTER[1] + 0.3), (TIMES_I[0], TIMES_I[1] - 0.25))),
        Wire("", ((TIMES_I[0], TIMES_I[1] + 0.25), (PLUS[0], TOP - 0.25)), "i′vkᵀ", (4.9, 4.95)),
        Wire("", ((0.0, TOP), (TIMES_F[0] - 0.25, TOP)), "C_{t−1}", (0.05, TOP - 0.4)),
        Wire("", ((TIMES_F[0] + 0.25, TOP), (PLUS[0] - 0.25, TOP)), "f′C_{t−1}", (2.0, TOP - 0.4)),
        Wire("", ((PLUS[0] + 0.25, TOP), (12.0, TOP)), "C_{t}", (10.45, TOP - 0.4)),
        Wire("", ((READ[0], TOP), (READ[0], READ[1] + 0.3))),
        up("q", (6.8, READ[1]), (READ[0] - 0.45, READ[1]), label="q", at=(6.9, 3.3)),
        Wire("h_num", ((READ[0] + 0.45, READ[1]), (DIVIDE[0] - 0.25, DIVIDE[1])), "Cq", (8.5, 4.55)),
        Wire("n_prev", ((0.0, N_Y), (N_TIMES[0] - 0.25, N_Y)), "n_{t−1}", (0.05, N_Y - 0.3)),
        Wire("", ((N_TIMES[0] + 0.25, N_Y), (N_PLUS[0] - 0.25, N_Y))),
        Wire("n", ((N_PLUS[0] + 0.25, N_Y), (12.0, N_Y)), "n_{t}", (10.45, N_Y - 0.3)),
        Wire(
            "denominator",
            ((10.2, N_Y), (10.2, DIVIDE[1]), (DIVIDE[0] + 0.25, DIVIDE[1])),
            "max(|nᵀq|, e⁻ᵐ)",
            (10.05, 6.15),
            "end",
        ),
        Wire("h_tilde", ((DIVIDE[0], DIVIDE[1] - 0.25), (TIMES_O[0], TIMES_O[1] + 0.25)), "h̃", (9.5, 3.5)),
        Wire("o", ((GATE_X["o"] + 0.45, GATE_Y), (TIMES_O[0] - 0.25, GATE_Y)), "o", (8.9, 2.85), "middle"),
        Wire("h", ((TIMES_O[0], TIMES_O[1] - 0.25), (TIMES_O[0], 1.6), (12.0, 1.6)), "h_{t}", (10.7, 1.95)),
        output_up(11.2, 1.6),
    ),
)

EQUATIONS = (
    Equation("q", "q_{t*} = W_q x_t + b_q", "= {W.q}·{x} + {b.q} = {q}"),
    Equation("k", "k_{t*} = (W_k x_t + b_k) / √u", "= ({W.k}·{x} + {b.k}) / √u = {k}"),
    Equation("v", "v_{t*} = W_v x_t + b_v", "= {W.v}·{x} + {b.v} = {v}"),
    Equation("m", "m_{t*} = max(log σ(f̃_t) + m_{t−1}, ĩ_t)", "= max({log_f} + {m_prev}, {pre_i}) = {m}"),
    Equation(
        "i",
        "i′_{t*} = exp(ĩ_t − m_t),  ĩ_t = W_i x_t + b_i",
        "= exp({W.i}·{x} + {b.i} − {m}) = exp({pre_i} − {m}) = {i}",
    ),
    Equation(
        "f",
        "f′_{t*} = exp(log σ(f̃_t) + m_{t−1} − m_t)",
        "= exp(log σ({W.f}·{x} + {b.f}) + {m_prev} − {m}) = exp({log_f} + {m_prev} − {m}) = {f}",
    ),
    Equation("C", "C_t = f′ C_{t−1} + i′ v_t ⊗ k_t", "= {f}·C_{t−1} + {i}·v_t ⊗ k_t"),
    Equation("n", "n_{t*} = f′ n_{t−1} + i′ k_t", "= {f}·{n_prev} + {i}·{k} = {n}"),
    Equation(
        "h_tilde",
        "h̃_{t*} = C_t q_t / (max(|n_t · q_t|, exp(−m_t)) + ε)",
        "= {h_num} / (max(|{qn}|, exp(−{m})) + ε) = {h_num} / {denominator} = {h_tilde}",
    ),
    Equation("o", "o_{t*} = σ(W_o x_t + b_o)", "= σ({W.o}·{x} + {b.o}) = σ({pre_o}) = {o}"),
    Equation("h", "h_{t*} = o ⊙ h̃_t", "= {o}·{h_tilde} = {h}"),
)

BACK_EQUATIONS = (
    Equation("h", "δh_{t*} = ∂L_t/∂h_t", "= {d_h}"),
    Equation("h_tilde", "δh̃_{t*} = δh_t ⊙ o_t", "= {d_h}·{o} = {d_h_tilde}"),
    Equation("o", "δo_{t*} = δh_t ⊙ h̃_t", "= {d_h}·{h_tilde} = {d_o}"),
    Equation("n", "δn_{t*} = δ(n·q) q_t + δn_{t←t+1}", "= … + {later_n} = {d_n}"),
    Equation("n_prev", "δn_{t−1←t} = δn_t ⊙ f′_t", "= {d_n}·{f} = {d_n_prev}"),
)
