"""What every training page shares: one timed, stoppable fit on a pooled compiled model, layer summaries, the
.keras file, and the check that the NumPy cell computes what the Keras layer computes.

Import lazily: TensorFlow takes seconds to load. A page passes a ``training.Progress``; its callback goes into
``fit``, so the page shows live progress and can stop the run; the result keeps the model as trained so far.
"""

from __future__ import annotations

import gc
import os
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras
import numpy as np

from lstm_viz import cells, counting
from lstm_viz.cells.base import Weights, forward
from lstm_viz.training import Progress

# TensorFlow's import leaves ~a million objects that live as long as the process. Out of the collector's reach,
# a full collection costs ~3 ms instead of ~150 ms (measured), and a server collects often.
gc.freeze()

RECURRENT = (keras.layers.LSTM, keras.layers.GRU, keras.layers.SimpleRNN)


def recurrent_layers(model: keras.Model) -> list:
    """The model's recurrent layers in order (a Bidirectional one as itself)."""
    return [
        layer
        for layer in model.layers
        if isinstance(layer, RECURRENT)
        or (isinstance(layer, keras.layers.Bidirectional) and isinstance(layer.forward_layer, RECURRENT))
    ]


def layer_weights(layer) -> Weights:
    """A recurrent layer's weights as the NumPy cell takes them (a Bidirectional layer's forward direction)."""
    return cells.from_keras(getattr(layer, "forward_layer", layer))


# --- summaries --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LayerSummary:
    name: str
    kind: str
    output_shape: str
    params: int
    count: counting.Count | None = None  # the formula behind ``params`` (recurrent and dense layers)
    directions: int = 1

    def formula_in(self, number=counting.english) -> str:
        if self.count is None:
            return ""
        single = self.count.formula_in(number)
        return single if self.directions == 1 else f"2 × {single.split(' = ')[0]} = {number(self.params)}"


def summarize(model: keras.Model) -> list[LayerSummary]:
    """Layers, output shapes and parameter counts from Keras, with the formula of each recurrent or dense layer."""
    rows = []
    for layer in model.layers:
        inner = getattr(layer, "forward_layer", layer)
        count = None
        if isinstance(inner, RECURRENT):
            d, u = int(inner.get_weights()[0].shape[0]), inner.units
            count = counting.recurrent(type(inner).__name__, u, d, getattr(inner, "reset_after", True))
        elif isinstance(layer, keras.layers.Dense):
            count = counting.dense(layer.units, int(layer.get_weights()[0].shape[0]))
        shape = getattr(layer, "output", None)
        shape = str(tuple(shape.shape)) if shape is not None else ""
        directions = 2 if inner is not layer else 1
        rows.append(LayerSummary(layer.name, type(layer).__name__, shape, layer.count_params(), count, directions))
    return rows


_MEMO: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def memo(model: keras.Model, key, compute):
    """``compute()`` once per (model, key) while the model lives: a page's reruns reuse what it derived."""
    table = _MEMO.setdefault(model, {})
    if key not in table:
        table[key] = compute()
    return table[key]


def memo_recent(model: keras.Model, family: str, key, compute, keep: int = 8):
    """Like ``memo``, but only the ``keep`` latest keys of a family stay (for derived data a user browses through:
    a text passage's trace is ~6 MB)."""
    table = memo(model, family, dict)
    if key not in table:
        while len(table) >= keep:
            table.pop(next(iter(table)))
        table[key] = compute()
    return table[key]


