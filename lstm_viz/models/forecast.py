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


def dense_head(model: keras.Model) -> DenseHead:
    """The model's Dense(1) on top of the LSTM, in float64 for the NumPy rollout."""
    kernel, bias = model.layers[-1].get_weights()
    return DenseHead(kernel.astype(np.float64), bias.astype(np.float64))


def keras_predict(model: keras.Model, windows: np.ndarray) -> np.ndarray:
    """The model's next value for each window (n, window, 1), in one call: (n,)."""
    if not len(windows):
        return np.zeros(0)
    return np.asarray(model(np.asarray(windows, dtype="float32"), training=False), dtype=np.float64)[:, 0]


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
    keras_check: np.ndarray  # Keras's predictions from the windows the NumPy rollout read (one batched call)
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
        return dense_head(self.model)

    @property
    def held_out(self) -> np.ndarray:
        return self.y[self.train_end :]

    @property
    def rollout_difference(self) -> float:
        """How far Keras (float32) is from the NumPy rollout on the same windows, relative to the value's size (a
        runaway forecast of 1e26 differs by 1e19 in absolute terms, which says nothing about the two LSTMs)."""
        if not len(self.numpy_rollout):
            return 0.0
        return float(relative_difference(self.numpy_rollout, self.keras_check).max())

    def document_table(self, place: str = "inside") -> dict | None:
        """Document 002's table (the quadratic only): its own 10 windows inside the training range (Keras's predictions,
        made after training), or 10 built the same way after the training part ("after": the NumPy LSTM with the
        trained weights, as the rollout)."""
        if self.table is None or place == "inside":
            return self.table
        inputs, truth = forecast.document_002_after(self.x[self.train_end])
        predict_next = forecast.numpy_predictor(self.weights, self.head)
        prediction = forecast.predict_windows(predict_next, self.scaler, inputs)
        return {"inputs": inputs[:, :, 0], "prediction": prediction, "truth": truth}

    def rollout_window(self, k: int) -> np.ndarray:
        """The scaled window the model read to forecast held-out step k on its own: (window, 1)."""
        return rollout_windows(self.y[: self.train_end], self.numpy_rollout, self.spec.window, self.scaler)[k]


def rollout_windows(known: np.ndarray, forecast_values: np.ndarray, window: int, scaler: forecast.Scaler) -> np.ndarray:
    """Every scaled window an autoregressive forecast read after the values ``known``: (steps, window, 1)."""
    series = scaler(np.concatenate([known[len(known) - window :], forecast_values]))
    return np.stack([series[k : k + window] for k in range(len(forecast_values))])[:, :, None]


def relative_difference(values: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """|values − reference| / max(1, |reference|), element by element."""
    reference = np.asarray(reference, dtype=np.float64)
    return np.abs(np.asarray(values, dtype=np.float64) - reference) / np.maximum(1.0, np.abs(reference))


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
    seed_window = scaler(y[spec.train_points - spec.window : spec.train_points])
    steps = len(y) - spec.train_points
    weights, head = layer_weights(recurrent_layers(model)[0]), dense_head(model)
    # The rollout runs on the NumPy LSTM: a Keras call per step retraced its graph on every call (issue 35: 12 s
    # after the last epoch for the sine's 200 steps; NumPy takes a fraction of a second). Keras then checks it in one
    # batched call on the very windows the rollout read, together with the one-step-ahead windows.
    numpy_rollout = scaler.inverse(forecast.rollout(forecast.numpy_predictor(weights, head), seed_window, steps))
    own_windows = rollout_windows(y[: spec.train_points], numpy_rollout, spec.window, scaler)
    keras_out = scaler.inverse(keras_predict(model, np.concatenate([data.test_x, own_windows])))
    one_step, keras_check = keras_out[: len(data.test_x)], keras_out[len(data.test_x) :]
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
        numpy_rollout,
        keras_check,
        fitted.seconds,
        progress.epochs_done,
        progress.stopped,
        list(progress.history),
    )
    if spec.name == "quadratic" and spec.window == 4:
        inputs, truth = forecast.document_002_test()
        predictions = scaler.inverse(keras_predict(model, scaler(inputs)))
        result.table = {"inputs": inputs[:, :, 0], "prediction": predictions, "truth": truth}
    return result
