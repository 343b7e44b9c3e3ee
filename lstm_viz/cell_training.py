"""Gradient descent on one cell (issue 29's "Train this cell"): the explorer's own cell, its own loss, in NumPy.

Each update runs the kind's ``forward`` and BPTT (lstm_viz.backward) over the whole sequence, clips the gradient's
global norm if asked, and moves every weight array by plain gradient descent or Adam (Kingma & Ba 2015, as Keras's
``Adam``: β₁ = 0.9, β₂ = 0.999, ε = 1e-7). Pins and initial states stay as they are. Nothing here is random: the
same start, loss and settings give the same weights, update by update (a test checks it); a seed only chooses a
random start when one is asked for.

A loss or gradient that becomes ±∞ or NaN stops the training with the weights from before that update.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import numpy as np

from lstm_viz.backward import Gradients, Loss, gradients
from lstm_viz.cells.base import Trace, Weights, forward

OPTIMIZERS = ("adam", "sgd")
DEFAULT_RATE = {"adam": 0.05, "sgd": 0.5}
MAX_RATE = 10.0
CLIP_NORM = 1.0  # the global norm gradient clipping scales a longer gradient down to


@dataclass(frozen=True)
class Settings:
    optimizer: str = "adam"
    learning_rate: float = 0.05
    clip: bool = True


def checked(settings: Settings) -> tuple[Settings, list[str]]:
    """The settings as they will be used, and a catalogue key for each change made (a rate of 0, negative, NaN or
    huge is replaced by the optimizer's default or the largest allowed)."""
    notes = []
    optimizer = settings.optimizer if settings.optimizer in OPTIMIZERS else "adam"
    rate = settings.learning_rate
    try:
        rate = float(rate)
    except (TypeError, ValueError):
        rate = math.nan
    if not math.isfinite(rate) or rate <= 0:
        rate = DEFAULT_RATE[optimizer]
        notes.append("train.rate_not_positive")
    elif rate > MAX_RATE:
        rate = MAX_RATE
        notes.append("train.rate_too_large")
    return Settings(optimizer, rate, bool(settings.clip)), notes


@dataclass
class Update:
    """One update: the loss before it, the gradient's norm, and whether clipping shortened it."""

    iteration: int
    loss: float
    norm: float
    clipped: bool


@dataclass
class Trainer:
    """Gradient descent from ``weights`` on input x for ``loss``; ``step()`` makes one update."""

    weights: Weights
    x: np.ndarray
    loss: Loss
    settings: Settings = field(default_factory=Settings)
    initial: Mapping[str, np.ndarray] | None = None
    pins: Mapping[str, object] | None = None
    mask: Mapping[str, np.ndarray] | None = None  # 1 where a weight may move (a challenge's knobs), 0 elsewhere
    iteration: int = 0
    history: list[Update] = field(default_factory=list)
    diverged: bool = False

    def __post_init__(self) -> None:
        self.settings, self.notes = checked(self.settings)
        self._moments = {name: (np.zeros_like(a), np.zeros_like(a)) for name, a in self.weights.arrays.items()}
        self._current: Gradients | None = None  # the run and gradient of the weights as they are (once each)

    def evaluate(self, weights: Weights | None = None) -> Gradients:
        weights = weights or self.weights
        trace = forward(weights, self.x, self.initial, self.pins)
        return gradients(weights, trace, self.loss)

    def current(self) -> Gradients:
        """The run and the gradient of the weights as they are now (computed once: the next update uses them)."""
        if self._current is None:
            with np.errstate(all="ignore"):  # an exploding cell: ±∞ and NaN are caught by the caller, not warned
                self._current = self.evaluate()
        return self._current

    def now(self) -> Frame:
        """The weights as they are now, their run and its loss."""
        result = self.current()
        return Frame(self.iteration, result.loss, self.weights, result.trace)

    def step(self) -> Update | None:
        """One update; None (and ``diverged``) when the loss or the gradient is not finite: the weights stay."""
        if self.diverged:
            return None
        result = self.current()
        if not result.finite():
            self.diverged = True
            return None
        norm = result.norm()
        scale = CLIP_NORM / norm if self.settings.clip and norm > CLIP_NORM else 1.0
        self.iteration += 1
        arrays = {}
        rate = self.settings.learning_rate
        for name, array in self.weights.arrays.items():
            grad = result.arrays[name] * scale
            if self.mask is not None:
                grad = grad * self.mask.get(name, 0.0)
            if self.settings.optimizer == "sgd":
                arrays[name] = array - rate * grad
                continue
            first, second = self._moments[name]
            first = 0.9 * first + 0.1 * grad
            second = 0.999 * second + 0.001 * grad * grad
            self._moments[name] = (first, second)
            corrected = rate * math.sqrt(1 - 0.999**self.iteration) / (1 - 0.9**self.iteration)
            arrays[name] = array - corrected * first / (np.sqrt(second) + 1e-7)
        if not all(np.all(np.isfinite(a)) for a in arrays.values()):
            self.diverged = True
            return None
        self.weights = self.weights.replace(**arrays)
        self._current = None
        update = Update(self.iteration, result.loss, norm, scale < 1.0)
        self.history.append(update)
        return update

    def run(self, updates: int) -> list[Update]:
        done = []
        for _ in range(updates):
            update = self.step()
            if update is None:
                break
            done.append(update)
        return done


@dataclass
class Frame:
    iteration: int
    loss: float
    weights: Weights
    trace: Trace | None  # the cell's run with these weights (what the replay draws; None once it is drawn)


@dataclass
class Recording:
    """A training run as the browser replays it: ``frames`` from the start to the last update (at most ``FRAMES``
    of them, evenly spaced), whether the task passed, whether it diverged, and how long it took."""

    frames: list[Frame]
    updates: int
    passed: bool
    diverged: bool
    seconds: float
    notes: list[str]


FRAMES = 60


def record(
    trainer: Trainer,
    updates: int,
    passed: Callable[[float], bool] | None = None,
    budget: float = 3.0,
    frames: int = FRAMES,
) -> Recording:
    """Run up to ``updates`` updates (fewer if ``passed(loss)`` or the time ``budget`` in seconds ends it); the
    replay keeps the start, the end and evenly spaced states between (at most ``frames``)."""
    began = time.perf_counter()
    states = [trainer.now()]
    done = False
    while trainer.iteration < updates and time.perf_counter() - began < budget:
        if trainer.step() is None:
            break
        state = trainer.now()
        if not (np.isfinite(state.loss) and state.trace.finite()):  # this update blew the cell up: undo it, stop
            trainer.weights, trainer.diverged = states[-1].weights, True
            trainer._current = None
            break
        states.append(state)
        done = passed is not None and bool(passed(state.loss))
        if done:
            break
    seconds = time.perf_counter() - began
    chosen = sorted({round(k * (len(states) - 1) / max(frames - 1, 1)) for k in range(frames)})
    kept = [states[k] for k in chosen]
    return Recording(kept, states[-1].iteration, done, trainer.diverged, seconds, list(trainer.notes))


def train_job(
    weights: Weights,
    x: np.ndarray,
    loss,
    settings: Settings,
    initial: Mapping[str, np.ndarray] | None,
    pins: Mapping[str, object] | None,
    updates: int,
    pass_loss: float | None,
    budget: float,
    unit: int,
    token: int,
) -> tuple[Recording, dict]:
    """One Train, as a worker process runs it (lstm_viz.work_pool): the run, and its replay for the scene."""
    from lstm_viz.scene.backward import training_frames

    trainer = Trainer(weights, x, loss, settings, initial, pins)
    passed = None if pass_loss is None else (lambda value: value <= pass_loss)
    recording = record(trainer, updates, passed, budget)
    replay = training_frames(recording, token, unit)
    # The frames as JSON text, written here: the server's process only passes the string on (the browser parses it).
    replay["frames_json"] = json.dumps(replay.pop("frames"), separators=(",", ":"), allow_nan=False)
    replay["frames"] = []
    frames = [replace(frame, trace=None) for frame in recording.frames]  # the page needs their weights (Stop), not runs
    return replace(recording, frames=frames), replay
