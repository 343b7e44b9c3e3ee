"""The counting models of "What neurons learn": a recurrent layer reads a string of a's and b's and, after every
character, a sigmoid says whether what it has read is aⁿbⁿ. Trained on n ≤ train_max_n, tested on n up to
test_max_n: an LSTM can keep a count in its cell state; a GRU's state is bounded by its gates (Weiss, Goldberg &
Yahav 2018). Every kind gets the same budget: units, epochs, data, learning rate."""

from __future__ import annotations

from dataclasses import dataclass

import keras
import numpy as np

from lstm_viz.models.core import layer_weights, recurrent_layers, train
from lstm_viz.neurons import counting
from lstm_viz.neurons.recipes import CountingRecipe, CountingRun
from lstm_viz.training import Progress, build_lock

LAYERS = {"lstm": "LSTM", "gru": "GRU", "rnn": "SimpleRNN"}


def build(kind: str, recipe: CountingRecipe, seed: int, compiled: bool = True) -> keras.Model:
    """The layer (every step) → Dense(1, sigmoid) (every step)."""
    with build_lock():
        keras.utils.set_random_seed(seed)
        model = keras.Sequential(
            [
                keras.Input((None, len(counting.SYMBOLS))),
                getattr(keras.layers, LAYERS[kind])(recipe.units, return_sequences=True, name="recurrent"),
                keras.layers.Dense(1, activation="sigmoid", name="dense"),
            ]
        )
        if compiled:
            model.compile(
                loss="binary_crossentropy",
                optimizer=keras.optimizers.Adam(recipe.learning_rate),
                weighted_metrics=["accuracy"],
            )
    return model


@dataclass
class CountingResult:
    run: CountingRun
    model: keras.Model
    seconds: float
    epochs_done: int
    accuracy_by_n: dict[int, float]  # percent, n = 1 … test_max_n
    stopped: bool = False

    @property
    def kind(self) -> str:
        return self.run.kind

    @property
    def train_max_n(self) -> int:
        return self.run.train_max_n

    @property
    def weights(self):
        """The trained layer as the NumPy cell takes it."""
        return layer_weights(recurrent_layers(self.model)[0])

    @property
    def generalises_to(self) -> int:
        return counting.generalises_to(self.accuracy_by_n)


def predict(model: keras.Model, strings: list[str], batch: int = 256) -> np.ndarray:
    """1 where the model says aⁿbⁿ after a string's last character; strings grouped by length."""
    answers = np.zeros(len(strings), dtype=int)
    order = sorted(range(len(strings)), key=lambda k: len(strings[k]))
    for start in range(0, len(order), batch):
        chunk = order[start : start + batch]
        x = counting.encode([strings[k] for k in chunk])
        p = np.asarray(model.predict(x, verbose=0))[..., 0]
        answers[chunk] = [int(p[row, len(strings[k]) - 1] > 0.5) for row, k in enumerate(chunk)]
    return answers


def train_counting(run: CountingRun, progress: Progress, test_max_n: int = counting.TEST_MAX_N) -> CountingResult:
    recipe, ns = run.recipe, range(1, run.train_max_n + 1)
    data = counting.training(ns, recipe.per_n, run.seed)
    held_out = counting.training(ns, max(recipe.per_n // 4, 2), run.seed + 1)
    y, w = counting.targets(data.strings)
    held_y, held_w = counting.targets(held_out.strings)
    fitted = train(
        ("counting", run.kind, recipe),
        lambda s, compiled=True: build(run.kind, recipe, s, compiled),
        run.seed,
        recipe.learning_rate,
        progress,
        recipe.epochs,
        x=counting.encode(data.strings),
        y=y,
        sample_weight=w,
        batch_size=recipe.batch_size,
        validation_data=(counting.encode(held_out.strings), held_y, held_w),
    )
    test = counting.test(range(1, test_max_n + 1))
    accuracy = counting.accuracy_by_n(predict(fitted.model, test.strings), test)
    return CountingResult(run, fitted.model, fitted.seconds, progress.epochs_done, accuracy, progress.stopped)
