"""A user's Keras model: loaded safely, its layers listed, one recurrent layer run in NumPy beside Keras.

``load(data)`` checks the file (lstm_viz.own_model.archive), writes it to a private temporary file that is deleted
at once, and loads it with ``safe_mode=True, compile=False`` under a time budget. ``Loaded.choices`` are the
recurrent layers (LSTM, GRU, SimpleRNN, plain or in ``Bidirectional``, one direction at a time). For a choice and an
input (T, d), ``run`` gives the NumPy trace and the largest |NumPy − Keras| over every step.
"""

from __future__ import annotations

import concurrent.futures
import os
import tempfile
from dataclasses import dataclass, field

import numpy as np

from lstm_viz import cells
from lstm_viz.cells.base import Trace, Weights, WeightsError, forward
from lstm_viz.own_model.archive import OwnModelError, check

MAX_UNITS = 1_024
MAX_STEPS = 1_000
LOAD_SECONDS = 60.0  # loading and running a model: longer is abandoned with a message
RECURRENT = ("LSTM", "GRU", "SimpleRNN")


@dataclass(frozen=True)
class LayerRow:
    """One line of the summary, as ``model.summary()`` shows it."""

    name: str
    kind: str
    output_shape: str
    parameters: int
    recurrent: bool


@dataclass(frozen=True)
class Choice:
    """A recurrent layer to open: its index among the model's layers and, inside Bidirectional, its direction."""

    index: int
    name: str
    kind: str  # the Keras class: LSTM, GRU or SimpleRNN
    units: int
    input_dim: int
    direction: str | None = None  # "forward" or "backward" inside Bidirectional

    @property
    def key(self) -> str:
        return f"{self.index}:{self.direction or ''}"


@dataclass(eq=False)
class Loaded:
    model: object  # keras.Model
    rows: list[LayerRow]
    choices: list[Choice]
    input_shape: tuple  # the model's input, without the batch axis (None where any length goes)
    notes: list = field(default_factory=list)


def _units_in_config(config) -> list[int]:
    found = []
    if isinstance(config, dict):
        if config.get("class_name") in RECURRENT and isinstance(config.get("config"), dict):
            units = config["config"].get("units")
            found.append(units if isinstance(units, int) else 0)
        for value in config.values():
            found += _units_in_config(value)
    elif isinstance(config, list):
        for value in config:
            found += _units_in_config(value)
    return found


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0][:200] if text else type(error).__name__


def _with_budget(work, seconds: float):
    """``work()`` in a thread, abandoned after ``seconds`` (the thread cannot be killed; its result is dropped)."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    future = pool.submit(work)
    try:
        return future.result(timeout=seconds)
    except concurrent.futures.TimeoutError:
        raise OwnModelError("own.error.timeout", seconds=int(seconds)) from None
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _read(data: bytes):
    import keras

    folder = tempfile.mkdtemp(prefix="lstm-viz-upload-")
    path = os.path.join(folder, "model.keras")
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        return keras.saving.load_model(path, safe_mode=True, compile=False)
    finally:
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))
        os.rmdir(folder)


def _shape(value) -> str:
    try:
        return str(tuple(value))
    except TypeError:
        return str(value)


def describe(model) -> Loaded:
    """The layer table and the recurrent layers of a loaded model."""
    import keras

    rows, choices = [], []
    for index, layer in enumerate(model.layers):
        inner = layer.forward_layer if isinstance(layer, keras.layers.Bidirectional) else layer
        recurrent = type(inner).__name__ in RECURRENT
        try:
            output = _shape(layer.output.shape)
        except (AttributeError, ValueError):
            output = "?"
        rows.append(LayerRow(layer.name, type(layer).__name__, output, int(layer.count_params()), recurrent))
        if not recurrent:
            continue
        inputs = layer.input[0] if isinstance(layer.input, list | tuple) else layer.input  # (after Masking: x, mask)
        input_dim = int(inputs.shape[-1])
        if isinstance(layer, keras.layers.Bidirectional):
            for direction, part in (("forward", layer.forward_layer), ("backward", layer.backward_layer)):
                choices.append(Choice(index, layer.name, type(part).__name__, int(part.units), input_dim, direction))
        else:
            choices.append(Choice(index, layer.name, type(layer).__name__, int(layer.units), input_dim))
    shape = tuple(model.inputs[0].shape[1:]) if getattr(model, "inputs", None) else ()
    return Loaded(model, rows, choices, shape)


def load(data: bytes, seconds: float = LOAD_SECONDS) -> Loaded:
    """A checked, safely loaded model (OwnModelError, with a message for the user, otherwise)."""
    archive = check(data)
    units = _units_in_config(archive.config)
    if any(u > MAX_UNITS for u in units):
        raise OwnModelError("own.error.too_wide", units=max(units), limit=MAX_UNITS)
    try:
        model = _with_budget(lambda: _read(data), seconds)
    except OwnModelError:
        raise
    except Exception as error:  # Keras refuses what it cannot read safely: say so, never a traceback
        raise OwnModelError("own.error.keras", reason=_first_line(error)) from None
    loaded = describe(model)
    if not loaded.choices:
        raise OwnModelError("own.error.no_recurrent")
    return loaded


def recurrent_layer(loaded: Loaded, choice: Choice):
    layer = loaded.model.layers[choice.index]
    if choice.direction == "forward":
        return layer.forward_layer
    if choice.direction == "backward":
        return layer.backward_layer
    return layer


def weights_of(loaded: Loaded, choice: Choice) -> Weights:
    """The layer's exact weights in the NumPy cell (OwnModelError for what the cell cannot compute)."""
    try:
        return cells.from_keras(recurrent_layer(loaded, choice))
    except (WeightsError, ValueError) as error:
        raise OwnModelError("own.error.layer", reason=str(error)[:200]) from None


