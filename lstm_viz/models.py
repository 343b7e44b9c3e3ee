"""Keras builders and training for the pages that train (import lazily: TensorFlow takes seconds to load).

Every ``train_*`` function takes a ``training.Progress`` whose callback goes into ``fit``, so a page can show
live progress and stop the run; the result keeps the model as trained so far.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from dataclasses import dataclass, field, replace

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras
import numpy as np

from lstm_viz import alphabet
from lstm_viz.lstm import LSTMParams, forward
from lstm_viz.training import Progress, build_lock

# --- shared helpers -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LayerSummary:
    name: str
    kind: str
    output_shape: str
    params: int
    formula: str


def summarize(model: keras.Model) -> list[LayerSummary]:
    """Layers, output shapes and parameter counts from Keras, with the formula for each LSTM layer."""
    rows = []
    for layer in model.layers:
        formula = ""
        inner = getattr(layer, "forward_layer", None) or layer
        if isinstance(inner, keras.layers.LSTM):
            u = inner.units
            d = int(inner.get_weights()[0].shape[0])
            formula = f"4·{u}·({u} + {d} + 1) = {4 * u * (u + d + 1):,}"
            if inner is not layer:
                formula = f"2 × {formula.split(' = ')[0]} = {2 * 4 * u * (u + d + 1):,}"
        elif isinstance(layer, keras.layers.Dense):
            d = int(layer.get_weights()[0].shape[0])
            formula = f"({d} + 1)·{layer.units} = {(d + 1) * layer.units:,}"
        shape = getattr(layer, "output", None)
        shape = str(tuple(shape.shape)) if shape is not None else ""
        rows.append(LayerSummary(layer.name, type(layer).__name__, shape, layer.count_params(), formula))
    return rows


def model_bytes(model: keras.Model) -> bytes:
    """The model as a ``.keras`` file, for a download button."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.keras")
        model.save(path)
        with open(path, "rb") as handle:
            return handle.read()


def keras_hidden_states(params: LSTMParams, x: np.ndarray, h0=None, c0=None) -> np.ndarray:
    """h at every step (T, u) from a fresh ``keras.layers.LSTM`` holding ``params``: Keras's own answer."""
    layer = keras.layers.LSTM(params.units, return_sequences=True)
    layer.build((1, x.shape[0], x.shape[1]))
    layer.set_weights([w.astype("float32") for w in (params.kernel, params.recurrent_kernel, params.bias)])
    initial = None
    if h0 is not None:
        initial = [np.asarray(h0, "float32")[None], np.asarray(c0, "float32")[None]]
    return np.asarray(layer(x[None].astype("float32"), initial_state=initial))[0]


def numpy_keras_difference(params: LSTMParams, x: np.ndarray) -> float:
    """Largest |h_numpy − h_keras| over every step of one input."""
    return float(np.abs(forward(params, x).h - keras_hidden_states(params, x)).max())


# --- the alphabet -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AlphabetRecipe:
    key: str
    title: str
    units: int
    epochs: int
    batch_size: int | None  # None: every pattern in one batch
    learning_rate: float
    description: str
    repeats: int = 1  # passes over the patterns in one epoch (fewer, longer epochs: less of Keras's per-epoch cost)
    per_variant: dict = field(default_factory=dict)  # variant → changed fields

    def for_variant(self, variant: int) -> AlphabetRecipe:
        return replace(self, **self.per_variant.get(variant, {}), per_variant={})


ALPHABET_RECIPES: dict[str, AlphabetRecipe] = {
    "course": AlphabetRecipe(
        "course",
        "Course recipe",
        32,
        500,
        1,
        0.001,
        "Exactly as document 003: LSTM(32) + Dense(26, softmax), Adam, categorical cross-entropy, 500 epochs, "
        "batch 1, seed 7. Variants 4 and 5 follow the tutorial document 003 is based on (stateful: LSTM(16), "
        "300 epochs; variable length: 1,000 patterns, 500 epochs of batch 1 — long).",
        per_variant={4: dict(units=16, epochs=300)},
    ),
    "fast": AlphabetRecipe(
        "fast",
        "Fast recipe",
        64,
        10,
        None,
        0.02,
        "LSTM(64) + Dense(26, softmax), Adam with learning rate 0.02, every pattern in one batch, 10 epochs of 15 "
        "passes: 150 weight updates instead of 12,500. Stateful: 60 epochs of batch 1 at learning rate 0.02. "
        "Variable length: all 1,000 patterns in one batch, 40 epochs of 40 passes at learning rate 0.03.",
        repeats=15,
        per_variant={
            4: dict(epochs=60, batch_size=1, learning_rate=0.02, repeats=1),
            5: dict(epochs=40, batch_size=None, learning_rate=0.03, repeats=40),
        },
    ),
}


