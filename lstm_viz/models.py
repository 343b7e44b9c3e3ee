"""Keras builders and training for the pages that train (import lazily: TensorFlow takes seconds to load).

Every ``train_*`` function takes a ``training.Progress`` whose callback goes into ``fit``, so a page can show
live progress and stop the run; the result keeps the model as trained so far.
"""

from __future__ import annotations

import gc
import os
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras
import numpy as np

from lstm_viz import alphabet
from lstm_viz.alphabet import ALPHABET_RECIPES, AlphabetRecipe
from lstm_viz.forecast import FORECAST_RECIPES, ForecastRecipe
from lstm_viz.lstm import LSTMParams, forward
from lstm_viz.training import Progress, build_lock

# TensorFlow's import leaves ~a million objects that live as long as the process. Out of the collector's reach,
# a full collection costs ~3 ms instead of ~150 ms (measured), and a server collects often.
gc.freeze()

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


_MEMO: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def memo(model: keras.Model, key, compute):
    """``compute()`` once per (model, key) while the model lives: a page's reruns reuse what it derived."""
    table = _MEMO.setdefault(model, {})
    if key not in table:
        table[key] = compute()
    return table[key]


def model_bytes(model: keras.Model) -> bytes:
    """The model as a ``.keras`` file, for a download button (saved once per model, not on every rerun)."""

    def save() -> bytes:
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "model.keras")
            model.save(path)
            with open(path, "rb") as handle:
                return handle.read()

    return memo(model, "keras file", save)


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


# --- training without leaking: one compiled model per architecture, reused -------------------------------


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


def fit_fresh(
    key, build: Callable[..., keras.Model], seed: int, learning_rate: float, fit: Callable[[keras.Model], None]
) -> keras.Model:
    """Train a model as if freshly built with ``build(seed)``, on a pooled compiled model; return an uncompiled
    model holding the trained weights (the pool keeps the compiled one for the next run)."""
    result = build(seed, compiled=False)  # the seeded initial weights; later the trained ones
    with TRAINERS.borrow(key, lambda: build(seed)) as trainer:
        trainer.set_weights(result.get_weights())
        _reset_optimizer(trainer.optimizer, learning_rate)
        fit(trainer)
        result.set_weights(trainer.get_weights())
    return result


# --- the alphabet -------------------------------------------------------------------------------------


