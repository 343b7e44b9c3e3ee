"""Forecasting a function with an LSTM (course documents 000 and 002): series, windows, rollouts, errors.

Document 000: f ∈ {sin, cos, tanh, x}, 1000 points on [0, 100], windows of 50 values predict the next, the
first 80% to train; then an autoregressive forecast of the last 20% (each prediction fed back as input).
Document 002: x·(x/2)+x sampled every 0.1 (x accumulated by += 0.1, values rounded to 2 decimals), windows
of 4 values predict the 5th; 40 training windows from x = 0.0, 10 test windows from x = 1.0.
No Keras here: a rollout takes any "predict the next value from this window" function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from lstm_viz.cells.base import Weights
from lstm_viz.cells.lstm import final_state
from lstm_viz.i18n import TextError
from lstm_viz.runs.key import RunKey
from lstm_viz.sequences import quadratic_sequence

SERIES = ("sin", "cos", "tanh", "x", "quadratic", "noisy_sine")  # names: catalogue "series.<name>"
MAX_POINTS = 20_000
NOISE_SCALE = 0.1


class ForecastError(TextError):
    """Settings that cannot make a forecast; the message is meant for the user."""


@dataclass(frozen=True)
class SeriesSpec:
    """Which function, where it is sampled, and how it is cut into windows."""

    name: str = "sin"
    start: float = 0.0
    stop: float = 100.0
    points: int = 1000
    window: int = 50
    train_fraction: float = 0.8
    seed: int = 0  # the noise of the noisy sine

    @property
    def train_points(self) -> int:
        return round(self.points * self.train_fraction)


PRESETS: dict[str, SeriesSpec] = {
    "document_000": SeriesSpec("sin", 0.0, 100.0, 1000, 50, 0.8),
    # 60 points 0.1 apart from x = 0; the first 44 hold document 002's 40 training windows exactly
    "document_002": SeriesSpec("quadratic", 0.0, 5.9, 60, 4, 44 / 60),
}


def make_series(spec: SeriesSpec) -> tuple[np.ndarray, np.ndarray]:
    """(x, f(x)) for the spec, or ForecastError for settings that give no usable series."""
    if spec.name not in SERIES:
        raise ForecastError("forecast_error.series", name=spec.name)
    if not (isinstance(spec.points, int | np.integer) and 2 <= spec.points <= MAX_POINTS):
        raise ForecastError("forecast_error.points", most=MAX_POINTS, got=spec.points)
    if not (np.isfinite(spec.start) and np.isfinite(spec.stop)) or spec.stop <= spec.start:
        raise ForecastError("forecast_error.range")
    if spec.name == "quadratic":
        spacing = round((spec.stop - spec.start) / (spec.points - 1), 12)  # 0.1, not 0.09999999999999999
        x = spec.start + spacing * np.arange(spec.points)
        y = quadratic_sequence(spec.start, spec.points, spacing)
    else:
        x = np.linspace(spec.start, spec.stop, spec.points)
        with np.errstate(all="ignore"):
            y = {"sin": np.sin, "cos": np.cos, "tanh": np.tanh, "x": lambda v: v.copy(), "noisy_sine": np.sin}[
                spec.name
            ](x)
        if spec.name == "noisy_sine":
            y = y + NOISE_SCALE * np.random.default_rng(spec.seed).normal(size=spec.points)
    if not np.all(np.isfinite(y)):
        raise ForecastError("forecast_error.not_finite")
    if np.abs(y).max() > 1e6:
        raise ForecastError("forecast_error.too_large")
    return x, y


@dataclass(frozen=True)
class Windows:
    """Training and held-out windows of one series (inputs (n, window, 1), targets (n,), target positions)."""

    train_x: np.ndarray
    train_y: np.ndarray
    train_targets: np.ndarray  # index of each training target in the series
    test_x: np.ndarray
    test_y: np.ndarray
    test_targets: np.ndarray
    train_end: int  # series[:train_end] is the training part


def windows(values: np.ndarray, window: int, train_points: int) -> Windows:
    """Every window of ``window`` values with the value after it as target; a target's side decides its set.

    Training windows lie wholly in the training part (inputs and target). Held-out windows have their target in
    the held-out part; their inputs may reach back into the training part, as a forecaster's would.
    """
    values = np.asarray(values, dtype=np.float64)
    n = len(values)
    if window < 1:
        raise ForecastError("forecast_error.window_empty")
    if not 1 <= train_points < n:
        raise ForecastError("forecast_error.training_part")
    if window >= train_points:
        raise ForecastError("forecast_error.window_long", window=window, train_points=train_points)
    targets = np.arange(window, n)
    inputs = np.stack([values[t - window : t] for t in targets])[:, :, None]
    train = targets < train_points
    return Windows(
        inputs[train],
        values[targets[train]],
        targets[train],
        inputs[~train],
        values[targets[~train]],
        targets[~train],
        train_points,
    )


@dataclass(frozen=True)
class Scaler:
    """Standardisation with the training part's mean and spread (identity when ``enabled`` is false)."""

    mean: float = 0.0
    scale: float = 1.0

    @classmethod
    def fit(cls, values: np.ndarray, enabled: bool = True) -> Scaler:
        if not enabled:
            return cls()
        spread = float(np.std(values))
        return cls(float(np.mean(values)), spread if spread > 1e-12 else 1.0)

    def __call__(self, values):
        return (np.asarray(values, dtype=np.float64) - self.mean) / self.scale

    def inverse(self, values):
        return np.asarray(values, dtype=np.float64) * self.scale + self.mean


