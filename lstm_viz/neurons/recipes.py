"""What a run of the page's two models is, without Keras (a page reads these before anything trains)."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

from lstm_viz.runs.key import RunKey

CHAR_UNITS = (64, 128, 256)
COUNTING_UNITS = (2, 4, 8)
LN2 = math.log(2)


@dataclass(frozen=True)
class CharRecipe:
    units: int = 128
    sequence_length: int = 100
    epochs: int = 12
    batch_size: int = 64
    learning_rate: float = 0.01  # 0.005: 2.28 bits after 12 epochs here, 0.01: 2.17
    seed: int = 0
    temperature: float = 0.7  # of the samples written after each epoch
    sample_length: int = 240


@dataclass(frozen=True)
class CharRun(RunKey):
    """A run: the recipe, and the text by its digest (the text itself travels beside it)."""

    family = "neurons_chars"

    digest: str
    source: str  # "stdlib" or "yours"
    recipe: CharRecipe

    def plan(self):
        """What training this run means, from the key alone: the standard library's text is rebuilt, a user's own is
        read by its digest (``lstm_viz.runs.texts``)."""
        from lstm_viz.runs.plans import chars_plan

        return chars_plan(self)

    def estimate_seconds(self) -> float:
        from lstm_viz.runs.plans import chars_estimate

        return chars_estimate(self)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def bits(loss: float) -> float:
    """A cross-entropy in nats as bits per character."""
    return float(loss) / LN2


@dataclass(frozen=True)
class CountingRecipe:
    units: int = 2  # 2 units: the LSTM counted to n = 39 here, the GRU learnt nothing; 4 units: n = 14 and 12
    epochs: int = 60
    per_n: int = 80  # training strings for every n of the training range
    learning_rate: float = 0.02
    batch_size: int = 32


@dataclass(frozen=True)
class CountingRun(RunKey):
    """A run of one kind of layer (``kind``: "lstm" or "gru") on aⁿbⁿ."""

    family = "neurons_counting"
    kind: str
    train_max_n: int
    seed: int
    recipe: CountingRecipe

    def plan(self):
        from lstm_viz.runs.plans import counting_plan

        return counting_plan(self)

    def estimate_seconds(self) -> float:
        from lstm_viz.runs.plans import counting_estimate

        return counting_estimate(self)
