"""One declaration of the stack view's state, its validator, and the stack it runs.

``FIELDS`` (the input's fields, shared with the cell explorer, then the stack's own) and ``layer_fields(k)`` (one
layer's kind, size, direction, merge mode and ``return_sequences``) are ``lstm_viz.explorer.fields.Field`` rows: the
sidebar's widget keys, the link's keys and their validation all follow from them. A ``StackConfig`` is what the page
shows; ``run`` computes it once: the layers' traces (``lstm_viz.stack.forward_stack``) and the head's softmax.

The weights are drawn from the seed (Normal(0, 1/(features + units)) per array, one generator per layer and
direction), so a link holds a stack in a few characters.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import numpy as np

from lstm_viz import cells
from lstm_viz.cells.base import Weights
from lstm_viz.cells.base import random as random_weights
from lstm_viz.explorer.fields import INPUT_FIELDS, MAX_UNITS, MIN_UNITS, Field
from lstm_viz.sequences import parse_inputs, preset_sequence
from lstm_viz.stack import MAX_LAYERS, MERGE_MODES, Layer, StackError, StackTrace, check, forward_stack

ON, OFF = "on", "off"
MAX_CLASSES = 10  # the Dense head's classes (document 001: 7 people)
MAX_SEED = 9_999


@dataclass(frozen=True)
class LayerConfig:
    kind: str = "lstm"
    units: int = 3
    bidirectional: bool = False
    merge_mode: str = "concat"
    return_sequences: bool = True


@dataclass(frozen=True)
class StackConfig:
    sequence: str = "pulse"
    custom: str = "0, 0.5, 1, 0.5, 0, -0.5, -1"
    steps: int = 12
    amplitude: float = 1.0
    layers: tuple[LayerConfig, ...] = (LayerConfig(), LayerConfig(return_sequences=False))
    head: int = 0  # classes of a Dense softmax on the last layer's output (0: no head)
    seed: int = 1
    compare: tuple[LayerConfig, ...] | None = None  # compare mode: a second stack's layers, on the same input
    trained: object = None  # a trained model's stack handed over (lstm_viz.layers.trained.TrainedStack), or None

    def inputs(self) -> np.ndarray:
        """The input (T, d); SequenceError for a typed sequence that does not parse."""
        if self.trained is not None:
            return self.trained.x
        if self.sequence == "custom":
            return parse_inputs(self.custom)
        return self.amplitude * preset_sequence(self.sequence, self.steps)[:, None]


# --- the declaration ---------------------------------------------------------------------------------------------

# fmt: off
STACK_FIELDS = (
    Field("count", "L", "stack_count", "layers.count", "integer", 2, 1, MAX_LAYERS, always=True, step=1),
    Field("head", "head", "stack_head", "layers.head", "integer", 0, 0, MAX_CLASSES, step=1),
    Field("seed", "seed", "stack_seed", "layers.seed", "integer", 1, 0, MAX_SEED, step=1),
)
# fmt: on
FIELDS = INPUT_FIELDS + STACK_FIELDS  # in the order a link writes them


SIDES = ("", "B")  # the stack, and compare mode's second one: its link keys start with "B", its widgets "stack_B_"


def count_field(side: str = "") -> Field:
    """How many layers a side has: "L" (always written) or "BL" (written only in compare mode) in a link."""
    return STACK_FIELDS[0] if not side else Field("count", "BL", "stack_B_count", "layers.count", "integer", 2, 1,
                                                  MAX_LAYERS, step=1)  # fmt: skip


@functools.cache
def layer_fields(number: int, side: str = "") -> tuple[Field, ...]:
    """Layer ``number``'s (1-based) fields: "k1", "u1", "bi1", "m1", "rs1" in a link; "stack_kind_1", … as widgets
    (compare mode's second stack: "Bk1", …, "stack_B_kind_1", …)."""
    default = LayerConfig()
    w = f"stack_{side}_" if side else "stack_"
    # fmt: off
    return (
        Field("kind", f"{side}k{number}", f"{w}kind_{number}", "layers.kind", "choice", default.kind,
              options=tuple(cells.KINDS)),
        Field("units", f"{side}u{number}", f"{w}units_{number}", "layers.units", "integer", default.units, MIN_UNITS,
              MAX_UNITS, step=1),
        Field("bidirectional", f"{side}bi{number}", f"{w}bi_{number}", "layers.bidirectional", "choice", OFF,
              options=(OFF, ON)),
        Field("merge_mode", f"{side}m{number}", f"{w}merge_{number}", "layers.merge_mode", "choice", "concat",
              options=MERGE_MODES),
        Field("return_sequences", f"{side}rs{number}", f"{w}rs_{number}", "layers.return_sequences", "choice", ON,
              options=(ON, OFF)),
    )
    # fmt: on


def side_layers(config: StackConfig, side: str) -> tuple[LayerConfig, ...]:
    return config.compare or () if side else config.layers


def with_side_layers(config: StackConfig, side: str, layers) -> StackConfig:
    return replace(config, **{"compare" if side else "layers": tuple(layers)})


def second(config: StackConfig) -> StackConfig:
    """Compare mode's second stack as a configuration of its own (the same input, seed and head)."""
    return replace(config, layers=config.compare, compare=None)


def with_compare(config: StackConfig, on: bool) -> StackConfig:
    """Compare mode on: a second stack of the same layers as GRUs (LSTM against GRU); off: one stack."""
    if not on:
        return replace(config, compare=None)
    return replace(config, compare=tuple(replace(layer, kind="gru") for layer in config.layers))


def layer_value(layer: LayerConfig, item: Field):
    """A layer's value as its field holds it ("on"/"off" for a switch)."""
    value = getattr(layer, item.name)
    return (ON if value else OFF) if isinstance(value, bool) else value


def with_layer_value(layer: LayerConfig, item: Field, value) -> LayerConfig:
    if isinstance(getattr(layer, item.name), bool):
        value = value == ON if isinstance(value, str) else bool(value)
    return replace(layer, **{item.name: value})


def config_value(config: StackConfig, item: Field):
    return len(config.layers) if item.name == "count" else getattr(config, item.name)


def with_count(config: StackConfig, count: int, side: str = "") -> StackConfig:
    """More layers: each new one is an LSTM of the last one's size, and the top one's return_sequences moves up to
    it (the layer below now hands its sequence on, as Keras requires); fewer: the top ones go."""
    layers = list(side_layers(config, side)[:count])
    while len(layers) < count:
        top = layers[-1] if layers else LayerConfig()
        layers[-1:] = [replace(top, return_sequences=True)] if layers else []
        layers.append(LayerConfig(units=top.units, return_sequences=top.return_sequences))
    return with_side_layers(config, side, layers)


# --- what Keras would build, and the run --------------------------------------------------------------------------


def problems(config: StackConfig) -> list[StackError]:
    """What Keras would refuse in this stack (a middle layer with return_sequences off): the page says so and runs
    ``buildable(config)`` instead."""
    return [StackError("stack.sequences", layer=n) for n, layer in enumerate(config.layers[:-1], 1)
            if not layer.return_sequences]  # fmt: skip


def buildable(config: StackConfig) -> StackConfig:
    """The stack with every middle layer handing on its sequence (as Keras requires)."""
    layers = [replace(layer, return_sequences=True) for layer in config.layers[:-1]] + list(config.layers[-1:])
    return replace(config, layers=tuple(layers), compare=None)


def _drawn(kind: str, units: int, features: int, seed: int, number: int, direction: int) -> Weights:
    rng = np.random.default_rng([seed, number, direction])
    return random_weights(cells.kind(kind), units, features, rng, 1.0 / np.sqrt(features + units))


def weights(config: StackConfig) -> list[Layer]:
    """The stack's layers with their weights: a trained model's, else drawn from the seed."""
    if config.trained is not None:
        return list(config.trained.layers)
    layers, features = [], config.inputs().shape[1]
    for number, layer in enumerate(config.layers, 1):
        cell = _drawn(layer.kind, layer.units, features, config.seed, number, 0)
        back = _drawn(layer.kind, layer.units, features, config.seed, number, 1) if layer.bidirectional else None
        built = Layer(cell, back, layer.return_sequences, layer.merge_mode)
        layers.append(built)
        features = built.width
    return layers


@dataclass(frozen=True)
class Head:
    """A Dense softmax over the last layer's output: per step (T, classes) with a sequence, else (classes,)."""

    kernel: np.ndarray
    bias: np.ndarray
    probabilities: np.ndarray


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def head(config: StackConfig, stack: StackTrace) -> Head | None:
    """The Dense head (None below 2 classes: a softmax of one class is always 1): a trained model's, else its weights
    drawn from the seed."""
    output = stack.output
    if config.trained is not None:
        if config.trained.dense is None:
            return None
        kernel, bias = config.trained.dense
    elif config.head < 2:
        return None
    else:
        rng = np.random.default_rng([config.seed, 0, 7])
        kernel = rng.normal(0.0, 1.0 / np.sqrt(output.shape[-1]), (output.shape[-1], config.head))
        bias = np.zeros(config.head)
    return Head(kernel, bias, softmax(output @ kernel + bias))


@dataclass(frozen=True)
class Run:
    config: StackConfig  # the stack run (buildable)
    layers: list[Layer]
    stack: StackTrace
    head: Head | None


def run(config: StackConfig) -> Run:
    """The stack computed once (StackError / SequenceError for what cannot run: the page says why)."""
    built = buildable(config)
    x = built.inputs()
    layers = weights(built)
    check(layers, x.shape[1])
    stack = forward_stack(layers, x)
    return Run(built, layers, stack, head(built, stack))


def of_trained(trained) -> StackConfig:
    """The stack view's configuration of a trained model's stack (its layers as they are: any size)."""
    layers = tuple(LayerConfig(layer.cell.kind.key, layer.cell.units, layer.bidirectional, layer.merge_mode,
                               layer.return_sequences) for layer in trained.layers)  # fmt: skip
    classes = 0 if trained.dense is None else trained.dense[0].shape[1]
    return StackConfig(sequence="given", steps=len(trained.x), layers=layers, head=classes, trained=trained)
