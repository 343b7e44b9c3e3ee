"""Predict, then reveal: short questions about one cell, each answered by the code that runs the cell.

A question's text and explanation live in the catalogues ("quiz.<key>.text", "quiz.<key>.explanation"). Answers are
computed, never typed in: by the NumPy LSTM with the question's gates pinned, by the exact Jacobian of lstm_viz.
gradients, or by lstm_viz.counting. A guess is right within an absolute tolerance, or for answers that span orders
of magnitude, within a relative one (0.01 is not "close" to 0.005).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from lstm_viz import cells, counting, gradients


@dataclass(frozen=True)
class Question:
    key: str
    answer: Callable[[], float]
    asks: str  # what the answer is, as printed beside it
    tolerance: float = 0.02  # absolute
    relative: float | None = None  # if set: |guess − answer| ≤ relative · |answer| instead


def _cell(pins: Mapping[str, float], c0: float, steps: int, asks: str = "c") -> Callable[[], float]:
    """The value of ``asks`` after ``steps`` steps of a one-unit LSTM with these gates pinned, from c₀."""

    def compute() -> float:
        weights = cells.fresh(cells.kind("lstm"), 1)
        trace = cells.forward(weights, np.zeros((steps, 1)), {"c": [c0]}, pins)
        return float(trace.values[asks][-1, 0])

    return compute


def _cell_state_gradient(forget: float, steps: int) -> Callable[[], float]:
    """∂c_T/∂c_0 of a one-unit LSTM whose gates are pinned (f = ``forget``, nothing written): the exact Jacobian."""

    def compute() -> float:
        weights = cells.fresh(cells.kind("lstm"), 1)
        pins = {"f": forget, "i": 0.0, "c_tilde": 0.0, "o": 1.0}
        full, _, _ = gradients.lstm_sensitivity(weights, np.zeros((steps + 1, 1)), {"c": [1.0]}, pins)
        return float(full.jacobians[0][0, 0])

    return compute


QUESTIONS: tuple[Question, ...] = (
    Question("keep", _cell({"f": 0.9, "i": 0.0, "c_tilde": 0.5, "o": 1.0}, 1.0, 1), "c_t"),
    Question("mix", _cell({"f": 1.0, "i": 1.0, "c_tilde": 0.9, "o": 1.0}, 0.8, 1), "c_t"),
    Question("squash", _cell({"f": 1.0, "i": 0.0, "c_tilde": 0.0, "o": 0.5}, 3.0, 1, "h"), "h_t"),
    Question("hidden", _cell({"f": 1.0, "i": 0.0, "c_tilde": 0.0, "o": 0.0}, 0.8, 5), "c₅"),
    Question("unbounded", _cell({"f": 1.0, "i": 1.0, "c_tilde": 1.0, "o": 1.0}, 0.0, 10), "c₁₀"),
    Question("decay", _cell({"f": 0.95, "i": 0.0, "c_tilde": 1.0, "o": 1.0}, 1.0, 20), "c₂₀", relative=0.05),
    Question("gradient", _cell_state_gradient(0.9, 50), "∂c₅₀/∂c₀", relative=0.1),
    Question("count", lambda: float(counting.lstm_parameters(32, 1)), "4·u·(u + d + 1)", tolerance=0.5),
)


def answer(question: Question) -> float:
    return question.answer()


def is_close(guess: float, question: Question) -> bool:
    value = answer(question)
    if question.relative is not None:
        return abs(guess - value) <= question.relative * abs(value)
    return abs(guess - value) <= question.tolerance
