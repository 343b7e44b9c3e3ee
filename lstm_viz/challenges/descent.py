"""Let gradient descent try a challenge (issue 29): from the challenge's start, moving only its knobs, for a loss
made of its own targets (each condition's bands: the squared distance from each band, 0 inside), until the
challenge's own grade says it passes.

A band that depends on the trace (a ratio's: "half of what was stored") is taken as it stands at each update, a
constant for that update's gradient; the grade, not the loss, says whether the challenge is passed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from lstm_viz.backward import BackwardError, Loss, Total
from lstm_viz.cell_training import Recording, Settings, Trainer, record
from lstm_viz.cells.base import Trace
from lstm_viz.challenges.base import Challenge

SETTINGS = Settings("adam", 0.3, True)
UPDATES = 600


@dataclass(frozen=True)
class Targets:
    """The challenge's conditions as a loss, their bands read off the trace being trained."""

    challenge: Challenge

    def bands_of(self, trace: Trace):
        """Each condition's bands on this trace; BackwardError where the cell has not the challenge's parts, units
        or steps (another kind, a smaller cell, a shorter input)."""
        try:
            return [(condition, bands) for condition, bands in self.challenge.bands(trace) if bands]
        except (KeyError, IndexError) as error:
            raise BackwardError("backward.not_this_cell") from error

    def seeds(self, trace: Trace) -> tuple[float, dict[str, np.ndarray]]:
        for condition in self.challenge.conditions:
            if condition.quantity not in trace.values or condition.unit >= trace.units:
                raise BackwardError("backward.not_this_cell")
        losses = tuple(
            Loss("bands", condition.quantity, unit=condition.unit, bands=tuple((b.t, b.low, b.high) for b in bands))
            for condition, bands in self.bands_of(trace)
        )
        return Total(losses).seeds(trace)


def knob_mask(challenge: Challenge) -> dict[str, np.ndarray]:
    weights = challenge.weights(challenge.start_values())
    mask = {name: np.zeros_like(array) for name, array in weights.arrays.items()}
    for name in challenge.knobs:
        where = challenge.addresses[name]
        mask[where.spec.name][where.index(challenge.units)] = 1.0
    return mask


def knob_values(challenge: Challenge, weights) -> tuple[float, ...]:
    return tuple(
        float(weights.arrays[challenge.addresses[name].spec.name][challenge.addresses[name].index(challenge.units)])
        for name in challenge.knobs
    )


@dataclass(frozen=True)
class Attempted:
    recording: Recording
    values: tuple[float, ...]  # the knobs where gradient descent left them
    passed: bool


def let_descent_try(
    challenge: Challenge, pins: Mapping[str, float] | None = None, budget: float = 3.0, updates: int = UPDATES
) -> Attempted:
    """Gradient descent from the challenge's start (the student's pins kept) until its grade passes."""
    allowed = {part: value for part, value in (pins or {}).items() if part in challenge.pins and value is not None}
    trainer = Trainer(challenge.weights(challenge.start_values()), challenge.x(), Targets(challenge), SETTINGS,
                      pins=allowed, mask=knob_mask(challenge))  # fmt: skip

    def passed(_loss: float) -> bool:
        return challenge.grade(knob_values(challenge, trainer.weights), allowed).passed

    recording = record(trainer, updates, passed, budget)
    values = knob_values(challenge, trainer.weights)
    return Attempted(recording, values, challenge.grade(values, allowed).passed)
