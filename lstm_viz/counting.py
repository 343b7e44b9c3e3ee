"""Parameter counts of recurrent layers (stacked, bidirectional) and a dense head, written out as formulas.

An LSTM layer with u units reading d features has 4 blocks (i, f, c̃, o), each an input kernel (d × u), a recurrent
kernel (u × u) and a bias (u): 4·u·(u + d + 1) (course document 001's formula). A GRU has 3 blocks and, with
Keras's default ``reset_after=True``, two biases: 3·u·(d + u + 2); without it 3·u·(d + u + 1). A plain RNN has one
block: u·(d + u + 1). A bidirectional layer doubles it and hands 2u features to the next layer. A dense layer of n
units after d features has (d + 1)·n. The tests check every count against Keras's ``count_params()``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

# Course document 001's model and what it printed (BRIEF.md: two of its counts are wrong).
DOCUMENT_001 = {
    "input_features": 47,
    "lstm_units": (128, 128),
    "dense_units": 7,
    "document_counts": (90_112, 132_608, 903),
    "document_total": 223_623,
}
LAYERS = ("LSTM", "GRU", "SimpleRNN")


def english(value: int) -> str:
    return f"{value:,}"


@dataclass(frozen=True)
class Count:
    """A parameter count and the formula it comes from (``pattern`` with {u}, {d}, {n} fields)."""

    params: int
    pattern: str
    values: dict[str, int] = field(default_factory=dict)

    def formula_in(self, number: Callable[[int], str] = english) -> str:
        """The formula with its numbers, written by ``number`` (the page's language: 222 599 or 222,599)."""
        filled = self.pattern.format(**{name: number(value) for name, value in self.values.items()})
        return f"{filled} = {number(self.params)}"

    @property
    def formula(self) -> str:
        return self.formula_in()


def lstm_parameters(units: int, input_dim: int) -> int:
    """4·u·(u + d + 1)."""
    return 4 * units * (units + input_dim + 1)


def recurrent(layer: str, units: int, input_dim: int, reset_after: bool = True) -> Count:
    """One direction of a recurrent layer: "LSTM", "GRU" or "SimpleRNN"."""
    values = {"u": units, "d": input_dim}
    if layer == "LSTM":
        return Count(lstm_parameters(units, input_dim), "4·{u}·({u} + {d} + 1)", values)
    if layer == "GRU":
        biases = 2 if reset_after else 1
        return Count(3 * units * (input_dim + units + biases), f"3·{{u}}·({{d}} + {{u}} + {biases})", values)
    if layer == "SimpleRNN":
        return Count(units * (input_dim + units + 1), "{u}·({d} + {u} + 1)", values)
    raise ValueError(f"unknown recurrent layer {layer!r}")


def dense(units: int, input_dim: int) -> Count:
    return Count((input_dim + 1) * units, "({d} + 1)·{n}", {"d": input_dim, "n": units})


@dataclass(frozen=True)
class LayerCount:
    """One row of the calculator's table."""

    layer: str  # "LSTM", "GRU", "SimpleRNN" or "Dense"
    index: int  # its place among the recurrent layers (1, 2, …), 0 for the dense head
    input_dim: int
    units: int
    directions: int
    count: Count

    @property
    def params(self) -> int:
        return self.directions * self.count.params

    def formula_in(self, number: Callable[[int], str] = english) -> str:
        single = self.count.formula_in(number)
        if self.directions == 1:
            return single
        return f"2 × {single.split(' = ')[0]} = {number(self.params)}"


def count_parameters(
    input_features: int,
    units: Sequence[int],
    bidirectional: bool = False,
    dense_units: int = 0,
    layer: str = "LSTM",
    reset_after: bool = True,
) -> list[LayerCount]:
    """Every layer's parameters for recurrent layers of the given sizes, stacked, then an optional dense head."""
    if input_features < 1 or any(u < 1 for u in units) or dense_units < 0:
        raise ValueError("features and units must be positive")
    directions = 2 if bidirectional else 1
    rows, d = [], input_features
    for k, u in enumerate(units, start=1):
        rows.append(LayerCount(layer, k, d, u, directions, recurrent(layer, u, d, reset_after)))
        d = directions * u
    if dense_units:
        rows.append(LayerCount("Dense", 0, d, dense_units, 1, dense(dense_units, d)))
    return rows


def total(rows: Sequence[LayerCount]) -> int:
    return sum(row.params for row in rows)
