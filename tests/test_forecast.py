"""Forecasting: series, windows, the document 002 table, rollouts, and a short real training."""

import numpy as np
import pytest

from lstm_viz import forecast
from lstm_viz.forecast import ForecastError, SeriesSpec


@pytest.mark.parametrize("name", list(forecast.SERIES))
def test_every_series(name):
    x, y = forecast.make_series(SeriesSpec(name, 0.0, 10.0, 101, 5, 0.8))
    assert x.shape == y.shape == (101,) and np.all(np.isfinite(y))
    if name in ("sin", "cos", "tanh"):
        np.testing.assert_allclose(y, getattr(np, name)(x))


def test_noisy_sine_is_seeded():
    spec = SeriesSpec("noisy_sine", 0.0, 10.0, 50, 5, 0.8, seed=3)
    np.testing.assert_array_equal(forecast.make_series(spec)[1], forecast.make_series(spec)[1])
    assert not np.allclose(forecast.make_series(spec)[1], np.sin(forecast.make_series(spec)[0]))


def test_windows_shapes_and_no_shared_targets():
    values = np.arange(100.0)
    w = forecast.windows(values, 10, 80)
    assert w.train_x.shape == (70, 10, 1) and w.test_x.shape == (20, 10, 1)
    assert set(w.train_targets).isdisjoint(w.test_targets)
    assert w.train_targets.max() < 80 <= w.test_targets.min()
    np.testing.assert_array_equal(w.train_x[0, :, 0], np.arange(10)) and w.train_y[0] == 10
    np.testing.assert_array_equal(w.test_y, np.arange(80, 100))
    np.testing.assert_array_equal(w.test_x[0, :, 0], np.arange(70, 80))  # reaches back into the training part


@pytest.mark.parametrize(
    "spec, message",
    [
        (SeriesSpec("sin", 0, 100, 1000, 900, 0.8), "shorter than the training part"),
        (SeriesSpec("sin", 0, 100, 0, 5, 0.8), "between 2 and"),
        (SeriesSpec("sin", 5, 1, 100, 5, 0.8), "start < stop"),
        (SeriesSpec("sin", float("nan"), 1, 100, 5, 0.8), "finite"),
        (SeriesSpec("quadratic", 0, 1e300, 100, 5, 0.8), "not finite|beyond"),
        (SeriesSpec("x", 0, 1e9, 100, 5, 0.8), "beyond"),
        (SeriesSpec("sin", 0, 100, 100, 5, 0.999), "leave at least one"),
    ],
)
def test_bad_settings_get_a_plain_message(spec, message):
    with pytest.raises(ForecastError, match=message):
        _, y = forecast.make_series(spec)
        forecast.windows(y, spec.window, spec.train_points)


def test_document_002_windows_and_correct_table_values():
    inputs, targets = forecast.document_002_training()
    assert inputs.shape == (40, 4, 1)
    np.testing.assert_array_equal(inputs[0, :, 0], [0.0, 0.11, 0.22, 0.35])  # as the document prints it
    assert targets[0] == 0.48
    test_inputs, truth = forecast.document_002_test()
    np.testing.assert_array_equal(test_inputs[0, :, 0], [1.5, 1.71, 1.92, 2.15])
    assert truth[0] == 2.38  # the document's table says 2.63 (shifted by two rows)
    # the page's document-002 setup holds exactly these 40 training windows
    spec = forecast.PRESETS["document_002"]
    _, y = forecast.make_series(spec)
    w = forecast.windows(y, spec.window, spec.train_points)
    np.testing.assert_array_equal(w.train_x, inputs)
    np.testing.assert_array_equal(w.train_y, targets)


def test_rollout_feeds_predictions_back():
    calls = []

    def predict_next(window):
        calls.append(window.copy())
        return window[-1] + 1

    out = forecast.rollout(predict_next, np.array([1.0, 2.0, 3.0]), 4)
    np.testing.assert_array_equal(out, [4, 5, 6, 7])
    np.testing.assert_array_equal(calls[-1], [4, 5, 6])


def test_scaler_round_trip():
    scaler = forecast.Scaler.fit(np.array([1.0, 3.0, 5.0]))
    np.testing.assert_allclose(scaler.inverse(scaler(np.array([2.0, 7.0]))), [2.0, 7.0])
    assert forecast.Scaler.fit(np.ones(4)).scale == 1.0 and forecast.Scaler.fit(np.ones(4), False)(2.0) == 2.0


def test_schedule_gives_small_sets_more_updates():
    recipe = forecast.FORECAST_RECIPES["default"]
    assert recipe.schedule(750) == (38, 32)
    epochs, batch = recipe.schedule(40)
    assert batch == 5 and epochs * 8 >= 900
    assert forecast.FORECAST_RECIPES["document_000"].schedule(40) == (10, 10)


