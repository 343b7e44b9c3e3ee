"""The counting models of "What neurons learn" (issue 16, groundwork): a recurrent layer reads a string over
{a, b, $} and a sigmoid says whether it is aⁿbⁿ. Trained on n ≤ train_max_n, tested on n up to test_max_n: an LSTM
can keep a count in its cell state; a GRU's state is bounded by its gates (Weiss, Goldberg & Yahav 2018)."""

from __future__ import annotations

from dataclasses import dataclass

import keras
import numpy as np

from lstm_viz.models.core import layer_weights, recurrent_layers, train
from lstm_viz.neurons import counting
from lstm_viz.training import Progress, build_lock

LAYERS = {"lstm": "LSTM", "gru": "GRU", "rnn": "SimpleRNN"}


@dataclass(frozen=True)
class CountingRecipe:
    units: int = 2  # (a first try: 2 units generalised to n = 13–15 here, 4 and 8 units to n = 11 only)
    epochs: int = 100
    per_n: int = 80  # positives and as many near misses for every n of the training range
    learning_rate: float = 0.02
    batch_size: int = 32


def build(kind: str, recipe: CountingRecipe, seed: int, compiled: bool = True) -> keras.Model:
    """Masking (the left padding) → the layer → Dense(1, sigmoid)."""
    with build_lock():
        keras.utils.set_random_seed(seed)
        model = keras.Sequential(
            [
                keras.Input((None, len(counting.SYMBOLS))),
                keras.layers.Masking(mask_value=0.0),
                getattr(keras.layers, LAYERS[kind])(recipe.units, name="recurrent"),
                keras.layers.Dense(1, activation="sigmoid", name="dense"),
            ]
        )
        if compiled:
            model.compile(
                loss="binary_crossentropy",
                optimizer=keras.optimizers.Adam(recipe.learning_rate),
                metrics=["accuracy"],
            )
    return model


@dataclass
class CountingResult:
    kind: str
    model: keras.Model
    seconds: float
    epochs_done: int
    train_max_n: int
    accuracy_by_n: dict[int, float]  # percent, n = 1 … test_max_n

    @property
    def weights(self):
        """The trained layer as the NumPy cell takes it."""
        return layer_weights(recurrent_layers(self.model)[0])


def predict(model: keras.Model, strings: list[str], batch: int = 256) -> np.ndarray:
    """1 where the model says aⁿbⁿ; strings grouped by length (the padding is masked, but shorter groups are faster)."""
    answers = np.zeros(len(strings), dtype=int)
    order = sorted(range(len(strings)), key=lambda k: len(strings[k]))
    for start in range(0, len(order), batch):
        chunk = order[start : start + batch]
        x = counting.encode([strings[k] for k in chunk])
        answers[chunk] = (np.asarray(model.predict(x, verbose=0)).ravel() > 0.5).astype(int)
    return answers


def train_counting(
    kind: str,
    progress: Progress,
    recipe: CountingRecipe = CountingRecipe(),
    seed: int = 0,
    train_max_n: int = counting.TRAIN_MAX_N,
    test_max_n: int = counting.TEST_MAX_N,
    test_per_n: int = 10,
) -> CountingResult:
    data = counting.examples(range(1, train_max_n + 1), recipe.per_n, seed)
    held_out = counting.examples(range(1, train_max_n + 1), max(recipe.per_n // 4, 2), seed + 1)
    fitted = train(
        ("counting", kind, recipe),
        lambda s, compiled=True: build(kind, recipe, s, compiled),
        seed,
        recipe.learning_rate,
        progress,
        recipe.epochs,
        [keras.callbacks.EarlyStopping(monitor="val_loss", patience=10, restore_best_weights=True)],
        x=counting.encode(data.strings),
        y=data.labels.astype(np.float32),
        batch_size=recipe.batch_size,
        validation_data=(counting.encode(held_out.strings), held_out.labels.astype(np.float32)),
    )
    test = counting.examples(range(1, test_max_n + 1), test_per_n, seed + 2)
    accuracy = counting.accuracy_by_n(predict(fitted.model, test.strings), test)
    return CountingResult(kind, fitted.model, fitted.seconds, progress.epochs_done, train_max_n, accuracy)
