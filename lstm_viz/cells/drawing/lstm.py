"""The LSTM drawn as colah draws it, and its six equations (d2l.ai 10.1, one line per equation).

The cell state runs along the top, the four layers sit in the middle, h leaves at the bottom right. The variants of
the LSTM (coupled, no_forget, no_output_activation, peephole) reuse these positions and wires.
"""

from __future__ import annotations

from lstm_viz.cells.display import Box, Diagram, Equation, Op, Wire
from lstm_viz.cells.drawing import DELTA_H, GATE_Y, TOP, box_output, feeds, inputs, output_up

GATE_X = {"f": 2.6, "i": 4.2, "c_tilde": 5.6, "o": 7.6}
TIMES_F, PLUS, TIMES_I, ACT, TIMES_O = (2.6, TOP), (5.6, TOP), (5.6, 4.0), (8.9, 4.2), (8.9, GATE_Y)


def gate_out(part: str, label: str, *points: tuple[float, float], label_at=None, anchor: str = "start") -> Wire:
    """A layer's output, from the top of its box along ``points``."""
    return box_output(GATE_X, part, label, *points, label_at=label_at, anchor=anchor)


STATE_LINE = (
    Wire("c_prev", ((0.0, TOP), (TIMES_F[0] - 0.25, TOP)), "c_{t−1}", (0.05, TOP + 0.35)),
    Wire("kept", ((TIMES_F[0] + 0.25, TOP), (PLUS[0] - 0.25, TOP)), "f⊙c_{t−1}", (3.0, TOP + 0.35)),
    Wire("c", ((PLUS[0] + 0.25, TOP), (12.0, TOP)), "c_{t}", (10.45, TOP + 0.35)),
)
OUTPUT = (
    Wire("c", ((ACT[0], TOP), (ACT[0], ACT[1] + 0.3))),
    Wire("act_c", ((ACT[0], ACT[1] - 0.3), (TIMES_O[0], TIMES_O[1] + 0.25)), "act(c)", (ACT[0] + 0.12, 3.62)),
    Wire("o", ((GATE_X["o"] + 0.45, GATE_Y), (TIMES_O[0] - 0.25, GATE_Y)), "o", (GATE_X["o"], 3.25), "middle"),
    Wire("h", ((TIMES_O[0], TIMES_O[1] - 0.25), (TIMES_O[0], 1.6), (12.0, 1.6)), "h_{t}", (10.7, 1.95)),
    output_up(10.3, 1.6),
)
WRITE = (
    gate_out("i", "i", (GATE_X["i"], TIMES_I[1]), (TIMES_I[0] - 0.25, TIMES_I[1])),
    gate_out("c_tilde", "c̃", (TIMES_I[0], TIMES_I[1] - 0.25)),
    Wire("written", ((TIMES_I[0], TIMES_I[1] + 0.25), (PLUS[0], TOP - 0.25)), "i⊙c̃", (TIMES_I[0] + 0.1, 4.7)),
)
DIAGRAM = Diagram(
    boxes=tuple(Box(part, x, GATE_Y) for part, x in GATE_X.items()),
    ops=(Op("×", *TIMES_F), Op("+", *PLUS), Op("×", *TIMES_I), Op("act", *ACT), Op("×", *TIMES_O)),
    wires=(
        *inputs(GATE_X["o"]),
        *feeds(*GATE_X.values()),
        gate_out("f", "f", (TIMES_F[0], TOP - 0.25), label_at=(GATE_X["f"] + 0.1, 3.6)),
        *WRITE,
        *STATE_LINE,
        *OUTPUT,
    ),
)