def saved_bytes(model: keras.Model, suffix: str = ".keras") -> bytes:
    """The model saved to a private temporary file (``.keras``, or ``.h5`` where a test needs one) and read back."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, f"model{suffix}")
        model.save(path)
        with open(path, "rb") as handle:
            return handle.read()


def model_bytes(model: keras.Model) -> bytes:
    """The model as a ``.keras`` file, for a download button (saved once per model, not on every rerun)."""
    return memo(model, "keras file", lambda: saved_bytes(model))


# --- NumPy against Keras ----------------------------------------------------------------------------------------


def keras_hidden_states(weights: Weights, x: np.ndarray, initial: dict | None = None) -> np.ndarray:
    """h at every step (T, u) from a fresh Keras layer of the weights' kind holding them: Keras's own answer."""
    kind = weights.kind
    layer_class = getattr(keras.layers, kind.keras_layer)
    layer = layer_class(weights.units, activation=weights.activation, return_sequences=True)
    layer.build((1, x.shape[0], x.shape[1]))
    layer.set_weights([w.astype("float32") for w in kind.to_keras(weights)])
    state = None
    if initial:
        state = [np.asarray(initial[s], "float32")[None] for s in kind.states]
        state = state[0] if len(state) == 1 else state
    return np.asarray(layer(x[None].astype("float32"), initial_state=state))[0]


def numpy_keras_difference(weights: Weights, x: np.ndarray) -> float:
    """Largest |h_NumPy − h_Keras| over every step of one input."""
    return float(np.abs(forward(weights, x).h - keras_hidden_states(weights, x)).max())


# --- training without leaking: one compiled model per architecture, reused -------------------------------------


class TrainerPool:
    """Compiled models kept for training, reused run after run.

    Every ``fit`` of a *new* Keras model keeps about 10 MB of the process for good (keras #17458, tensorflow
    #61791; ``clear_session`` does not give it back, and would reset every other session's Keras state). A
    classroom server trains hundreds of times, so a run borrows an idle compiled model of its architecture,
    resets it to a freshly seeded initialisation and a fresh optimizer, trains it, and copies the trained
    weights into an uncompiled model of its own, which the result keeps. Runs that overlap borrow different
    models: the pool grows to the largest number of simultaneous runs of one architecture, never more.
    """

    def __init__(self) -> None:
        self._idle: dict[object, list[keras.Model]] = {}
        self._lock = threading.Lock()
        self.built = 0  # compiled models made so far (tests and benchmarks read it)

    @contextmanager
    def borrow(self, key, build: Callable[[], keras.Model]) -> Iterator[keras.Model]:
        with self._lock:
            idle = self._idle.setdefault(key, [])
            model = idle.pop() if idle else None
        if model is None:
            model = build()
            with self._lock:
                self.built += 1
        try:
            yield model
        finally:
            with self._lock:
                self._idle[key].append(model)


TRAINERS = TrainerPool()


def _reset_optimizer(optimizer, learning_rate: float) -> None:
    """Back to a fresh optimizer: no step taken, no moments, the recipe's learning rate (a callback may have
    lowered it)."""
    for variable in optimizer.variables:
        variable.assign(np.zeros(variable.shape, dtype=variable.dtype))
    optimizer.learning_rate.assign(learning_rate)


@dataclass
class Fitted:
    model: keras.Model  # uncompiled, with the trained weights
    seconds: float  # of fitting only (not TensorFlow's import, not building)


def train(
    key,
    build: Callable[..., keras.Model],
    seed: int,
    learning_rate: float,
    progress: Progress,
    epochs: int,
    callbacks: Sequence = (),
    **fit_arguments,
) -> Fitted:
    """Fit a model as if freshly built with ``build(seed)``, with live progress and Stop.

    The fit runs on a pooled compiled model of the same ``key`` (see TrainerPool); the result is an uncompiled model
    holding the trained weights. ``fit_arguments`` go to ``keras.Model.fit`` (x, y, batch_size, validation_data…).
    """
    progress.total_epochs = epochs
    result = build(seed, compiled=False)  # the seeded initial weights; later the trained ones
    seconds = 0.0
    with TRAINERS.borrow(key, lambda: build(seed)) as trainer:
        trainer.set_weights(result.get_weights())
        _reset_optimizer(trainer.optimizer, learning_rate)
        progress.phase = "training"
        began = time.perf_counter()
        trainer.fit(epochs=epochs, verbose=0, callbacks=[*callbacks, progress.callback()], **fit_arguments)
        seconds = time.perf_counter() - began
        result.set_weights(trainer.get_weights())
    return Fitted(result, seconds)
