"""Parameter counts of recurrent layers (stacked, bidirectional) and a dense head, written out as formulas.

An LSTM layer with u units reading d features has 4 blocks (i, f, c̃, o), each an input kernel (d × u), a recurrent
kernel (u × u) and a bias (u): 4·u·(u + d + 1) (course document 001's formula). A GRU has 3 blocks and, with
Keras's default ``reset_after=True``, two biases: 3·u·(d + u + 2); without it 3·u·(d + u + 1). A plain RNN has one
block: u·(d + u + 1). A bidirectional layer doubles it and hands 2u features to the next layer. A dense layer of n
units after d features has (d + 1)·n. The tests check every count against Keras's ``count_params()``. The cells of
2024 (minGRU, minLSTM, sLSTM), which Keras has not, count their own arrays; the tests check those against their
reference implementations' layers.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from lstm_viz import cells
from lstm_viz.i18n import ENGLISH, Texts

# Course document 001's model and what it printed (BRIEF.md: two of its counts are wrong).
DOCUMENT_001 = {
    "input_features": 47,
    "lstm_units": (128, 128),
    "dense_units": 7,
    "document_counts": (90_112, 132_608, 903),
    "document_total": 223_623,
}
LAYERS = ("LSTM", "GRU", "SimpleRNN")  # Keras's layers; the tests check their counts against count_params()
# The cell kinds with no Keras layer that declare their count (CellKind.parameters): the cells of 2024
KINDS_COUNTED = tuple(kind.key for kind in cells.KINDS.values() if kind.keras_layer is None and kind.parameters)


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
    if layer in KINDS_COUNTED:  # the kind's own arrays, added up; its formula says the same
        kind = cells.kind(layer)
        params = sum(math.prod(spec.shape(input_dim, units)) for spec in kind.arrays)
        return Count(params, kind.parameters, values)
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

    @property
    def width(self) -> int:
        """The features it hands on: 2u for a bidirectional layer."""
        return self.directions * self.units

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


def output_shapes(rows: Sequence[LayerCount], return_sequences: bool = False) -> list[str]:
    """Each layer's output shape as Keras prints it: every recurrent layer but the last hands on its whole sequence;
    the last (and the dense head after it) keeps the time axis only with ``return_sequences``."""
    last = max((k for k, row in enumerate(rows) if row.layer != "Dense"), default=-1)
    return [
        f"(batch, T, {row.width})" if return_sequences or k < last else f"(batch, {row.width})"
        for k, row in enumerate(rows)
    ]


def table(rows: Sequence[LayerCount], return_sequences: bool = False, tr: Texts = ENGLISH) -> dict[str, list[str]]:
    """The calculator's table, column by column, in the page's language (numbers grouped as it groups them)."""

    def number(value: int) -> str:
        return tr.number(value, "")

    def name(row: LayerCount) -> str:
        if row.layer == "Dense":
            return tr("why_lstm.calculator.dense_name")
        key = "why_lstm.calculator.layer_name" + ("_bidirectional" if row.directions == 2 else "")
        return tr(key, layer=tr(f"layer.{row.layer}"), index=row.index)

    return {
        tr("why_lstm.col.layer"): [name(row) for row in rows],
        tr("why_lstm.col.reads"): [number(row.input_dim) for row in rows],
        tr("why_lstm.col.units"): [number(row.units) for row in rows],
        tr("why_lstm.col.shape"): output_shapes(rows, return_sequences),
        tr("why_lstm.col.parameters"): [number(row.params) for row in rows],
        tr("why_lstm.col.formula"): [row.formula_in(number) for row in rows],
    }


def document_001_miscount(rows: Sequence[LayerCount]) -> dict[str, int] | None:
    """Where course document 001 miscounts when ``rows`` are its model: the true count of its second LSTM, the true
    total, and how much more the document prints; None for any other model."""
    doc = DOCUMENT_001
    if list(rows) != count_parameters(doc["input_features"], doc["lstm_units"], dense_units=doc["dense_units"]):
        return None
    right = total(rows)
    return {"params": rows[1].params, "total": right, "difference": doc["document_total"] - right}
