"""Predict, then reveal: short questions about one LSTM cell, answered by running the NumPy cell itself."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from lstm_viz.lstm import LSTMParams, forward


@dataclass(frozen=True)
class Question:
    key: str
    text: str  # markdown
    pins: dict[str, float]  # gates pinned at every step
    c0: float
    steps: int
    asks: str  # "c" or "h": the value after the last step
    explanation: str
    tolerance: float = 0.02
    extra: dict = field(default_factory=dict)


QUESTIONS: tuple[Question, ...] = (
    Question(
        "keep",
        "f = 0.9, i = 0 and c₍t−1₎ = 1.0. **What is c_t?**",
        {"f": 0.9, "i": 0.0, "c_tilde": 0.5, "o": 1.0},
        1.0,
        1,
        "c",
        "c = f·c₍t−1₎ + i·c̃ = 0.9·1.0 + 0·c̃: with the input gate shut nothing is written, and the forget gate "
        "keeps 90% of the old memory.",
    ),
    Question(
        "mix",
        "f = 0.5, c₍t−1₎ = 2.0, i = 1 and c̃ = 0.5. **What is c_t?**",
        {"f": 0.5, "i": 1.0, "c_tilde": 0.5, "o": 1.0},
        2.0,
        1,
        "c",
        "Half of the old memory (1.0) plus all of the candidate (0.5): the cell state is a weighted sum, not a "
        "squashed one, so it can leave (−1, 1).",
    ),
    Question(
        "squash",
        "The cell state is c_t = 3.0 and the output gate o = 0.5. **What is h_t?**",
        {"f": 1.0, "i": 0.0, "c_tilde": 0.0, "o": 0.5},
        3.0,
        1,
        "h",
        "h = o·tanh(c) = 0.5·tanh(3.0) = 0.5·0.995: tanh squashes the memory into (−1, 1) before the output gate "
        "scales it, so |h| never exceeds o.",
    ),
    Question(
        "hundred",
        "f = 1 and i = 0 at **every** step, and c₀ = 0.7. **What is c after 100 steps?**",
        {"f": 1.0, "i": 0.0, "c_tilde": 1.0, "o": 1.0},
        0.7,
        100,
        "c",
        "Multiplying by 1 and adding 0, a hundred times: the memory is kept exactly. This is the path along which "
        "an LSTM's gradient does not vanish.",
    ),
    Question(
        "decay",
        "f = 0.9 and i = 0 at every step, and c₀ = 1.0. **What is c after 50 steps?**",
        {"f": 0.9, "i": 0.0, "c_tilde": 1.0, "o": 1.0},
        1.0,
        50,
        "c",
        "0.9⁵⁰ ≈ 0.005: a forget gate of 0.9 sounds like 'remember', yet it forgets 99.5% in 50 steps. Long "
        "memory needs f very close to 1.",
        tolerance=0.005,
    ),
)


def answer(question: Question) -> float:
    """The value the question asks for, computed by the NumPy cell with the question's gates pinned."""
    trace = forward(
        LSTMParams.zeros(1), np.zeros((question.steps, 1)), c0=np.array([question.c0]), overrides=question.pins
    )
    return float(getattr(trace, question.asks)[-1, 0])


def is_close(guess: float, question: Question) -> bool:
    return abs(guess - answer(question)) <= question.tolerance