def rollout(predict_next: Callable[[np.ndarray], float], seed_window: np.ndarray, steps: int) -> np.ndarray:
    """Autoregressive forecast: predict the next value from the window, append it, slide, repeat."""
    window = list(np.asarray(seed_window, dtype=np.float64).ravel())
    size, predictions = len(window), []
    for _ in range(steps):
        value = float(predict_next(np.asarray(window[-size:])))
        predictions.append(value)
        window.append(value)
    return np.array(predictions)


@dataclass(frozen=True)
class DenseHead:
    """The forecaster's ``Dense(1)`` on top of the LSTM: y = h·W + b."""

    kernel: np.ndarray  # (u, 1)
    bias: np.ndarray  # (1,)


def numpy_predictor(weights: Weights, head: DenseHead) -> Callable[[np.ndarray], float]:
    """Next value from a window, computed by the NumPy LSTM with the trained weights."""

    def predict_next(window: np.ndarray) -> float:
        h, _ = final_state(weights, window.reshape(-1, weights.input_dim))
        return float(h @ head.kernel[:, 0] + head.bias[0])

    return predict_next


def errors(prediction: np.ndarray, truth: np.ndarray) -> dict[str, float]:
    """RMSE and MAE."""
    difference = np.asarray(prediction, dtype=np.float64) - np.asarray(truth, dtype=np.float64)
    return {"rmse": float(np.sqrt(np.mean(difference**2))), "mae": float(np.mean(np.abs(difference)))}


# --- document 002's own windows and table ---------------------------------------------------------------


def document_002_windows(count: int, start: float, length: int) -> np.ndarray:
    """Windows as document 002 builds them: x starts at ``start`` and grows by += 0.1 per window and per value."""
    rows, n = [], start
    for _ in range(count):
        rows.append(quadratic_sequence(n, length))
        n += 0.1
    return np.array(rows)


def document_002_training() -> tuple[np.ndarray, np.ndarray]:
    """The document's 40 training windows: 4 inputs (40, 4, 1) and the 5th value as target (40,)."""
    rows = document_002_windows(40, 0.0, 5)
    return rows[:, :4, None], rows[:, 4]


def document_002_test() -> tuple[np.ndarray, np.ndarray]:
    """The document's 10 test windows from x = 1.0 and their *correct* next values (the document shifts them)."""
    rows = document_002_windows(10, 1, 5)  # the document starts from the integer 1
    return rows[:, :4, None], rows[:, 4]


TABLE_PLACES = ("inside", "after")  # where the table's windows lie: catalogue forecasting.table.place.<name>
TABLE_WINDOWS = 10


def document_002_after(first_unseen_x: float) -> tuple[np.ndarray, np.ndarray]:
    """10 windows built as the document builds its test windows, but from ``first_unseen_x`` (the first x past the
    training part, to 0.1): no value in them was trained on, so their error measures a forecast, not a fit."""
    rows = document_002_windows(TABLE_WINDOWS, round(float(first_unseen_x), 1), 5)
    return rows[:, :4, None], rows[:, 4]