def build_alphabet_model(variant: int, recipe: AlphabetRecipe, seed: int, compiled: bool = True) -> keras.Model:
    """LSTM(units) + Dense(26, softmax) for the variant's input shape, seeded, compiled unless told not to."""
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
        if compiled:
            model.compile(
                loss="categorical_crossentropy",
                optimizer=keras.optimizers.Adam(recipe.learning_rate),
                metrics=["accuracy"],
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
    callbacks = [progress.callback()]
    x, y = np.concatenate([data.x] * recipe.repeats), np.concatenate([data.y] * recipe.repeats)
    if variant == 4:
        callbacks.insert(0, _ResetStatesEachEpoch())
        batch_size, shuffle = 1, False  # the state must run through the alphabet in order
    else:
        batch_size, shuffle = recipe.batch_size or len(data.x), recipe.repeats == 1
    began = time.perf_counter()

    def fit(trainer: keras.Model) -> None:
        nonlocal began
        progress.phase = "training"
        began = time.perf_counter()
        trainer.fit(x, y, epochs=epochs, batch_size=batch_size, shuffle=shuffle, verbose=0, callbacks=callbacks)
        if variant == 4:
            trainer.get_layer("lstm").reset_state()

    def build(seed: int, compiled: bool = True) -> keras.Model:
        return build_alphabet_model(variant, recipe, seed, compiled)

    model = fit_fresh(("alphabet", variant, recipe.units), build, seed, recipe.learning_rate, fit)
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


# --- forecasting --------------------------------------------------------------------------------------


def build_forecaster(window: int, recipe: ForecastRecipe, seed: int, compiled: bool = True) -> keras.Model:
    with build_lock():
        keras.utils.set_random_seed(seed)
        model = keras.Sequential(
            [
                keras.Input((window, 1)),
                keras.layers.LSTM(recipe.units, activation=recipe.activation, name="lstm"),
                keras.layers.Dense(1, name="dense"),
            ]
        )
        if compiled:
            loss = keras.losses.Huber() if recipe.loss == "huber" else "mse"
            model.compile(optimizer=keras.optimizers.Adam(recipe.learning_rate), loss=loss)
    return model


@dataclass
class ForecastResult:
    spec: object  # forecast.SeriesSpec
    recipe: str
    seed: int
    model: keras.Model
    scaler: object  # forecast.Scaler
    x: np.ndarray  # the series' x
    y: np.ndarray  # the series' values
    train_end: int
    one_step: np.ndarray  # one-step-ahead predictions for every held-out target
    one_step_targets: np.ndarray  # their positions in the series
    numpy_rollout: np.ndarray  # autoregressive continuation over the held-out part, NumPy LSTM
    keras_rollout: np.ndarray  # the same with Keras (model called directly)
    seconds: float
    epochs_done: int
    stopped: bool
    history: list[dict[str, float]] = field(default_factory=list)
    table: dict | None = None  # document 002's table, for the quadratic

    @property
    def lstm_params(self) -> LSTMParams:
        return LSTMParams.from_keras(self.model.get_layer("lstm"))

    @property
    def head(self):
        from lstm_viz.forecast import DenseHead

        kernel, bias = self.model.get_layer("dense").get_weights()
        return DenseHead(kernel.astype(np.float64), bias.astype(np.float64))

    @property
    def held_out(self) -> np.ndarray:
        return self.y[self.train_end :]

    @property
    def rollout_difference(self) -> float:
        return float(np.abs(self.numpy_rollout - self.keras_rollout).max()) if len(self.numpy_rollout) else 0.0


def keras_predictor(model: keras.Model):
    """Next value from a window with the Keras model (called directly: ``predict`` costs ~45 ms a call)."""

    def predict_next(window: np.ndarray) -> float:
        return float(np.asarray(model(window.reshape(1, -1, 1).astype("float32"), training=False))[0, 0])

    return predict_next


def train_forecaster(
    spec, recipe: str | ForecastRecipe, progress: Progress, seed: int = 0, epochs: int | None = None
) -> ForecastResult:
    """Train on the spec's training windows, then forecast the held-out part one step ahead and on its own.

    ``recipe`` is a key of FORECAST_RECIPES or a recipe (e.g. one with other units or another activation).
    """
    from lstm_viz import forecast

    recipe = FORECAST_RECIPES[recipe] if isinstance(recipe, str) else recipe
    recipe_key = recipe.key
    x, y = forecast.make_series(spec)
    scaler = forecast.Scaler.fit(y[: spec.train_points], recipe.standardize)
    data = forecast.windows(scaler(y), spec.window, spec.train_points)
    scheduled_epochs, batch_size = recipe.schedule(len(data.train_x))
    epochs = epochs or scheduled_epochs
    progress.total_epochs = epochs
    began = time.perf_counter()

    def fit(trainer: keras.Model) -> None:
        nonlocal began
        progress.phase = "training"
        began = time.perf_counter()
        trainer.fit(
            data.train_x,
            data.train_y,
            epochs=epochs,
            batch_size=batch_size,
            shuffle=recipe.shuffle,
            verbose=0,
            callbacks=[progress.callback()],
        )

    def build(seed: int, compiled: bool = True) -> keras.Model:
        return build_forecaster(spec.window, recipe, seed, compiled)

    model = fit_fresh(("forecast", spec.window, recipe), build, seed, recipe.learning_rate, fit)
    seconds = time.perf_counter() - began
    progress.phase = "forecasting"
    one_step = scaler.inverse(np.asarray(model(data.test_x.astype("float32"), training=False))[:, 0])
    seed_window = scaler(y[spec.train_points - spec.window : spec.train_points])
    steps = len(y) - spec.train_points
    result = ForecastResult(
        spec,
        recipe_key,
        seed,
        model,
        scaler,
        x,
        y,
        spec.train_points,
        one_step,
        data.test_targets,
        np.array([]),
        np.array([]),
        seconds,
        progress.epochs_done,
        progress.stopped,
        list(progress.history),
    )
    result.numpy_rollout = scaler.inverse(
        forecast.rollout(forecast.numpy_predictor(result.lstm_params, result.head), seed_window, steps)
    )
    result.keras_rollout = scaler.inverse(forecast.rollout(keras_predictor(model), seed_window, steps))
    if spec.name == "quadratic" and spec.window == 4:
        inputs, truth = forecast.document_002_test()
        predictions = scaler.inverse(np.asarray(model(scaler(inputs).astype("float32"), training=False))[:, 0])
        result.table = {"inputs": inputs[:, :, 0], "prediction": predictions, "truth": truth}
    return result


# --- faces (course document 001) ----------------------------------------------------------------------


def build_face_model(classes: int, recipe, seed: int, compiled: bool = True) -> keras.Model:
    """The document's two-layer LSTM reading an image row by row (optionally bidirectional, and optionally a
    second pair of layers reading it column by column, the two readings joined before the softmax)."""
    with build_lock():
        keras.utils.set_random_seed(seed)

        def lstm(name, sequences):
            layer = keras.layers.LSTM(recipe.units, return_sequences=sequences, name=name)
            return keras.layers.Bidirectional(layer, name=f"bi_{name}") if recipe.bidirectional else layer

        def reader(inputs, prefix):
            hidden = lstm(f"{prefix}lstm_1", True)(inputs)
            hidden = keras.layers.Dropout(recipe.dropout, name=f"{prefix}dropout_1")(hidden)
            return lstm(f"{prefix}lstm_2", False)(hidden)

        image = keras.Input((62, 47), name="rows")
        hidden = reader(image, "")
        if recipe.read_columns:
            columns = keras.layers.Permute((2, 1), name="columns")(image)
            hidden = keras.layers.Concatenate(name="rows_and_columns")([hidden, reader(columns, "column_")])
        last_dropout = "dropout" if recipe.read_columns else "dropout_2"
        hidden = keras.layers.Dropout(recipe.dropout, name=last_dropout)(hidden)
        output = keras.layers.Dense(classes, activation="softmax", name="dense")(hidden)
        model = keras.Model(image, output, name="faces")
        if compiled:
            model.compile(
                optimizer=keras.optimizers.Adam(recipe.learning_rate),
                loss="categorical_crossentropy",
                metrics=["accuracy"],
            )
    return model


@dataclass
class FaceResult:
    recipe: str
    seed: int
    model: keras.Model
    scaling: object  # faces.PixelScaling
    probabilities: np.ndarray  # (test images, classes)
    evaluation: object  # faces.Evaluation
    seconds: float
    epochs_done: int
    best_epoch: int
    stopped: bool
    history: list[dict[str, float]] = field(default_factory=list)


def train_faces(
    data, names: list[str], recipe_key: str, progress: Progress, seed: int = 0, epochs: int | None = None
) -> FaceResult:
    """Train on the split's training part (validation carved from it), evaluate on its test part."""
    from sklearn.model_selection import train_test_split

    from lstm_viz import faces

    recipe = faces.FACE_RECIPES[recipe_key]
    epochs = epochs or recipe.epochs
    progress.total_epochs = epochs
    scaling = (
        faces.PixelScaling.document() if recipe.scaling == "document" else faces.PixelScaling.standardize(data.train_x)
    )
    fit_index, validation_index = train_test_split(
        np.arange(len(data.train_y)), test_size=recipe.validation_fraction, stratify=data.train_y, random_state=seed
    )
    x, y = scaling(data.train_x), faces.one_hot(data.train_y, len(names))
    callbacks = [
        keras.callbacks.EarlyStopping(monitor="val_loss", patience=recipe.patience, restore_best_weights=True),
        keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=recipe.lr_patience, min_lr=1e-7),
        progress.callback(),
    ]
    began = time.perf_counter()

    def fit(trainer: keras.Model) -> None:
        nonlocal began
        progress.phase = "training"
        began = time.perf_counter()
        trainer.fit(
            x[fit_index],
            y[fit_index],
            validation_data=(x[validation_index], y[validation_index]),
            epochs=epochs,
            batch_size=recipe.batch_size,
            verbose=0,
            callbacks=callbacks,
            class_weight=faces.balanced_class_weights(data.train_y[fit_index]) if recipe.class_weights else None,
        )

    def build(seed: int, compiled: bool = True) -> keras.Model:
        return build_face_model(len(names), recipe, seed, compiled)

    model = fit_fresh(("faces", len(names), recipe), build, seed, recipe.learning_rate, fit)
    seconds = time.perf_counter() - began
    progress.phase = "evaluating"
    probabilities = np.asarray(model.predict(scaling(data.test_x), verbose=0, batch_size=128))
    losses = [row.get("val_loss", np.inf) for row in progress.history]
    best_epoch = int(np.argmin(losses)) + 1 if losses else 0
    return FaceResult(
        recipe_key,
        seed,
        model,
        scaling,
        probabilities,
        faces.evaluate(probabilities, data.test_y, names),
        seconds,
        progress.epochs_done,
        best_epoch,
        progress.stopped,
        list(progress.history),
    )
