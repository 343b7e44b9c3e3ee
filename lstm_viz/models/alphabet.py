"""The alphabet models (course document 003): a recurrent layer (LSTM, GRU or SimpleRNN) + Dense(26, softmax)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import keras
import numpy as np

from lstm_viz import alphabet
from lstm_viz.alphabet import ALPHABET_RECIPES, MASKED, AlphabetRecipe, AlphabetRun
from lstm_viz.models.core import layer_weights, recurrent_layers, train
from lstm_viz.training import Progress, build_lock


def build(run: AlphabetRun, recipe: AlphabetRecipe, seed: int, compiled: bool = True) -> keras.Model:
    """The run's layer + Dense(26, softmax) for its variant's input shape, seeded, compiled unless told not to."""
    spec = alphabet.VARIANTS[run.variant]
    recipe = recipe.for_variant(run.variant)
    with build_lock():
        keras.utils.set_random_seed(seed)
        inputs = keras.Input(batch_shape=(1, *spec.input_shape)) if spec.stateful else keras.Input(spec.input_shape)
        layers = [inputs]
        if run.variant == 5 and run.padding == MASKED:
            layers.append(keras.layers.Masking(mask_value=0.0))
        layer_class = getattr(keras.layers, run.layer)
        layers += [
            layer_class(recipe.units, stateful=spec.stateful, name="recurrent"),
            keras.layers.Dense(alphabet.LETTERS, activation="softmax", name="dense"),
        ]
        model = keras.Sequential(layers)
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
        recurrent_layers(self.model)[0].reset_state()

    def on_train_end(self, logs=None):
        recurrent_layers(self.model)[0].reset_state()


@dataclass
class AlphabetResult:
    run: AlphabetRun
    model: keras.Model
    accuracy: float  # percent, on the variant's evaluation patterns
    seconds: float
    epochs_done: int
    stopped: bool
    inputs: list[str]
    targets: str
    probabilities: np.ndarray  # (patterns, 26)
    parameters: int
    history: list[dict[str, float]] = field(default_factory=list)

    @property
    def predicted(self) -> str:
        return alphabet.decode(self.probabilities.argmax(axis=1))

    @property
    def weights(self):
        """The trained recurrent layer as the NumPy cell takes it."""
        return layer_weights(recurrent_layers(self.model)[0])


_STATEFUL_LOCK = threading.Lock()  # a stateful model's state is shared by every session that reads it


def probabilities(model: keras.Model, run: AlphabetRun, sequences: list[str]) -> np.ndarray:
    """Predicted next-letter probabilities (n, 26) for letter strings (variant 4: read one letter per call)."""
    if run.variant == 4:
        with _STATEFUL_LOCK:
            return np.array([_read_stateful(model, letters)[-1] for letters in sequences])
    x = alphabet.inputs_array(run.variant, [alphabet.encode(s) for s in sequences], run.padding)
    return np.asarray(model(x.astype("float32"), training=False))


def _read_stateful(model: keras.Model, letters: str) -> np.ndarray:
    """Feed letters one per call from a reset state; the probabilities after each letter (len, 26)."""
    layer = recurrent_layers(model)[0]
    layer.reset_state()
    rows = [
        np.asarray(model(np.array([[[k / alphabet.LETTERS]]], dtype="float32"), training=False))[0]
        for k in alphabet.encode(letters)
    ]
    layer.reset_state()
    return np.array(rows)


def train_alphabet(run: AlphabetRun, progress: Progress) -> AlphabetResult:
    """Train one variant with one recipe and one kind of layer."""
    recipe = ALPHABET_RECIPES[run.recipe].for_variant(run.variant)
    data = alphabet.dataset(run.variant, training=True, seed=run.seed, padding=run.padding)
    x, y = np.concatenate([data.x] * recipe.repeats), np.concatenate([data.y] * recipe.repeats)
    callbacks = []
    if run.variant == 4:
        callbacks.append(_ResetStatesEachEpoch())
        batch_size, shuffle = 1, False  # the state must run through the alphabet in order
    else:
        batch_size, shuffle = recipe.batch_size or len(data.x), recipe.repeats == 1

    def make(seed: int, compiled: bool = True) -> keras.Model:
        return build(run, recipe, seed, compiled)

    architecture = ("alphabet", run.variant, run.layer, run.padding, recipe.units)
    fitted = train(
        architecture,
        make,
        run.seed,
        recipe.learning_rate,
        progress,
        run.epochs,
        callbacks,
        x=x,
        y=y,
        batch_size=batch_size,
        shuffle=shuffle,
    )
    progress.phase = "evaluating"
    evaluation = alphabet.dataset(run.variant, training=False, seed=run.seed, padding=run.padding)
    if run.variant == 4:  # read the alphabet from A, state carried, as the stateful model was trained
        with _STATEFUL_LOCK:
            predicted = _read_stateful(fitted.model, alphabet.ALPHABET[:-1])
    else:
        predicted = probabilities(fitted.model, run, evaluation.inputs)
    accuracy = 100.0 * float(np.mean(predicted.argmax(axis=1) == evaluation.y.argmax(axis=1)))
    return AlphabetResult(
        run,
        fitted.model,
        accuracy,
        fitted.seconds,
        progress.epochs_done,
        progress.stopped,
        evaluation.inputs,
        evaluation.targets,
        predicted,
        int(fitted.model.count_params()),
        list(progress.history),
    )
