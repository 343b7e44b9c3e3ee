"""The challenges, from easy to hard. Each one's reference solution passes and its starting cell fails
(tests/test_challenges.py); no condition can be met by pinning gates unless the challenge is about pinning.

Steps are 0-based, as the explorer counts them.
"""

from __future__ import annotations

import numpy as np

from lstm_viz.challenges.base import Challenge
from lstm_viz.challenges.criteria import AtLeast, AtMost, MeanSquare, Ratio, Within


def pulse(at: int, steps: int, value: float = 1.0) -> tuple[float, ...]:
    return tuple(value if t == at else 0.0 for t in range(steps))


ONES = (1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1)  # 11 ones
RESETS = (0.6, 0.9, 0.5, 0.8, -1, 0.7, 0.4, 0.9, 0.6, 0.8, -1, 0.5, 1.0, 0.3, 0.7, -1, 0.9, 0.6, 0.8, 0.5)
SIGNAL = tuple(float(v) for v in np.round(0.5 * np.sin(2 * np.pi * np.arange(30) / 12 + 0.4), 3))
SQUARE = (0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1, 1, 0)
STEP40 = tuple(0.0 if t < 5 else 1.0 for t in range(30))
REVISE = (0, 0.6, 0, 0, 0, 1.2, 0, 0, 0, 0.4, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0)  # a new largest value at t = 1, 5, 12
# the LSTM that writes the pulse (i opens only for x = 1, the candidate is tanh(3) ≈ 0.995) and forgets nothing
WRITES = {"W_i": 10.0, "b_i": -5.0, "W_c_tilde": 3.0}
KERAS_START = {"W_i": 1.0, "W_f": 0.5, "W_c_tilde": 2.0, "W_o": 1.0, "b_f": 1.0,
               "U_i": 0.5, "U_f": 0.5, "U_c_tilde": 0.5, "U_o": 0.5}  # fmt: skip


def _rises(x) -> tuple[int, ...]:
    return tuple(t for t in range(len(x)) if x[t] > (x[t - 1] if t else 0.0))