def layer_input(loaded: Loaded, choice: Choice, model_input: np.ndarray, seconds: float = LOAD_SECONDS) -> np.ndarray:
    """What the layer sees in the model: the earlier layers run in Keras once on one model input (no batch axis)."""
    import keras

    layer = loaded.model.layers[choice.index]

    def work():
        upstream = keras.Model(loaded.model.inputs, layer.input)
        return np.asarray(upstream([model_input[None].astype("float32")], training=False))[0]

    try:
        return np.asarray(_with_budget(work, seconds), dtype=np.float64)
    except OwnModelError:
        raise
    except Exception as error:
        raise OwnModelError("own.error.upstream", reason=_first_line(error)) from None


def oriented(choice: Choice, x: np.ndarray) -> np.ndarray:
    """The input in the order the cell reads it: a Bidirectional layer's backward cell reads it from the end."""
    return x[::-1] if choice.direction == "backward" else x


def run(loaded: Loaded, choice: Choice, x: np.ndarray) -> tuple[Weights, Trace, float]:
    """(the NumPy weights, the trace over ``x`` in the cell's reading order, the largest |NumPy − Keras|)."""
    weights = weights_of(loaded, choice)
    seen = oriented(choice, np.asarray(x, dtype=np.float64))
    trace = forward(weights, seen)
    layer = recurrent_layer(loaded, choice)
    keras_h = _keras_sequence(layer, seen)
    return weights, trace, float(np.abs(trace.h - keras_h).max())


def _keras_sequence(layer, x: np.ndarray) -> np.ndarray:
    """Keras's h at every step, by a copy of the layer that returns the whole sequence and reads forwards."""
    config = {**layer.get_config(), "return_sequences": True, "return_state": False, "go_backwards": False,
              "stateful": False, "dropout": 0.0, "recurrent_dropout": 0.0}  # fmt: skip
    twin = type(layer).from_config(config)
    twin.build((1, x.shape[0], x.shape[1]))
    twin.set_weights(layer.get_weights())
    return np.asarray(twin(x[None].astype("float32")), dtype=np.float64)[0]


def one_layer_file(weights: Weights) -> bytes:
    """A ``.keras`` file of one layer with these weights (an edited cell, back into Keras)."""
    import keras

    from lstm_viz.models.core import saved_bytes

    kind = weights.kind
    options = {"activation": weights.activation, "return_sequences": True}
    if kind.key == "gru":
        options["reset_after"] = True
    layer = getattr(keras.layers, kind.keras_layer)(weights.units, **options)
    model = keras.Sequential([keras.Input((None, weights.input_dim)), layer])
    layer.set_weights([np.asarray(w, dtype="float32") for w in kind.to_keras(weights)])
    return saved_bytes(model)
