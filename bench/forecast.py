"""Figures of the forecasting page (course documents 000 and 002). Last line: one JSON object.

python bench/forecast.py        # about 2 minutes on 2 cores
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from lstm_viz import forecast  # noqa: E402
from lstm_viz.models.forecast import ForecastResult, train_forecaster  # noqa: E402
from lstm_viz.training import Progress  # noqa: E402

STEPS = 150


def rollout_speed(result: ForecastResult) -> dict:
    """NumPy rollout vs model.predict once per step, over the same 150 steps, side by side."""
    scaled = result.scaler(result.y)
    seed_window = scaled[result.train_end - result.spec.window : result.train_end]
    model = result.model

    def predict_next(window):
        return float(model.predict(window.reshape(1, -1, 1).astype("float32"), verbose=0)[0, 0])

    numpy_next = forecast.numpy_predictor(result.weights, result.head)
    forecast.rollout(numpy_next, seed_window, 5)
    forecast.rollout(predict_next, seed_window, 3)  # warm up both
    numpy_times, keras_times = [], []
    for _ in range(3):
        began = time.perf_counter()
        numpy_out = forecast.rollout(numpy_next, seed_window, STEPS)
        numpy_times.append(time.perf_counter() - began)
        began = time.perf_counter()
        keras_out = forecast.rollout(predict_next, seed_window, STEPS)
        keras_times.append(time.perf_counter() - began)
    numpy_s, keras_s = statistics.median(numpy_times), statistics.median(keras_times)
    return {
        "rollout_steps": STEPS,
        "rollout_numpy_ms_per_step": round(1000 * numpy_s / STEPS, 3),
        "rollout_keras_predict_ms_per_step": round(1000 * keras_s / STEPS, 2),
        "rollout_speedup_vs_keras_predict": round(keras_s / numpy_s, 1),
        "rollout_max_abs_diff": float(
            f"{np.abs(result.scaler.inverse(numpy_out) - result.scaler.inverse(keras_out)).max():.3g}"
        ),
    }


def sine(recipe: str, seed: int) -> ForecastResult:
    result = train_forecaster(forecast.PRESETS["document_000"], recipe, Progress(0), seed=seed)
    rmse = forecast.errors(result.numpy_rollout, result.held_out)["rmse"]
    print(f"sin, {recipe}, seed {seed}: autoregressive RMSE {rmse:.4g}, {result.seconds:.1f} s", file=sys.stderr)
    return result


def quadratic(recipe: str, seed: int) -> float:
    result = train_forecaster(forecast.PRESETS["document_002"], recipe, Progress(0), seed=seed)
    mae = forecast.errors(result.table["prediction"], result.table["truth"])["mae"]
    print(f"quadratic, {recipe}, seed {seed}: table MAE {mae:.4g}", file=sys.stderr)
    return mae


def main() -> None:
    seeds = (0, 1, 2)
    document = [sine("document_000", s) for s in seeds]
    ours = [sine("default", s) for s in seeds]

    def rmse(r):
        return forecast.errors(r.numpy_rollout, r.held_out)["rmse"]

    figures = {
        "sin_autoregressive_rmse": {
            "document_000_recipe_by_seed": [float(f"{rmse(r):.4g}") for r in document],
            "document_000_recipe_median": float(f"{statistics.median(map(rmse, document)):.4g}"),
            "default_by_seed": [round(rmse(r), 4) for r in ours],
            "default_median": round(statistics.median(map(rmse, ours)), 4),
        },
        "sin_train_seconds": {
            "document_000_recipe": round(statistics.median(r.seconds for r in document), 1),
            "default": round(statistics.median(r.seconds for r in ours), 1),
        },
        "quadratic_test_mae": {
            "document_002_recipe_by_seed": [round(quadratic("document_002", s), 4) for s in seeds],
            "default_by_seed": [round(quadratic("default", s), 4) for s in seeds],
        },
    }
    figures.update(rollout_speed(ours[0]))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
