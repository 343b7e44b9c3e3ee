"""The counter: the unit of a trained counting layer whose cell state follows the count of a's minus b's."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lstm_viz.cells.base import Trace, Weights, forward
from lstm_viz.neurons import correlate, counting


@dataclass(frozen=True)
class Counter:
    text: str
    trace: Trace
    unit: int
    r: float  # the correlation of the unit's c with the count over the text
    quantity: str  # "c" (an LSTM) or "h" (a kind without a cell state)

    @property
    def direction(self) -> str:
        """ "up": the unit rises on every a and falls on every b (r > 0); "down": the count upside down (r < 0)."""
        return correlate.direction(self.r)


def find(weights: Weights, text: str) -> Counter:
    """Run the layer over ``text`` and pick the unit whose c (h for a GRU) correlates best with the count."""
    trace = forward(weights, counting.encode([text])[0])
    quantity = "c" if "c" in trace.values else "h"
    r = correlate.correlations(trace.values[quantity], {"count": counting.count_of(text)})["count"]
    unit = int(np.abs(r).argmax())
    return Counter(text, trace, unit, float(r[unit]), quantity)
