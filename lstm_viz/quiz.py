"""Predict, then reveal: questions about one cell, each answered by the code that runs the cell.

Two kinds of question:

- **numeric** questions (``numeric_questions(seed)``): their numbers are drawn from a student's seed, so two neighbours
  get different numbers; the answer is computed, never typed in: by the NumPy LSTM with the question's gates pinned, by
  the exact Jacobian of lstm_viz.gradients, or by lstm_viz.counting. A guess is right within an absolute tolerance, or
  for answers that span orders of magnitude, within a relative one (0.01 is not "close" to 0.005). Some wrong answers
  are what a misconception computes (1 for a cell state that is believed to stay within ±1): those are named;
- **conceptual** multiple-choice questions (``CONCEPTUAL``), at least two per misconception, of which
  ``conceptual_questions(seed)`` draws one per misconception; every wrong choice names the misconception it reveals.

The misconceptions (``MISCONCEPTIONS``) are the beliefs this app's pages argue against: a gate as a switch (course
document 004's «Сигмоида выдает 0/1»), a bounded cell state, f ≈ 1 as "forever", h as the memory, units as time steps,
weights per step, LSTMs curing exploding gradients, and long memory from the start. Texts live in the catalogues:
``quiz.<key>.text`` and ``.explanation`` (their fields are the drawn numbers), ``quiz.<key>.choice.<n>``,
``quiz.misconception.<name>``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from lstm_viz import cells, counting, gradients

MISCONCEPTIONS = (
    "gate_is_binary",  # document 004: «Сигмоида выдает 0/1»
    "cell_is_bounded",
    "near_one_keeps",
    "output_is_memory",
    "units_are_steps",
    "weights_per_step",
    "lstm_cures_exploding",
    "long_memory_from_start",
)
SUBSCRIPTS = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(frozen=True)
class Numeric:
    """A numeric question with its drawn numbers (the text's fields), its computed answer and the wrong answers that
    misconceptions give (``traps``: (value, misconception))."""

    key: str  # catalogue quiz.<key>.text / .explanation
    values: Mapping[str, float | int | str]
    answer: float
    asks: str  # what the answer is, as printed beside it
    tolerance: float = 0.02  # absolute
    relative: float | None = None  # if set: |guess − answer| ≤ relative · |answer| instead
    traps: tuple[tuple[float, str], ...] = ()

    def _near(self, guess: float, value: float) -> bool:
        if self.relative is not None:
            return abs(guess - value) <= self.relative * abs(value)
        return abs(guess - value) <= self.tolerance

    def is_close(self, guess: float) -> bool:
        return self._near(float(guess), self.answer)

    def misconception(self, guess: float) -> str | None:
        """The misconception a wrong guess fits (the first trap it is as close to as a right answer would be)."""
        if self.is_close(guess):
            return None
        return next((name for value, name in self.traps if self._near(float(guess), value)), None)


@dataclass(frozen=True)
class Conceptual:
    """A multiple-choice question: for each choice (catalogue ``quiz.<key>.choice.<n>``, n from 1), None if it is
    right, else the misconception it reveals. ``values`` fill the texts' fields (computed numbers)."""

    key: str
    reveals: tuple[str | None, ...]
    values: Mapping[str, float] = field(default_factory=dict)

    @property
    def answer(self) -> int:
        """The right choice (0-based)."""
        return self.reveals.index(None)

    @property
    def tests(self) -> str:
        """The misconception the question is built on (the one its wrong choices reveal most)."""
        wrong = [name for name in self.reveals if name is not None]
        return max(set(wrong), key=wrong.count)

    def misconception(self, picked: int) -> str | None:
        return self.reveals[picked]


def subscript(number: int) -> str:
    return str(number).translate(SUBSCRIPTS)


def superscript(number: int) -> str:
    return str(number).translate(SUPERSCRIPTS)


def _cell(pins: Mapping[str, float], c0: float, steps: int, asks: str = "c") -> float:
    """The value of ``asks`` after ``steps`` steps of a one-unit LSTM with these gates pinned, from c₀."""
    weights = cells.fresh(cells.kind("lstm"), 1)
    trace = cells.forward(weights, np.zeros((steps, 1)), {"c": [c0]}, pins)
    return float(trace.values[asks][-1, 0])


def _cell_state_gradient(forget: float, steps: int) -> float:
    """∂c_T/∂c_0 of a one-unit LSTM whose gates are pinned (f = ``forget``, nothing written): the exact Jacobian."""
    weights = cells.fresh(cells.kind("lstm"), 1)
    pins = {"f": forget, "i": 0.0, "c_tilde": 0.0, "o": 1.0}
    full, _, _ = gradients.lstm_sensitivity(weights, np.zeros((steps + 1, 1)), {"c": [1.0]}, pins)
    return float(full.jacobians[0][0, 0])


def _pick(rng: np.random.Generator, options) -> float:
    return float(rng.choice(np.asarray(options, dtype=np.float64)))


def _tenths(low: float, high: float) -> np.ndarray:
    return np.round(np.arange(round(low * 10), round(high * 10) + 1) / 10, 1)


def numeric_questions(seed: int) -> tuple[Numeric, ...]:
    """The eight numeric questions with numbers drawn from ``seed`` (a student's), each answer computed."""
    rng = np.random.default_rng(seed)
    questions = []

    f, c_prev = _pick(rng, [0.5, 0.6, 0.7, 0.8, 0.9]), _pick(rng, _tenths(0.5, 2.0))
    kept = _cell({"f": f, "i": 0.0, "c_tilde": 0.5, "o": 1.0}, c_prev, 1)
    questions.append(Numeric("keep", {"f": f, "c_prev": c_prev}, kept, "cₜ", traps=((c_prev, "gate_is_binary"),)))

    c_prev, c_tilde = _pick(rng, _tenths(0.5, 0.9)), _pick(rng, _tenths(0.5, 0.9))
    mixed = _cell({"f": 1.0, "i": 1.0, "c_tilde": c_tilde, "o": 1.0}, c_prev, 1)
    traps = ((1.0, "cell_is_bounded"), (math.tanh(mixed), "cell_is_bounded"))
    questions.append(Numeric("mix", {"c_prev": c_prev, "c_tilde": c_tilde, "sum": mixed}, mixed, "cₜ", traps=traps))

    c, o = _pick(rng, _tenths(1.5, 4.0)[::5]), _pick(rng, _tenths(0.3, 0.9))
    h = _cell({"f": 1.0, "i": 0.0, "c_tilde": 0.0, "o": o}, c, 1, "h")
    values = {"c": c, "o": o, "tanh": math.tanh(c)}
    questions.append(Numeric("squash", values, h, "hₜ", traps=((o * c, "output_is_memory"),)))

    c0, steps = _pick(rng, _tenths(0.3, 0.9)), int(rng.integers(3, 9))
    kept = _cell({"f": 1.0, "i": 0.0, "c_tilde": 0.0, "o": 0.0}, c0, steps)
    values = {"c0": c0, "steps": steps}
    questions.append(Numeric("hidden", values, kept, f"c{subscript(steps)}", traps=((0.0, "output_is_memory"),)))

    steps = int(rng.integers(5, 16))
    grown = _cell({"f": 1.0, "i": 1.0, "c_tilde": 1.0, "o": 1.0}, 0.0, steps)
    values = {"steps": steps, "answer": grown}
    questions.append(Numeric("unbounded", values, grown, f"c{subscript(steps)}", traps=((1.0, "cell_is_bounded"),)))

    f, steps = _pick(rng, [0.9, 0.92, 0.95, 0.97]), int(rng.choice([10, 20, 30]))
    left = _cell({"f": f, "i": 0.0, "c_tilde": 1.0, "o": 1.0}, 1.0, steps)
    values = {"f": f, "steps": steps, "power": superscript(steps), "answer": left, "lost": 1 - left}
    traps = ((1.0, "near_one_keeps"),)
    questions.append(Numeric("decay", values, left, f"c{subscript(steps)}", relative=0.05, traps=traps))

    f, steps = _pick(rng, [0.8, 0.85, 0.9, 0.95]), int(rng.choice([20, 30, 50]))
    slope = _cell_state_gradient(f, steps)
    values = {"f": f, "steps": steps, "T": subscript(steps), "power": superscript(steps), "answer": slope,
              "ratio": round(1 / slope)}  # fmt: skip
    traps = ((1.0, "near_one_keeps"), (f, "near_one_keeps"))
    asks = f"∂c{subscript(steps)}/∂c₀"
    questions.append(Numeric("gradient", values, slope, asks, relative=0.1, traps=traps))

    units, features = int(rng.choice([8, 16, 32, 64])), int(rng.choice([1, 2, 3, 5]))
    steps = int(rng.choice([20, 50, 100]))
    count = counting.lstm_parameters(units, features)
    values = {"units": units, "features": features, "steps": steps, "answer": count}
    traps = ((count * steps, "weights_per_step"), (counting.lstm_parameters(steps, features), "units_are_steps"))
    questions.append(Numeric("count", values, float(count), "4·u·(u + d + 1)", tolerance=0.5, traps=traps))
    return tuple(questions)


def _sigmoid(z: float) -> float:
    return float(cells.sigmoid(np.array(z)))


# Each misconception has at least two questions; the right choice's place varies. The values are computed.
CONCEPTUAL: tuple[Conceptual, ...] = (
    Conceptual("binary_share", ("gate_is_binary", None, "gate_is_binary")),
    Conceptual("binary_reach", (None, "gate_is_binary", "gate_is_binary"), {"high": _sigmoid(6.0)}),
    Conceptual("bounded_sum", ("cell_is_bounded", "cell_is_bounded", None)),
    Conceptual("bounded_where", (None, "cell_is_bounded", "cell_is_bounded")),
    Conceptual("near_one_fades", ("near_one_keeps", None, "near_one_keeps")),
    Conceptual("near_one_gradient", ("near_one_keeps", "near_one_keeps", None)),
    Conceptual("hidden_kept", (None, "output_is_memory", "output_is_memory")),
    Conceptual("h_or_c", ("output_is_memory", None, "output_is_memory")),
    Conceptual("units_meaning", ("units_are_steps", None, "units_are_steps")),
    Conceptual("units_runs", ("units_are_steps", "units_are_steps", None)),
    Conceptual("shared_parameters", (None, "weights_per_step", "weights_per_step")),
    Conceptual("same_u", ("weights_per_step", None, "weights_per_step")),
    Conceptual("exploding_lstm", ("lstm_cures_exploding", "lstm_cures_exploding", None)),
    Conceptual("clipping", (None, "lstm_cures_exploding", "lstm_cures_exploding")),
    Conceptual("fresh_forget", ("long_memory_from_start", None, "long_memory_from_start"), {"f": _sigmoid(1.0)}),
    Conceptual("learned_memory", ("long_memory_from_start", "long_memory_from_start", None)),
)


def conceptual_questions(seed: int) -> tuple[Conceptual, ...]:
    """One question per misconception, drawn from ``seed`` (in MISCONCEPTIONS' order)."""
    rng = np.random.default_rng([seed, 1])
    drawn = []
    for name in MISCONCEPTIONS:
        options = [question for question in CONCEPTUAL if question.tests == name]
        drawn.append(options[int(rng.integers(len(options)))])
    return tuple(drawn)
