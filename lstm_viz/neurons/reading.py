"""Reading a trained character model unit by unit: its values over a passage, and which unit tracks which feature of
the text (the correlation table of LSTMVis and Karpathy 2015).

Everything comes from the NumPy cell run over the passage (``forward``: the same numbers as the Keras layer); the
text view and the table read that trace.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_viz.cells.base import Trace, Weights, forward
from lstm_viz.neurons import correlate, features
from lstm_viz.neurons.charset import Charset

QUANTITIES = ("h", "c", "i", "f", "o", "c_tilde")  # what a unit's text view can colour by
CORRELATED = ("h", "c")  # what the table correlates with the features
PASSAGE = 2_000  # characters in a text view
TABLE_TEXT = 10_000  # characters of held-out text behind the table


def trace_of(weights: Weights, charset: Charset, text: str) -> Trace:
    """The layer run over ``text`` from zero states, every intermediate kept."""
    return forward(weights, charset.one_hot(charset.encode(text)))


class Reader:
    """The layer reading one character at a time from zero states: ``forward`` kept open, for a text too long to
    keep every intermediate of, or one written as it is read (sampling)."""

    def __init__(self, weights: Weights, charset: Charset) -> None:
        self.weights, self.eye = weights, np.eye(charset.size)
        self.state = {name: np.zeros(weights.units) for name in weights.kind.states}

    def read(self, index: int):
        """One step on the character ``index``; the kind's step (every part of it) is returned."""
        step = self.weights.kind.step(self.weights, self.eye[index], *self.state.values())
        self.state = {name: getattr(step, name) for name in self.state}
        return step


def states_of(weights: Weights, charset: Charset, text: str) -> dict[str, np.ndarray]:
    """Only h and c over a long text, (T, units) float32 each (a full trace of 10,000 steps would take ~130 MB)."""
    reader = Reader(weights, charset)
    kept = {name: np.zeros((len(text), weights.units), np.float32) for name in CORRELATED if name in reader.state}
    for t, index in enumerate(charset.encode(text)):
        step = reader.read(index)
        for name, array in kept.items():
            array[t] = getattr(step, name)
    return kept


@dataclass(frozen=True)
class Row:
    feature: str
    unit: int  # 0-based
    quantity: str  # "h" or "c"
    r: float
    present: bool = True  # False: the feature never changes in the text (no comment in it, say), so r means nothing


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]  # the best unit for each feature, strongest first
    r: dict[tuple[str, str], np.ndarray]  # (feature, quantity) → r of every unit
    characters: int  # how much text it was computed on

    def rank(self, feature: str, unit: int) -> tuple[int, float, str]:
        """Where ``unit`` stands for ``feature`` among all units (1 = the best), its r and its better quantity."""
        scores = {q: values for (f, q), values in self.r.items() if f == feature}
        best_q = max(scores, key=lambda q: abs(scores[q][unit]))
        strongest = np.max([np.abs(v) for v in scores.values()], axis=0)
        return int((strongest > strongest[unit]).sum()) + 1, float(scores[best_q][unit]), best_q

    def direction(self, feature: str) -> str:
        """Which way up the best unit follows ``feature``: "up" (high where it holds) or "down" (its r < 0)."""
        return correlate.direction(next(row.r for row in self.rows if row.feature == feature))


def unit_table(states: dict[str, np.ndarray], text: str) -> Table:
    """For every feature, the (unit, quantity) with the largest |r| over ``text``."""
    values = features.extract(text)
    r = {}
    for quantity, activations in states.items():
        for feature, per_unit in correlate.correlations(activations, values).items():
            r[feature, quantity] = per_unit
    rows = []
    for feature in features.FEATURES:
        candidates = [(abs(r[feature, q][u]), u, q) for q in states for u in range(len(r[feature, q]))]
        _, unit, quantity = max(candidates)
        present = bool(np.ptp(values[feature]) > 0)
        rows.append(Row(feature, unit, quantity, float(r[feature, quantity][unit]), present))
    rows.sort(key=lambda row: -abs(row.r))
    return Table(tuple(rows), r, len(text))


def passages(text: str, size: int = PASSAGE) -> list[int]:
    """Where the text views of ``text`` may start: every ``size`` characters, moved to the next line start."""
    starts = []
    for k in range(0, max(len(text) - size // 4, 1), size):
        line = text.find("\n", k)
        start = line + 1 if k and 0 <= line < k + size // 2 else k
        if not starts or start > starts[-1]:
            starts.append(start)
    return starts


def unigram_bits(training: str, held_out: str, charset: Charset) -> float:
    """Bits per character of the held-out text under the training text's character frequencies (add-one smoothed):
    what a model that ignores context reaches, the baseline a char-LSTM must beat."""
    counts = np.bincount(charset.encode(training), minlength=charset.size) + 1.0
    p = counts / counts.sum()
    return float(-np.log2(p[charset.encode(held_out)]).mean())


def values_of(trace: Trace) -> dict[str, np.ndarray]:
    """The quantities a text view colours by, (T, units) float32 each: a passage's trace without the rest."""
    return {q: trace.values[q].astype(np.float32) for q in QUANTITIES if q in trace.values}