def build_alphabet_model(variant: int, recipe: AlphabetRecipe, seed: int) -> keras.Model:
    """LSTM(units) + Dense(26, softmax) for the variant's input shape, seeded, compiled."""
    spec = alphabet.VARIANTS[variant]
    recipe = recipe.for_variant(variant)
    with build_lock():
        keras.utils.set_random_seed(seed)
        if spec.stateful:
            inputs = keras.Input(batch_shape=(1, *spec.input_shape))
        else:
            inputs = keras.Input(spec.input_shape)
        model = keras.Sequential(
            [
                inputs,
                keras.layers.LSTM(recipe.units, stateful=spec.stateful, name="lstm"),
                keras.layers.Dense(alphabet.LETTERS, activation="softmax", name="dense"),
            ]
        )
        model.compile(
            loss="categorical_crossentropy", optimizer=keras.optimizers.Adam(recipe.learning_rate), metrics=["accuracy"]
        )
    return model


class _ResetStatesEachEpoch(keras.callbacks.Callback):
    """The tutorial's stateful loop: one pass over the alphabet per epoch, state reset by hand after it."""

    def on_epoch_end(self, epoch, logs=None):
        self.model.get_layer("lstm").reset_state()


@dataclass
class AlphabetResult:
    variant: int
    recipe: str
    seed: int
    model: keras.Model
    accuracy: float  # percent, on the variant's evaluation patterns
    seconds: float
    epochs_done: int
    stopped: bool
    inputs: list[str]
    targets: str
    probabilities: np.ndarray  # (patterns, 26)
    history: list[dict[str, float]] = field(default_factory=list)

    @property
    def predicted(self) -> str:
        return alphabet.decode(self.probabilities.argmax(axis=1))

    @property
    def lstm_params(self) -> LSTMParams:
        return LSTMParams.from_keras(self.model.get_layer("lstm"))


_STATEFUL_LOCK = threading.Lock()  # a stateful model's state is shared by every session that reads it


def alphabet_probabilities(model: keras.Model, variant: int, sequences: list[str]) -> np.ndarray:
    """Predicted next-letter probabilities (n, 26) for letter strings (variant 4: read one letter per call)."""
    if variant == 4:
        with _STATEFUL_LOCK:
            return _stateful_probabilities(model, sequences)
    x = alphabet.inputs_array(variant, [alphabet.encode(s) for s in sequences])
    return np.asarray(model(x.astype("float32"), training=False))


def _read_stateful(model: keras.Model, letters: str) -> np.ndarray:
    """Feed letters one per call from a reset state; the probabilities after each letter (len, 26)."""
    layer = model.get_layer("lstm")
    layer.reset_state()
    rows = [
        np.asarray(model(np.array([[[k / alphabet.LETTERS]]], dtype="float32"), training=False))[0]
        for k in alphabet.encode(letters)
    ]
    layer.reset_state()
    return np.array(rows)


def _stateful_probabilities(model: keras.Model, sequences: list[str]) -> np.ndarray:
    return np.array([_read_stateful(model, letters)[-1] for letters in sequences])


def train_alphabet(
    variant: int, recipe_key: str, progress: Progress, seed: int = 7, epochs: int | None = None
) -> AlphabetResult:
    """Train one variant with one recipe; ``epochs`` overrides the recipe's (short runs in tests)."""
    recipe = ALPHABET_RECIPES[recipe_key].for_variant(variant)
    epochs = epochs or recipe.epochs
    progress.total_epochs = epochs
    data = alphabet.dataset(variant, training=True, seed=seed)
    model = build_alphabet_model(variant, ALPHABET_RECIPES[recipe_key], seed)
    progress.phase = "training"
    began = time.perf_counter()
    callbacks = [progress.callback()]
    x, y = np.concatenate([data.x] * recipe.repeats), np.concatenate([data.y] * recipe.repeats)
    if variant == 4:
        callbacks.insert(0, _ResetStatesEachEpoch())
        batch_size, shuffle = 1, False  # the state must run through the alphabet in order
    else:
        batch_size, shuffle = recipe.batch_size or len(data.x), recipe.repeats == 1
    model.fit(x, y, epochs=epochs, batch_size=batch_size, shuffle=shuffle, verbose=0, callbacks=callbacks)
    seconds = time.perf_counter() - began
    progress.phase = "evaluating"
    evaluation = alphabet.dataset(variant, training=False, seed=seed)
    if variant == 4:  # read the alphabet from A, state carried, as the stateful model was trained
        with _STATEFUL_LOCK:
            probabilities = _read_stateful(model, alphabet.ALPHABET[:-1])
    else:
        probabilities = alphabet_probabilities(model, variant, evaluation.inputs)
    accuracy = 100.0 * float(np.mean(probabilities.argmax(axis=1) == evaluation.y.argmax(axis=1)))
    return AlphabetResult(
        variant,
        recipe_key,
        seed,
        model,
        accuracy,
        seconds,
        progress.epochs_done,
        progress.stopped,
        evaluation.inputs,
        evaluation.targets,
        probabilities,
        list(progress.history),
    )