# fmt: off
CHALLENGES = (
    # 1. What if f were 1? Pinning is the point: the weights are Keras's start and stay put.
    Challenge(
        "pin_forget", 1, "lstm", pulse(2, 20),
        conditions=(AtLeast("c", steps=(-1,), bound=0.6, absolute=True),),
        knobs=(), start=KERAS_START, pins=("f",), solution_pins={"f": 1.0},
    ),
    # 2. Open the input gate for the pulse and give the candidate something to write.
    Challenge(
        "write", 1, "lstm", pulse(2, 12),
        conditions=(AtLeast("c", steps=(2,), bound=0.8),),
        knobs=("W_i", "b_i", "W_c_tilde"), start={"b_i": -5.0, "b_f": 2.0, "b_o": 2.0},
        solution={"W_i": 10.0, "b_i": -5.0, "W_c_tilde": 3.0},
    ),
    # 3. Keep the pulse to the end: f near 1 after the pulse (easier than a half-life: no logit to invert).
    Challenge(
        "keep_pulse", 1, "lstm", pulse(3, 20),
        conditions=(AtLeast("c", steps=(-1,), bound=0.5, absolute=True),),
        knobs=("W_f", "b_f"), start={**WRITES, "b_o": 2.0}, solution={"b_f": 6.0}, chart=(("f", 0),),
    ),
    # 4. A half-life: f¹⁰ = 0.5, so f ≈ 0.933 and b_f = ln(f / (1 − f)) ≈ 2.6.
    Challenge(
        "half_life", 1, "lstm", pulse(2, 16),
        conditions=(Ratio("c", earlier=2, later=12, low=0.45, high=0.55),),
        knobs=("b_f",), start={**WRITES, "b_o": 2.0}, solution={"b_f": 2.6}, chart=(("f", 0),),
    ),
    # 5. Hold it hidden, then show it when the cue (x = −1) comes.
    Challenge(
        "hold_reveal", 2, "lstm", tuple(1.0 if t == 3 else -1.0 if t == 15 else 0.0 for t in range(20)),
        conditions=(AtMost("h", steps=tuple(range(4, 15)), bound=0.1), AtLeast("h", steps=(15,), bound=0.5)),
        knobs=("W_o", "b_o"), start={**WRITES, "b_f": 6.0, "W_o": 1.0}, solution={"W_o": -10.0, "b_o": -5.0},
        chart=(("o", 0), ("c", 0)),
    ),
    # 6. Count the ones: write exactly 1 for every 1, nothing for a 0, forget nothing.
    Challenge(
        "count_ones", 2, "lstm", tuple(float(v) for v in ONES),
        conditions=(Within("c", steps=(-1,), targets=(float(sum(ONES)),), tolerance=0.5,
                           target_tex=r"\textstyle\sum_t x_t"),),
        knobs=("W_i", "b_i", "W_f", "b_f", "W_c_tilde", "b_c_tilde"),
        start={"W_i": 1.0, "b_f": 1.0, "W_c_tilde": 1.0},
        solution={"W_i": 10.0, "b_i": -5.0, "b_f": 10.0, "W_c_tilde": 3.0},
        chart=(("i", 0), ("f", 0)),
    ),
    # 7. Add up, and start again at every −1: f closes only for the reset, i stays shut for it.
    Challenge(
        "reset", 2, "lstm", RESETS,
        conditions=(
            AtMost("c", steps=tuple(t for t, v in enumerate(RESETS) if v < 0), bound=0.1),
            AtLeast("c", steps=tuple(t - 1 for t, v in enumerate(RESETS) if v < 0), bound=1.0),
        ),
        knobs=("W_f", "b_f", "W_i", "b_i"), start={"W_c_tilde": 2.0, "b_f": 3.0, "b_i": 1.0, "b_o": 2.0},
        solution={"W_f": 10.0, "b_f": 5.0, "W_i": 10.0, "b_i": 0.0}, chart=(("f", 0), ("i", 0)),
    ),
    # 8. Coupled gates, the bridge from the LSTM to the GRU: f = 1 − i, so opening i to write is closing f, and
    # closing i is keeping.
    Challenge(
        "coupled_memory", 2, "coupled", pulse(3, 20),
        conditions=(AtLeast("c", steps=(3,), bound=0.8), AtLeast("c", steps=(-1,), bound=0.8)),
        knobs=("W_i", "b_i", "W_c_tilde"), start={"W_c_tilde": 3.0, "b_o": 3.0},
        solution={"W_i": 10.0, "b_i": -5.0, "W_c_tilde": 3.0}, chart=(("i", 0), ("f", 0)),
    ),
    # 9. The memory task again, in a GRU: one update gate z keeps h or replaces it (the coupled cell's f = 1 − i).
    Challenge(
        "gru_memory", 2, "gru", pulse(3, 20),
        conditions=(AtLeast("h", steps=(3,), bound=0.8), AtLeast("h", steps=(-1,), bound=0.5)),
        knobs=("W_z", "b_z", "W_h_tilde"), start={"W_h_tilde": 1.0, "b_z": 0.0, "W_z": 0.0},
        solution={"W_z": -10.0, "b_z": 6.0, "W_h_tilde": 3.0}, chart=(("z", 0),),
    ),
    # 10. A plain RNN can hold one bit: h = tanh(U·h) with U > 1 has a stable point away from 0.
    Challenge(
        "rnn_latch", 2, "rnn", pulse(3, 20),
        conditions=(AtMost("h", steps=(0, 1, 2), bound=0.05), AtLeast("h", steps=(-1,), bound=0.5)),
        knobs=("W_h", "U_h", "b_h"), start={"W_h": 1.0, "U_h": 0.5}, solution={"W_h": 1.0, "U_h": 2.0},
    ),
    # 10a. The cells of 2024: minGRU's z is the candidate's share (the GRU's is the old state's), and it reads x only.
    Challenge(
        "min_gru_memory", 2, "min_gru", pulse(3, 20),
        conditions=(AtLeast("h", steps=(3,), bound=0.8), AtLeast("h", steps=(-1,), bound=0.8)),
        knobs=("W_z", "b_z", "W_h_tilde"), start={"W_h_tilde": 1.0},
        solution={"W_z": 10.0, "b_z": -6.0, "W_h_tilde": 1.0}, chart=(("z", 0),),
    ),
    # 10b. minLSTM's gates are normalised, f′ = f / (f + i): only their ratio counts. A half-life of 10 steps.
    Challenge(
        "min_lstm_ratio", 2, "min_lstm", pulse(2, 16),
        conditions=(Ratio("h", earlier=2, later=12, low=0.45, high=0.55),),
        knobs=("b_f", "b_i"), start={"W_h_tilde": 8.0, "b_h_tilde": -6.0, "W_i": 10.0},
        solution={"b_f": 2.6, "b_i": -2.6}, chart=(("f_norm", 0),),
    ),
    # 11. No forget gate (1997): on a long step input c would grow for ever; the cell must stop writing itself.
    Challenge(
        "no_forget_bounded", 3, "no_forget", STEP40,
        conditions=(AtMost("c", steps=tuple(range(30)), bound=1.5), AtLeast("c", steps=(-1,), bound=0.5)),
        knobs=("W_i", "U_i", "b_i"), start={"W_i": 2.0, "W_c_tilde": 2.0, "b_o": 3.0},
        solution={"W_i": 2.0, "U_i": -10.0, "b_i": 0.0}, chart=(("i", 0), ("h", 0)),
    ),
    # 12. One step late: unit 1 reads x, unit 2 reads unit 1's previous h.
    Challenge(
        "delay", 3, "rnn", SIGNAL,
        conditions=(MeanSquare("h", unit=1, steps=tuple(range(1, len(SIGNAL))),
                               targets=(0.0, *SIGNAL[:-1]), bound=0.002),),
        knobs=("W_h_0", "U_h_1_0", "W_h_1", "U_h_1_1"), units=2, start={"W_h_1": 1.0, "W_h_0": 1.0},
        solution={"W_h_0": 1.2, "U_h_1_0": 1.0, "W_h_1": 0.0}, chart=(("h", 0),),
    ),
    # 13. A rising edge: unit 1 remembers the last input, unit 2's output gate opens when x is up and it was down.
    Challenge(
        "rising_edge", 3, "lstm", tuple(float(v) for v in SQUARE),
        conditions=(
            AtLeast("h", unit=1, steps=_rises(SQUARE), bound=0.5, steps_tex=r"t \in R"),
            AtMost("h", unit=1, steps=tuple(t for t in range(len(SQUARE)) if t not in _rises(SQUARE)), bound=0.1,
                   steps_tex=r"t \notin R"),
        ),
        knobs=("W_o_1", "U_o_1_0", "b_o_1"), units=2,
        start={"b_i_0": 10.0, "b_f_0": -10.0, "W_c_tilde_0": 3.0, "b_o_0": 10.0,  # unit 1: h = tanh(tanh(3x))
               "b_i_1": 3.0, "b_f_1": 10.0, "b_c_tilde_1": 3.0, "W_o_1": 1.0},  # unit 2: c fills up and stays
        solution={"W_o_1": 10.0, "U_o_1_0": -10.0, "b_o_1": -5.0}, chart=(("h", 0), ("o", 1)),
    ),
    # 14. sLSTM revises: keep the largest input so far, which an exponential input gate makes a weighted average do.
    Challenge(
        "slstm_revise", 3, "slstm", REVISE,
        conditions=(
            Within("h", steps=(8, 11), targets=(float(np.tanh(0.6)),) * 2, tolerance=0.05, target_tex=r"\tanh(0.6)"),
            AtLeast("h", steps=(-1,), bound=0.7),
        ),
        knobs=("W_i", "b_f"), start={"W_z": 0.5, "b_o": 10.0},
        solution={"W_i": 10.0, "b_f": 10.0}, chart=(("i", 0), ("f", 0)),
    ),
)
# fmt: on
