"""A trained Keras model opened whole in the stack view: its chain of recurrent layers, its softmax head, one input.

``from_keras(model, model_input, labels, source)`` reads the model's layers in order: the recurrent layers (LSTM, GRU,
SimpleRNN, plain or Bidirectional) that follow one another with only Dropout between them (Dropout does nothing at
prediction time) form the stack, at most MAX_LAYERS of them; a Dense softmax right after the last one (Dropout
between allowed) is its head. What comes before the first recurrent layer (a reshape, a pooling) Keras computes
once on ``model_input``: the stack reads its output. The NumPy stack is then checked against Keras's own outputs of
every layer (and of the head) on that input: the note gives the largest difference.

Where the model goes on otherwise (a second reading joined to the first, a pooling of every step's h), the stack is the
chain up to there, without a head, and ``stop`` names the layer that ends it. A model the NumPy cells cannot compute
(a masked input, a layer reading backwards on its own, no recurrent layer) is refused with a ``TextError`` naming the
layer, never a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lstm_viz import cells
from lstm_viz.i18n import TextError
from lstm_viz.stack import MAX_LAYERS, Layer, forward_stack

RECURRENT = ("LSTM", "GRU", "SimpleRNN")
PASSED = ("Dropout", "SpatialDropout1D", "GaussianDropout", "GaussianNoise", "AlphaDropout")  # identity at prediction


@dataclass(frozen=True, eq=False)
class TrainedStack:
    """A trained model's stack on one input; ``difference``: the largest |NumPy − Keras| over every layer's output."""

    layers: tuple[Layer, ...]
    x: np.ndarray  # (T, d): what the first recurrent layer reads
    dense: tuple[np.ndarray, np.ndarray] | None  # the softmax head's kernel and bias
    labels: tuple[str, ...]
    source: tuple[str, dict]  # (catalogue key, values): where it came from
    difference: float
    left_out: int = 0  # recurrent layers beyond MAX_LAYERS, not shown
    stop: str = ""  # the layer where the chain stops before the model's end (two readings joined): "" if none


def _inner(layer):
    return getattr(layer, "forward_layer", layer)


def _is_recurrent(layer) -> bool:
    return type(_inner(layer)).__name__ in RECURRENT


def _layer(keras_layer) -> Layer:
    inner = _inner(keras_layer)
    if getattr(inner, "go_backwards", False) and inner is keras_layer:
        raise TextError("layers.trained.backwards", name=keras_layer.name)
    try:
        cell = cells.from_keras(inner)
        backward = cells.from_keras(keras_layer.backward_layer) if inner is not keras_layer else None
    except ValueError as error:
        raise TextError("layers.trained.layer", name=keras_layer.name, reason=str(error)[:200]) from None
    merge_mode = getattr(keras_layer, "merge_mode", "concat") if backward is not None else "concat"
    if merge_mode not in ("concat", "sum", "ave", "mul"):
        raise TextError("layers.trained.merge", name=keras_layer.name, mode=str(merge_mode))
    return Layer(cell, backward, bool(inner.return_sequences), merge_mode)


def _sources(layer) -> list:
    """The layers whose outputs this layer reads."""
    inputs = layer.input if isinstance(layer.input, list | tuple) else [layer.input]
    histories = (getattr(tensor, "_keras_history", None) for tensor in inputs)
    return [history[0] for history in histories if history]


def chain(model) -> tuple[list, object | None, int, str]:
    """(the recurrent layers of the stack, the Dense head or None, how many recurrent layers were left out, the name
    of the layer where the chain stops before the model's end: "" if it does not)."""
    for layer in model.layers:
        # (the NumPy cells read every step: a masked step would be computed; an Embedding with mask_zero masks too)
        if type(layer).__name__ == "Masking" or getattr(layer, "mask_zero", False):
            raise TextError("layers.trained.masking", name=layer.name)
    first = next((layer for layer in model.layers if _is_recurrent(layer)), None)
    if first is None:
        raise TextError("layers.trained.none")
    readers: dict[int, list] = {}  # a layer → the layers that read its output
    for layer in model.layers:
        for source in _sources(layer):
            readers.setdefault(id(source), []).append(layer)
    found, at, head = [first], first, None
    while True:  # along the graph: the one layer that reads the last one's output
        following = readers.get(id(at), [])
        if not following:
            return _shown(found, head, "")
        nxt = following[0]
        name = type(nxt).__name__
        alone = len(following) == 1 and len(_sources(nxt)) == 1  # (a layer joining two readings is not a stack's)
        if alone and _is_recurrent(nxt):
            found.append(nxt)
        elif alone and name in PASSED:
            pass
        elif alone and name == "Dense" and nxt is model.layers[-1] and \
                getattr(getattr(nxt, "activation", None), "__name__", "") == "softmax":  # fmt: skip
            head = nxt
        else:
            return _shown(found, None, nxt.name)
        at = nxt


def _shown(found: list, head, stop: str) -> tuple[list, object | None, int, str]:
    shown = found[:MAX_LAYERS]
    return shown, head if len(found) <= MAX_LAYERS else None, len(found) - len(shown), stop


def from_keras(model, model_input: np.ndarray, labels: Sequence[str], source: tuple[str, dict]) -> TrainedStack:
    """The model's stack on one input (no batch axis), checked against Keras (TextError: what cannot be shown)."""
    recurrent, head, left_out, stop = chain(model)
    try:
        return _checked(model, model_input, labels, source, recurrent, head, left_out, stop)
    except TextError:
        raise
    except Exception as error:  # an uploaded model Keras cannot run this way: say so, never a traceback
        reason = (str(error).strip().splitlines() or [type(error).__name__])[0][:200]
        raise TextError("layers.trained.keras", reason=reason) from None


def _checked(model, model_input, labels, source, recurrent, head, left_out: int, stop: str) -> TrainedStack:
    import keras

    layers = tuple(_layer(layer) for layer in recurrent)
    outputs = [recurrent[0].input] + [layer.output for layer in recurrent] + ([head.output] if head else [])
    probe = keras.Model(model.inputs[0], outputs)
    found = probe(np.asarray(model_input, dtype="float32")[None], training=False)
    found = [np.asarray(value, dtype=np.float64)[0] for value in found]
    x = found[0].reshape(len(found[0]), -1)
    stack = forward_stack(layers, x)
    ours = [layer.output for layer in stack.layers]
    dense = None
    if head is not None:
        kernel, bias = (np.asarray(w, dtype=np.float64) for w in head.get_weights())
        dense = (kernel, bias)
        logits = ours[-1] @ kernel + bias
        logits = np.exp(logits - logits.max(axis=-1, keepdims=True))
        ours.append(logits / logits.sum(axis=-1, keepdims=True))
    difference = max(float(np.abs(mine - theirs).max()) for mine, theirs in zip(ours, found[1:]))
    return TrainedStack(layers, x, dense, tuple(labels), source, difference, left_out, stop)
