"""sLSTM drawn on the LSTM's grid (lstm_viz.cells.drawing.lstm): the cell state c on its line, the normalizer n on a
line above it, both kept by f′ and written by i′; h = o ⊙ c / n at the right, where the LSTM has act(c). The
stabilizer m is in the equations and the charts: it rescales i′ and f′ and changes no h."""

from __future__ import annotations

from lstm_viz.cells.display import Box, Diagram, Equation, Op, Wire
from lstm_viz.cells.drawing import DELTA_H, GATE_Y, TOP, box_output, feeds, inputs, output_up
from lstm_viz.cells.drawing.lstm import TIMES_F, TIMES_I, TIMES_O

GATE_X = {"f": 2.6, "i": 4.2, "z": 5.6, "o": 7.6}
N_Y = 6.7  # the normalizer's line, above the cell's frame
PLUS, DIVIDE = (5.6, TOP), (8.9, 4.2)
N_TIMES, N_PLUS = (1.9, N_Y), (4.2, N_Y)


def gate_out(part: str, label: str, *points: tuple[float, float], label_at=None) -> Wire:
    return box_output(GATE_X, part, label, *points, label_at=label_at)


DIAGRAM = Diagram(
    boxes=tuple(Box(part, x, GATE_Y) for part, x in GATE_X.items()),
    ops=(
        Op("×", *TIMES_F),
        Op("+", *PLUS),
        Op("×", *TIMES_I),
        Op("×", *N_TIMES),
        Op("+", *N_PLUS),
        Op("÷", *DIVIDE),
        Op("×", *TIMES_O),
    ),
    wires=(
        *inputs(GATE_X["o"]),
        *feeds(*GATE_X.values()),
        gate_out("f", "f′", (TIMES_F[0], TOP - 0.25), label_at=(GATE_X["f"] + 0.1, 3.6)),
        Wire("f", ((2.6, 4.7), (N_TIMES[0], 4.7), (N_TIMES[0], N_Y - 0.25)), arrow=True),
        gate_out("i", "i′", (GATE_X["i"], TIMES_I[1]), (TIMES_I[0] - 0.25, TIMES_I[1])),
        Wire("i", ((GATE_X["i"], TIMES_I[1]), (N_PLUS[0], N_Y - 0.25))),
        gate_out("z", "z", (TIMES_I[0], TIMES_I[1] - 0.25)),
        Wire("written", ((TIMES_I[0], TIMES_I[1] + 0.25), (PLUS[0], TOP - 0.25)), "i′⊙z", (TIMES_I[0] + 0.1, 4.7)),
        Wire("c_prev", ((0.0, TOP), (TIMES_F[0] - 0.25, TOP)), "c_{t−1}", (0.05, TOP - 0.4)),
        Wire("kept", ((TIMES_F[0] + 0.25, TOP), (PLUS[0] - 0.25, TOP)), "f′⊙c_{t−1}", (2.95, TOP - 0.4)),
        Wire("c", ((PLUS[0] + 0.25, TOP), (12.0, TOP)), "c_{t}", (10.45, TOP - 0.4)),
        Wire("c", ((DIVIDE[0], TOP), (DIVIDE[0], DIVIDE[1] + 0.25))),
        Wire("n_prev", ((0.0, N_Y), (N_TIMES[0] - 0.25, N_Y)), "n_{t−1}", (0.05, N_Y - 0.3)),
        Wire("", ((N_TIMES[0] + 0.25, N_Y), (N_PLUS[0] - 0.25, N_Y))),
        Wire("n", ((N_PLUS[0] + 0.25, N_Y), (12.0, N_Y)), "n_{t}", (10.45, N_Y - 0.3)),
        Wire("n", ((9.6, N_Y), (9.6, DIVIDE[1]), (DIVIDE[0] + 0.25, DIVIDE[1]))),
        Wire("c_hat", ((DIVIDE[0], DIVIDE[1] - 0.25), (TIMES_O[0], TIMES_O[1] + 0.25)), "c/n", (DIVIDE[0] + 0.12, 3.5)),
        Wire("o", ((GATE_X["o"] + 0.45, GATE_Y), (TIMES_O[0] - 0.25, GATE_Y)), "o", (GATE_X["o"], 3.25), "middle"),
        Wire("h", ((TIMES_O[0], TIMES_O[1] - 0.25), (TIMES_O[0], 1.6), (12.0, 1.6)), "h_{t}", (10.7, 1.95)),
        output_up(10.3, 1.6),
    ),
)

EQUATIONS = (
    Equation(
        "i",
        "i′_{t*} = min(exp(ĩ_t − m_t), 1),  ĩ_t = W_i x_t + R_i h_{t−1} + b_i",
        "= exp({W.i}·{x} + {U.i}·{H} + {b.i} − {m}) = exp({pre_i} − {m}) = {i}",
    ),
    Equation(
        "f",
        "f′_{t*} = min(exp(log σ(f̃_t) + m_{t−1} − m_t), 1)",
        "= exp(log σ({W.f}·{x} + {U.f}·{H} + {b.f}) + {m_prev} − {m}) = exp({log_f} + {m_prev} − {m}) = {f}",
    ),
    Equation("m", "m_{t*} = max(log σ(f̃_t) + m_{t−1}, ĩ_t)", "= max({log_f} + {m_prev}, {pre_i}) = {m}"),
    Equation(
        "z",
        "z_{t*} = act(W_z x_t + R_z h_{t−1} + b_z)",
        "= act({W.z}·{x} + {U.z}·{H} + {b.z}) = act({pre_z}) = {z}",
    ),
    Equation("o", "o_{t*} = σ(W_o x_t + R_o h_{t−1} + b_o)", "= σ({W.o}·{x} + {U.o}·{H} + {b.o}) = σ({pre_o}) = {o}"),
    Equation("c", "c_{t*} = f′ ⊙ c_{t−1} + i′ ⊙ z", "= {f}·{c_prev} + {i}·{z} = {c}"),
    Equation("n", "n_{t*} = f′ ⊙ n_{t−1} + i′", "= {f}·{n_prev} + {i} = {n}"),
    Equation("h", "h_{t*} = o ⊙ c_t / n_t", "= {o}·{c} / {n} = {o}·{c_hat} = {h}"),
)

BACK_EQUATIONS = (
    DELTA_H,
    Equation(
        "c", "δc_{t*} = δh_t ⊙ o_t / n_t + ∂L_t/∂c_t + δc_{t←t+1}", "= {d_h}·{o} / {n} + {loss_c} + {later_c} = {d_c}"
    ),
    Equation(
        "n",
        "δn_{t*} = −δh_t ⊙ o_t ⊙ (c_t / n_t) / n_t + ∂L_t/∂n_t + δn_{t←t+1}",
        "= −{d_h}·{o}·{c_hat} / {n} + {loss_n} + {later_n} = {d_n}",
    ),
    Equation("c_prev", "δc_{t−1←t} = δc_t ⊙ f′_t", "= {d_c}·{f} = {d_c_prev}"),
    Equation("n_prev", "δn_{t−1←t} = δn_t ⊙ f′_t", "= {d_n}·{f} = {d_n_prev}"),
)
