"""The forecasters (course documents 000 and 002): LSTM(units, activation) + Dense(1), and their forecasts."""

from __future__ import annotations

from dataclasses import dataclass, field

import keras
import numpy as np

from lstm_viz import forecast
from lstm_viz.forecast import FORECAST_RECIPES, DenseHead, ForecastRecipe, SeriesSpec
from lstm_viz.models.core import layer_weights, recurrent_layers, train
from lstm_viz.training import Progress, build_lock


def build(window: int, recipe: ForecastRecipe, seed: int, compiled: bool = True) -> keras.Model:
    with build_lock():
        keras.utils.set_random_seed(seed)
        model = keras.Sequential(
            [
                keras.Input((window, 1)),
                keras.layers.LSTM(recipe.units, activation=recipe.activation, name="recurrent"),
                keras.layers.Dense(1, name="dense"),
            ]
        )
        if compiled:
            loss = keras.losses.Huber() if recipe.loss == "huber" else "mse"
            model.compile(optimizer=keras.optimizers.Adam(recipe.learning_rate), loss=loss)
    return model


@dataclass
class ForecastResult:
    spec: SeriesSpec
    recipe: ForecastRecipe
    seed: int
    model: keras.Model
    scaler: forecast.Scaler
    x: np.ndarray  # the series' x
    y: np.ndarray  # the series' values
    train_end: int
    one_step: np.ndarray  # one-step-ahead predictions for every held-out target
    one_step_targets: np.ndarray  # their positions in the series
    numpy_rollout: np.ndarray  # autoregressive continuation over the held-out part, NumPy LSTM
    keras_rollout: np.ndarray  # the same with Keras (model called directly)
    seconds: float
    epochs_done: int
    stopped: bool
    history: list[dict[str, float]] = field(default_factory=list)
    table: dict | None = None  # document 002's table, for the quadratic

    @property
    def weights(self):
        return layer_weights(recurrent_layers(self.model)[0])

    @property
    def head(self) -> DenseHead:
        kernel, bias = self.model.layers[-1].get_weights()
        return DenseHead(kernel.astype(np.float64), bias.astype(np.float64))

    @property
    def held_out(self) -> np.ndarray:
        return self.y[self.train_end :]

    @property
    def rollout_difference(self) -> float:
        return float(np.abs(self.numpy_rollout - self.keras_rollout).max()) if len(self.numpy_rollout) else 0.0

    def rollout_window(self, k: int) -> np.ndarray:
        """The scaled window the model read to forecast held-out step k on its own: (window, 1)."""
        series = np.concatenate([self.y[: self.train_end], self.numpy_rollout])
        return self.scaler(series[self.train_end + k - self.spec.window : self.train_end + k])[:, None]


def keras_predictor(model: keras.Model):
    """Next value from a window with the Keras model (called directly: ``predict`` costs ~45 ms a call)."""

    def predict_next(window: np.ndarray) -> float:
        return float(np.asarray(model(window.reshape(1, -1, 1).astype("float32"), training=False))[0, 0])

    return predict_next


def train_forecaster(
    spec: SeriesSpec, recipe: str | ForecastRecipe, progress: Progress, seed: int = 0, epochs: int | None = None
) -> ForecastResult:
    """Train on the spec's training windows, then forecast the held-out part one step ahead and on its own.

    ``recipe`` is a key of FORECAST_RECIPES or a recipe (e.g. one with other units or another activation).
    """
    recipe = FORECAST_RECIPES[recipe] if isinstance(recipe, str) else recipe
    x, y = forecast.make_series(spec)
    scaler = forecast.Scaler.fit(y[: spec.train_points], recipe.standardize)
    data = forecast.windows(scaler(y), spec.window, spec.train_points)
    scheduled_epochs, batch_size = recipe.schedule(len(data.train_x))

    def make(seed: int, compiled: bool = True) -> keras.Model:
        return build(spec.window, recipe, seed, compiled)

    fitted = train(
        ("forecast", spec.window, recipe),
        make,
        seed,
        recipe.learning_rate,
        progress,
        epochs or scheduled_epochs,
        x=data.train_x,
        y=data.train_y,
        batch_size=batch_size,
        shuffle=recipe.shuffle,
    )
    model = fitted.model
    progress.phase = "forecasting"
    one_step = scaler.inverse(np.asarray(model(data.test_x.astype("float32"), training=False))[:, 0])
    seed_window = scaler(y[spec.train_points - spec.window : spec.train_points])
    steps = len(y) - spec.train_points
    result = ForecastResult(
        spec,
        recipe,
        seed,
        model,
        scaler,
        x,
        y,
        spec.train_points,
        one_step,
        data.test_targets,
        np.array([]),
        np.array([]),
        fitted.seconds,
        progress.epochs_done,
        progress.stopped,
        list(progress.history),
    )
    result.numpy_rollout = scaler.inverse(
        forecast.rollout(forecast.numpy_predictor(result.weights, result.head), seed_window, steps)
    )
    result.keras_rollout = scaler.inverse(forecast.rollout(keras_predictor(model), seed_window, steps))
    if spec.name == "quadratic" and spec.window == 4:
        inputs, truth = forecast.document_002_test()
        predictions = scaler.inverse(np.asarray(model(scaler(inputs).astype("float32"), training=False))[:, 0])
        result.table = {"inputs": inputs[:, :, 0], "prediction": predictions, "truth": truth}
    return result
