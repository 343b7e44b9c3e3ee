"""Layers, not just a cell (issue 34): stacked and bidirectional recurrent layers, as Keras computes them.

A ``Layer`` is one cell (any kind) reading forwards, or a Bidirectional pair: a second cell reads the sequence from
its last step to its first, and its outputs, put back in time order, are merged with the forward ones (Keras's
``merge_mode``: "concat" joins them, 2u features; "sum", "ave" and "mul" combine them, u features). With
``return_sequences`` a layer hands every step's output to the next; without it only the last (the forward cell's
h after step T−1, the backward cell's after it read step 0), and no recurrent layer may follow (Keras refuses a 2-D
input). ``forward_stack`` runs every cell with ``cells.forward``: each layer's traces are the same traces a single
cell has, so the scene, the equations and the charts read them as they read one cell's.

    layer k reads layer k−1's outputs (T, features)            layer 1 reads x (T, d)
    bidirectional:  h→_t = cell→(x_0..x_t),  h←_t = cell←(x_{T−1}..x_t),  out_t = merge(h→_t, h←_t)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from lstm_viz.cells.base import Trace, Weights, forward
from lstm_viz.i18n import TextError

MERGE_MODES = ("concat", "sum", "ave", "mul")
MAX_LAYERS = 3


class StackError(TextError):
    """A stack Keras would refuse (the message names the layer and the rule)."""


@dataclass(frozen=True)
class Layer:
    cell: Weights  # the forward cell
    backward: Weights | None = None  # a Bidirectional layer's second cell, reading from the last step
    return_sequences: bool = True
    merge_mode: str = "concat"

    @property
    def bidirectional(self) -> bool:
        return self.backward is not None

    @property
    def width(self) -> int:
        """Features of each output: u, or 2u for a concatenated Bidirectional layer."""
        units = self.cell.units
        return 2 * units if self.bidirectional and self.merge_mode == "concat" else units


@dataclass(frozen=True)
class LayerTrace:
    layer: Layer
    trace: Trace  # the forward cell over the layer's input
    backward: Trace | None  # the backward cell over the input reversed (its step s read input step T−1−s)
    output: np.ndarray  # (T, width) with return_sequences, else (width,)

    @property
    def sequence(self) -> np.ndarray:
        """Every step's merged output (T, width), passed on or not."""
        return merge(self.layer, self.trace.h, self.backward.h[::-1] if self.backward is not None else None)


@dataclass(frozen=True)
class StackTrace:
    x: np.ndarray
    layers: list[LayerTrace] = field(default_factory=list)

    @property
    def output(self) -> np.ndarray:
        return self.layers[-1].output


def merge(layer: Layer, forwards: np.ndarray, backwards: np.ndarray | None) -> np.ndarray:
    """Keras's Bidirectional merge of the two directions' outputs (the backward ones in time order already)."""
    if backwards is None:
        return forwards
    if layer.merge_mode == "concat":
        return np.concatenate([forwards, backwards], axis=-1)
    if layer.merge_mode == "sum":
        return forwards + backwards
    if layer.merge_mode == "ave":
        return (forwards + backwards) / 2
    return forwards * backwards


def check(layers: Sequence[Layer], input_dim: int) -> None:
    """StackError for a stack Keras would not build: too many or no layers, a merge mode it lacks, a layer whose
    cell does not read the features the layer below hands it, a middle layer that hands on only its last output."""
    if not 1 <= len(layers) <= MAX_LAYERS:
        raise StackError("stack.count", count=len(layers), limit=MAX_LAYERS)
    features = input_dim
    for number, layer in enumerate(layers, 1):
        if layer.merge_mode not in MERGE_MODES:
            raise StackError("stack.merge_mode", layer=number, names=", ".join(MERGE_MODES))
        for cell in (layer.cell, layer.backward):
            if cell is not None and cell.input_dim != features:
                raise StackError("stack.features", layer=number, reads=cell.input_dim, given=features)
        if layer.backward is not None and layer.backward.units != layer.cell.units:
            raise StackError("stack.directions", layer=number)
        if not layer.return_sequences and number < len(layers):
            raise StackError("stack.sequences", layer=number)
        features = layer.width


def forward_stack(
    layers: Sequence[Layer], x: np.ndarray, initial: Sequence[Mapping | None] | None = None
) -> StackTrace:
    """Every layer over the sequence x (T, d). ``initial``: per layer, the states its cells start from, as Keras's
    ``initial_state`` (a mapping state → (u,) for one direction; for a Bidirectional layer, {"forward": …,
    "backward": …}); None: zeros."""
    x = np.asarray(x, dtype=np.float64).reshape(len(x), -1)
    check(layers, x.shape[1])
    initial = list(initial or []) + [None] * (len(layers) - len(initial or []))
    result = StackTrace(x)
    seen = x
    for layer, start in zip(layers, initial):
        start = start or {}
        own = start.get("forward", start) if layer.bidirectional else start
        trace = forward(layer.cell, seen, own)
        backward = None
        if layer.backward is not None:
            backward = forward(layer.backward, seen[::-1], start.get("backward"))
        sequence = merge(layer, trace.h, backward.h[::-1] if backward is not None else None)
        if layer.return_sequences:
            output = sequence
        else:  # the last outputs: forwards after step T−1, backwards after reading step 0
            output = merge(layer, trace.h[-1], backward.h[-1] if backward is not None else None)
        result.layers.append(LayerTrace(layer, trace, backward, output))
        seen = output
    return result
