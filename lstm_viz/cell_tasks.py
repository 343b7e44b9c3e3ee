"""Tasks for "Train this cell" (issue 29): a cell, an input and a loss, each showing one thing gradient descent does.

A task's loss is ``bands`` (h inside [low, high] at chosen steps: the same targets a challenge draws) or a squared
error against a target series; it passes when the loss is (near) 0. Each starts from a cell a student could have
(Keras's start for the LSTM: b_f = 1), never from a solution.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from lstm_viz.backward import Loss
from lstm_viz.cell_training import Settings
from lstm_viz.explorer import presets
from lstm_viz.explorer.config import CellConfig, ExplorerConfig

PASS_LOSS = 1e-3  # below this the task counts as done (bands: a mean squared distance of ~0.03 from the bands)


@dataclass(frozen=True)
class Task:
    key: str
    config: ExplorerConfig
    loss: Loss | object  # a Loss, or a challenge's Targets (lstm_viz.challenges.descent)
    settings: Settings
    updates: int = 300

    def passed(self, loss: float) -> bool:
        return loss <= PASS_LOSS

    def targets(self, trace) -> list[tuple[str, int, list[list]]]:
        """(part, unit, [[t, low, high], …]) of each target the task sets, as the scene draws a challenge's."""
        if isinstance(self.loss, Loss):
            unit = min(self.loss.unit, trace.units - 1)
            return [(self.loss.part, unit, [list(band) for band in self.loss.bands])] if self.loss.bands else []
        return [(c.quantity, c.unit, [[b.t, b.low, b.high] for b in bands]) for c, bands in self.loss.bands_of(trace)]


def _lstm_keras_start(sequence: str, steps: int = 30, custom: str = "") -> ExplorerConfig:
    config, _ = presets.apply("keras_start", ExplorerConfig(), 0)
    return replace(config, sequence=sequence, steps=steps, **({"custom": custom} if custom else {}))


def _rnn(recurrent: float, activation: str = "tanh", kernel: float = 1.0) -> CellConfig:
    cell = CellConfig.fresh("rnn", 1, activation=activation)
    return replace(cell, arrays={"kernel": (kernel,), "recurrent_kernel": (recurrent,), "bias": (0.0,)})


def _pulse_bands(late: int) -> tuple[tuple[int, float, float], ...]:
    """Quiet before the pulse (t = 0, 1), still showing it ``late`` steps after (the pulse is at t = 2)."""
    return ((0, -0.1, 0.1), (1, -0.1, 0.1), (2 + late, 0.5, 1.0))


def _delay() -> Task:
    """Challenge 12's cell and input, every weight free: unit 2 of a plain RNN repeats the input one step later."""
    from lstm_viz.challenges import challenge
    from lstm_viz.challenges.descent import Targets
    from lstm_viz.sequences import format_sequence

    delay = challenge("delay")
    cell = replace(CellConfig().with_weights(delay.weights(delay.start_values())), unit=1)
    config = ExplorerConfig(sequence="custom", custom=format_sequence(np.asarray(delay.inputs)), cell=cell)
    return Task("delay", config, Targets(delay), Settings("adam", 0.05, True), updates=500)


TWO_PULSES = "0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0"


def tasks() -> dict[str, Task]:
    return {
        # plain gradient descent, as for the plain RNN below: the same settings, a different cell
        "pulse": Task(
            "pulse", _lstm_keras_start("pulse"), Loss("bands", "h", bands=_pulse_bands(20)), Settings("sgd", 1.0, True)
        ),
        "forget": Task(
            "forget",
            _lstm_keras_start("custom", custom=TWO_PULSES),
            Loss("bands", "h", bands=((1, -0.1, 0.1), (12, 0.5, 1.0), (22, -0.15, 0.15))),
            Settings("adam", 0.2, True),
            updates=500,
        ),
        "delay": _delay(),
        "rnn_pulse": Task(
            "rnn_pulse",
            replace(ExplorerConfig(cell=_rnn(0.5)), sequence="pulse", steps=30),
            Loss("bands", "h", bands=_pulse_bands(20)),
            Settings("sgd", 1.0, True),
        ),
        "exploding": Task(
            "exploding",
            replace(ExplorerConfig(cell=_rnn(1.25, "leaky_relu")), sequence="pulse", steps=30),
            Loss("bands", "h", bands=((29, 0.5, 1.0),)),
            Settings("sgd", 0.05, False),
            updates=200,
        ),
    }


TASKS = tuple(tasks())