def test_short_training_beats_repeating_the_last_value_and_numpy_equals_keras():
    from lstm_viz.models.forecast import train_forecaster
    from lstm_viz.training import Progress

    spec = SeriesSpec("sin", 0.0, 30.0, 300, 20, 0.8)
    result = train_forecaster(spec, "default", Progress(0), seed=0, epochs=12)
    truth = result.held_out
    naive = np.r_[result.y[result.train_end - 1], truth[:-1]]  # "tomorrow = today", one step ahead
    assert forecast.errors(result.one_step, truth)["rmse"] < forecast.errors(naive, truth)["rmse"]
    assert result.rollout_difference <= 1e-5  # Keras on the NumPy rollout's own windows
    assert len(result.numpy_rollout) == len(truth) == 60


@pytest.mark.parametrize("activation", ["relu", "leaky_relu"])
def test_numpy_lstm_matches_keras_with_other_activations(activation):
    keras = pytest.importorskip("keras")
    from lstm_viz import cells

    layer = keras.layers.LSTM(6, activation=activation, return_sequences=True)
    layer.build((1, 12, 2))
    x = np.random.default_rng(0).normal(size=(12, 2)).astype("float32")
    expected = np.asarray(layer(x[None]))[0]
    weights = cells.from_keras(layer)
    assert weights.activation == activation
    assert np.abs(cells.forward(weights, x).h - expected).max() <= 1e-5


def keras_rollout(model, seed_window, steps):
    """The reference: Keras called once per forecast step (what the page did before issue 35: 12 s for the sine)."""
    window, out = list(seed_window), []
    for _ in range(steps):
        value = float(np.asarray(model(np.array(window[-len(seed_window) :], "float32").reshape(1, -1, 1)))[0, 0])
        out.append(value)
        window.append(value)
    return np.array(out)


@pytest.mark.parametrize("recipe", ["default", "document_000"])
def test_numpy_rollout_matches_a_keras_rollout_step_by_step(recipe):
    from lstm_viz.models.core import layer_weights, recurrent_layers
    from lstm_viz.models.forecast import build, dense_head, keras_predict, rollout_windows

    model = build(12, forecast.FORECAST_RECIPES[recipe], seed=3, compiled=False)
    seed_window = np.sin(np.linspace(0, 3, 12))
    predict = forecast.numpy_predictor(layer_weights(recurrent_layers(model)[0]), dense_head(model))
    ours = forecast.rollout(predict, seed_window, 25)
    np.testing.assert_allclose(ours, keras_rollout(model, seed_window, 25), atol=1e-5)
    # the page's check: Keras in one call on the windows the NumPy rollout read
    windows = rollout_windows(seed_window, ours, 12, forecast.Scaler())
    np.testing.assert_array_equal(windows[0, :, 0], seed_window)
    np.testing.assert_array_equal(windows[5, -1, 0], ours[4])
    np.testing.assert_allclose(keras_predict(model, windows), ours, atol=1e-5)


def test_a_runaway_forecast_is_clipped_with_a_note():
    from lstm_viz.i18n import Texts
    from lstm_viz.plots.forecast import forecast_chart, shown_range

    x = np.linspace(0, 10, 100)
    y = np.sin(x)
    calm = 0.9 * np.sin(x[80:])
    assert shown_range(y, calm) is None
    assert shown_range(y, calm * 2.5) is None  # beyond the function, but within one span of it: drawn whole
    runaway = np.geomspace(1, 1.1e26, 20)
    low, high = shown_range(y, runaway)
    assert low < -1 and 1 < high < 4  # the function's range and one span above it
    figure = forecast_chart(x, y, 80, rollout=runaway, tr=Texts("ru"))
    assert list(figure.layout.yaxis.range) == [low, high]
    note = figure.layout.annotations[-1].text
    assert "до 1,1·10²⁶" in note and figure.layout.separators.startswith(",")
    assert "range" not in (forecast_chart(x, y, 80, rollout=calm).layout.yaxis.to_plotly_json())


def test_the_estimate_grows_with_the_windows_and_batches():
    from lstm_viz.forecast import FORECAST_RECIPES, PRESETS, ForecastRun

    def seconds(preset, recipe, **changes):
        return ForecastRun(PRESETS[preset], FORECAST_RECIPES[recipe], 0, **changes).estimate_seconds()

    # timed here (issue 35): document 000 about 10 s of fitting, our default on the sine 25 s, document 002 23 s
    assert 8 < seconds("document_000", "document_000") < 16
    assert 18 < seconds("document_000", "default") < 32
    assert 17 < seconds("document_002", "document_002") < 30
    assert seconds("document_000", "document_000", epochs=20) > seconds("document_000", "document_000")
