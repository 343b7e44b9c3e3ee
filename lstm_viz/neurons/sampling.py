"""Text written by a trained character model, one character at a time, on the NumPy cell: the layer's step, then the
softmax head, then a draw at a temperature.

Temperature T divides the log-probabilities before the softmax: T = 1 draws from the model's own distribution, a
small T sharpens it towards the likeliest character and T = 0 means exactly that (argmax); a large T flattens it
towards every character equally likely.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_viz.cells.base import Weights
from lstm_viz.neurons.charset import Charset
from lstm_viz.neurons.reading import Reader

HOT = 2.0  # above this the page warns that the samples are close to random characters
MAX_TEMPERATURE = 100.0
# the temperatures a page offers: tenths where text is readable, then a few that show near-random writing (a choice of
# values, not a number box: a box shows 0.70 even on the Russian page, a slider's labels are written as the page's)
TEMPERATURES = (*(k / 10 for k in range(21)), 3.0, 5.0, 10.0, 20.0, 50.0, MAX_TEMPERATURE)


@dataclass(frozen=True)
class Head:
    """The dense softmax layer after the recurrent one: logits = h · kernel + bias."""

    kernel: np.ndarray  # (units, symbols)
    bias: np.ndarray  # (symbols,)


def distribution(logits: np.ndarray, temperature: float) -> np.ndarray:
    """The probabilities to draw from at ``temperature`` (0: all on the largest logit; any T > 0 is stable)."""
    logits = np.asarray(logits, dtype=np.float64)
    if temperature <= 0:
        p = np.zeros_like(logits)
        p[int(np.argmax(logits))] = 1.0
        return p
    z = logits / float(temperature)
    z = np.exp(z - z.max())
    return z / z.sum()


def temperature_note(temperature: float) -> str | None:
    """A catalogue key that explains an unusual temperature (None for an ordinary one)."""
    if temperature <= 0:
        return "neurons.temperature_zero"
    if temperature > HOT:
        return "neurons.temperature_hot"
    return None


def sample(
    weights: Weights,
    head: Head,
    charset: Charset,
    prime: str,
    length: int,
    temperature: float,
    seed: int = 0,
) -> str:
    """``length`` characters written after reading ``prime`` (which is not repeated in the answer)."""
    rng = np.random.default_rng(seed)
    temperature = min(float(temperature), MAX_TEMPERATURE)
    reader = Reader(weights, charset)
    for index in charset.encode(prime or "\n"):
        h = reader.read(index).h
    written = []
    for _ in range(length):
        p = distribution(h @ head.kernel + head.bias, temperature)
        if p.sum() > p[0]:
            p[0] = 0.0  # never write the unknown symbol
        written.append(int(rng.choice(charset.size, p=p / p.sum())))
        h = reader.read(written[-1]).h
    return charset.decode(written)