EQUATIONS = (
    Equation("i", "i_{t*} = σ(W_i x_t + U_i h_{t−1} + b_i)", "= σ({W.i}·{x} + {U.i}·{H} + {b.i}) = σ({pre_i}) = {i}"),
    Equation("f", "f_{t*} = σ(W_f x_t + U_f h_{t−1} + b_f)", "= σ({W.f}·{x} + {U.f}·{H} + {b.f}) = σ({pre_f}) = {f}"),
    Equation(
        "c_tilde",
        "c̃_{t*} = act(W_c x_t + U_c h_{t−1} + b_c)",
        "= act({W.c_tilde}·{x} + {U.c_tilde}·{H} + {b.c_tilde}) = act({pre_c_tilde}) = {c_tilde}",
    ),
    Equation("o", "o_{t*} = σ(W_o x_t + U_o h_{t−1} + b_o)", "= σ({W.o}·{x} + {U.o}·{H} + {b.o}) = σ({pre_o}) = {o}"),
    Equation("c", "c_{t*} = f ⊙ c_{t−1} + i ⊙ c̃", "= {f}·{c_prev} + {i}·{c_tilde} = {kept} + {written} = {c}"),
    Equation("h", "h_{t*} = o ⊙ act(c_t)", "= {o}·act({c}) = {o}·{act_c} = {h}"),
)


def back_equations(forget: str = "gate", squash: bool = True, peep: bool = False) -> tuple[Equation, ...]:
    """The backward step of the LSTM and its variants: ``forget`` "gate", "coupled" (f = 1 − i) or "none" (the 1997
    cell); ``squash``: h = o ⊙ act(c) (else o ⊙ c); ``peep``: the gates read the cell state through p."""
    if squash:
        d_o = Equation("o", "δo_{t*} = δh_t ⊙ act(c_t)", "= {d_h}·{act_c} = {d_o}")
        general, numbers = "δh_t ⊙ o_t ⊙ act′(c_t)", "{d_h}·{o}·act′({c})"
    else:
        d_o = Equation("o", "δo_{t*} = δh_t ⊙ c_t", "= {d_h}·{c} = {d_o}")
        general, numbers = "δh_t ⊙ o_t", "{d_h}·{o}"
    if peep:
        general, numbers = general + " + p_o ⊙ δz_o", numbers + " + {P.o}·{d_pre_o}"
    d_c = Equation(
        "c", f"δc_{{t*}} = {general} + ∂L_t/∂c_t + δc_{{t←t+1}}", f"= {numbers} + {{loss_c}} + {{later_c}} = {{d_c}}"
    )
    lines = [DELTA_H, d_o, d_c]
    if forget != "none":
        lines.append(Equation("f", "δf_{t*} = δc_t ⊙ c_{t−1}", "= {d_c}·{c_prev} = {d_f}"))
    if forget == "coupled":
        lines.append(Equation("i", "δi_{t*} = δc_t ⊙ c̃_t − δf_t", "= {d_c}·{c_tilde} − {d_f} = {d_i}"))
    else:
        lines.append(Equation("i", "δi_{t*} = δc_t ⊙ c̃_t", "= {d_c}·{c_tilde} = {d_i}"))
    lines.append(Equation("c_tilde", "δc̃_{t*} = δc_t ⊙ i_t", "= {d_c}·{i} = {d_c_tilde}"))
    if forget == "none":
        lines.append(Equation("c_prev", "δc_{t−1←t} = δc_t", "= {d_c_prev}"))
    elif peep:
        lines.append(Equation("c_prev", "δc_{t−1←t} = δc_t ⊙ f_t + p_i ⊙ δz_i + p_f ⊙ δz_f",
                              "= {d_c}·{f} + {P.i}·{d_pre_i} + {P.f}·{d_pre_f} = {d_c_prev}"))  # fmt: skip
    else:
        lines.append(Equation("c_prev", "δc_{t−1←t} = δc_t ⊙ f_t", "= {d_c}·{f} = {d_c_prev}"))
    gates = ("i", "f", "c_tilde", "o") if forget == "gate" else ("i", "c_tilde", "o")
    symbols = {"i": "i", "f": "f", "c_tilde": "c̃", "o": "o"}
    slopes = {"i": "σ′", "f": "σ′", "c_tilde": "act′", "o": "σ′"}
    lines.append(Equation(
        "pre",
        f"δz = δ({', '.join(symbols[g] for g in gates)}) ⊙ ({', '.join(slopes[g] for g in gates)})",
        "= (" + ", ".join(f"{{d_pre_{g}}}" for g in gates) + ")",
    ))  # fmt: skip
    lines.append(Equation("h_prev", "δh_{t−1←t} = U · δz", "= {d_h_prev}"))
    return tuple(lines)


BACK_EQUATIONS = back_equations()
