"""The character model of "What neurons learn": one-hot characters → LSTM (every step) → softmax over the next
character, trained on windows of the text (Karpathy 2015's char-rnn, in Keras).

An epoch is one pass over the training text in windows of ``sequence_length`` characters, starting at a fresh random
offset each epoch. After every epoch a sample is written at the run's temperature (on the NumPy cell, from the
weights trained so far), so a page shows the text getting better. Loss is also reported in bits per character
(loss / ln 2). The held-out tenth of the text is never trained on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import keras
import numpy as np

from lstm_viz.cells.base import Weights
from lstm_viz.models.core import layer_weights, recurrent_layers, train
from lstm_viz.neurons.charset import Charset, split
from lstm_viz.neurons.reading import unigram_bits
from lstm_viz.neurons.recipes import CharRecipe, CharRun, bits, digest
from lstm_viz.neurons.sampling import Head, sample
from lstm_viz.training import Progress, build_lock


@dataclass
class CharResult:
    run: CharRun
    model: keras.Model
    charset: Charset
    held_out: str  # the text never trained on
    seconds: float
    epochs_done: int
    history: list[dict[str, float]]
    unigram_bits: float  # the held-out text under the training text's character frequencies: the baseline
    samples: list[tuple[int, str]] = field(default_factory=list)  # (epoch, text) written after each epoch
    stopped: bool = False

    @property
    def weights(self) -> Weights:
        return layer_weights(recurrent_layers(self.model)[0])

    @property
    def head(self) -> Head:
        kernel, bias = self.model.get_layer("next").get_weights()
        return Head(np.asarray(kernel, np.float64), np.asarray(bias, np.float64))

    @property
    def heldout_bits(self) -> float:
        return bits(self.history[-1]["val_loss"]) if self.history and "val_loss" in self.history[-1] else math.nan


def build(symbols: int, recipe: CharRecipe, seed: int, compiled: bool = True) -> keras.Model:
    with build_lock():
        keras.utils.set_random_seed(seed)
        model = keras.Sequential(
            [
                keras.Input((None, symbols)),
                keras.layers.LSTM(recipe.units, return_sequences=True, name="lstm"),
                keras.layers.Dense(symbols, activation="softmax", name="next"),
            ]
        )
        if compiled:
            model.compile(loss="sparse_categorical_crossentropy", optimizer=keras.optimizers.Adam(recipe.learning_rate))
    return model


class Windows(keras.utils.PyDataset):
    """Batches of one-hot windows and their next characters: (batch, length, symbols), (batch, length)."""

    def __init__(self, ids: np.ndarray, charset: Charset, recipe: CharRecipe, shuffle: bool, seed: int) -> None:
        super().__init__()
        self.ids, self.charset, self.length, self.batch = ids, charset, recipe.sequence_length, recipe.batch_size
        self.shuffle, self.rng = shuffle, np.random.default_rng(seed)
        self.on_epoch_end()

    def on_epoch_end(self) -> None:
        offset = int(self.rng.integers(self.length)) if self.shuffle else 0
        starts = np.arange(offset, len(self.ids) - self.length - 1, self.length)
        if len(starts) == 0:
            starts = np.array([0])
        self.starts = self.rng.permutation(starts) if self.shuffle else starts

    def __len__(self) -> int:
        return max(1, math.ceil(len(self.starts) / self.batch))

    def __getitem__(self, k: int):
        starts = self.starts[k * self.batch : (k + 1) * self.batch]
        steps = np.arange(self.length)
        return self.charset.one_hot(self.ids[starts[:, None] + steps]), self.ids[starts[:, None] + steps + 1]


def windows_fit(text_length: int, recipe: CharRecipe) -> bool:
    return text_length >= recipe.sequence_length + 2


def train_chars(text: str, source: str, recipe: CharRecipe, progress: Progress) -> CharResult:
    """Train on ``text`` (checked already: lstm_viz.neurons.corpus) with live progress, a sample after each epoch,
    and Stop (mid-epoch: the epoch ends after the current batch; it is not a finished epoch, so it writes no sample)."""
    charset = Charset.of(text)
    training, held_out = split(text)
    if not windows_fit(len(held_out), recipe):  # a short text: the held-out part must hold one window
        held_out = text[-(recipe.sequence_length + 2) :]
    samples = progress.notes  # (epoch, text): the page shows them while the run goes on
    prime = held_out[: recipe.sequence_length // 2]

    class Sampler(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if progress.cut_epoch:  # Stop cut this epoch short: the samples are those of the finished epochs
                return
            for name in ("loss", "val_loss"):
                if logs and name in logs:
                    logs[f"{name}_bits"] = bits(logs[name])
            layer = self.model.get_layer("lstm")
            kernel, bias = self.model.get_layer("next").get_weights()
            head = Head(np.asarray(kernel, np.float64), np.asarray(bias, np.float64))
            written = sample(
                layer_weights(layer), head, charset, prime, recipe.sample_length, recipe.temperature, epoch
            )
            samples.append((epoch + 1, written))

    fitted = train(
        ("chars", charset.size, recipe.units, recipe.learning_rate),
        lambda s, compiled=True: build(charset.size, recipe, s, compiled),
        recipe.seed,
        recipe.learning_rate,
        progress,
        recipe.epochs,
        [Sampler()],
        x=Windows(charset.encode(training), charset, recipe, True, recipe.seed),
        validation_data=Windows(charset.encode(held_out), charset, recipe, False, 0),
    )
    return CharResult(
        CharRun(digest(text), source, recipe),
        fitted.model,
        charset,
        held_out,
        fitted.seconds,
        progress.epochs_done,
        list(progress.history),
        unigram_bits(training, held_out, charset),
        list(samples),
        progress.stopped,
    )