def trained_on(inputs: np.ndarray, truth: np.ndarray, tolerance: float = 0.011) -> np.ndarray:
    """For each window (inputs and target), the index of the document's training window with the same values to
    rounding (the values have 2 decimals; x accumulated by += 0.1 can round one cent apart), or −1."""
    train_x, train_y = document_002_training()
    trained = np.concatenate([train_x[:, :, 0], train_y[:, None]], axis=1)
    windows = np.concatenate([np.asarray(inputs)[:, :, 0], np.asarray(truth)[:, None]], axis=1)
    gaps = np.abs(windows[:, None, :] - trained[None, :, :]).max(axis=2)
    return np.where(gaps.min(axis=1) <= tolerance, gaps.argmin(axis=1), -1)


def predict_windows(predict_next: Callable[[np.ndarray], float], scaler: Scaler, inputs: np.ndarray) -> np.ndarray:
    """The next value after each window (n, window, 1), in the series' units, from a predictor of scaled windows."""
    return scaler.inverse([predict_next(scaler(window)) for window in np.asarray(inputs, dtype=np.float64)])


# --- recipes (what models.train_forecaster runs) --------------------------------------------------------


@dataclass(frozen=True)
class ForecastRecipe:
    """A training recipe (its name and description: catalogue "forecast_recipe.<key>")."""

    key: str
    units: int
    activation: str  # "tanh", "relu" or "leaky_relu"
    loss: str  # "huber" or "mse"
    learning_rate: float
    epochs: int
    batch_size: int
    standardize: bool  # scale the series with the training part's mean and spread
    shuffle: bool = True  # document 000 feeds timeseries_dataset_from_array's batches in order
    min_updates: int = 0  # small data sets: smaller batches and more epochs, until this many weight updates

    def schedule(self, windows: int) -> tuple[int, int]:
        """(epochs, batch size) for a training set of this many windows."""
        if not self.min_updates:
            return self.epochs, self.batch_size
        batch = min(self.batch_size, max(4, windows // 8))
        steps = -(-windows // batch)
        return max(self.epochs, -(-self.min_updates // steps)), batch


FORECAST_RECIPES: dict[str, ForecastRecipe] = {
    "document_000": ForecastRecipe(
        "document_000",
        10,
        "relu",
        "huber",
        0.01,
        10,
        10,
        False,
        shuffle=False,
    ),
    "document_002": ForecastRecipe(
        "document_002",
        50,
        "tanh",
        "mse",
        0.001,
        100,
        1,
        False,
    ),
    "default": ForecastRecipe(
        "default",
        32,
        "tanh",
        "mse",
        0.005,
        30,
        32,
        True,
        min_updates=900,
    ),
}


# One weight update's cost with limit_tensorflow_threads, timed with train_forecaster on this project's shared 2-core
# machine while others worked on it (issue 35): document 002 (window 4, batch 1, 4000 updates) 22.8 s; document 000
# (window 50, batch 10, 750 updates) 7.3 to 10.4 s; our default on the sine (window 50, batch 32, 912 updates)
# 24.9 s. A fixed cost per update plus one per value in the batch fits all three within a fifth.
SECONDS_PER_UPDATE = 0.005
SECONDS_PER_BATCH_VALUE = 1.2e-5


def update_seconds(window: int, batch: int) -> float:
    """The expected seconds of one weight update on ``batch`` windows of ``window`` values."""
    return SECONDS_PER_UPDATE + SECONDS_PER_BATCH_VALUE * window * batch


@dataclass(frozen=True)
class ForecastRun(RunKey):
    """What one training run is: the series, the recipe (as chosen), the seed, and the epochs if set by hand."""

    family = "forecast"

    spec: SeriesSpec
    recipe: ForecastRecipe
    seed: int
    epochs: int | None = None  # None: the recipe's schedule

    def total_epochs(self, train_windows: int) -> int:
        return self.epochs or self.recipe.schedule(train_windows)[0]

    def plan(self):
        """What training this run means, from the key alone: the series is made from ``spec``."""
        from lstm_viz.runs.plans import forecast_plan

        return forecast_plan(self)

    def estimate_seconds(self) -> float:
        from lstm_viz.runs.plans import forecast_estimate

        return forecast_estimate(self)
