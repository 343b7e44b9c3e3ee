"""Associative recall (issue 30): mLSTM against an LSTM of the same size. Last line: one JSON object.

python bench/recall.py [--epochs 60] [--units 2 8]   # about 30 s per LSTM on 2 cores

Trains a Keras LSTM of each size (seeded; every weight clipped to the sliders' ±10 after each update; LSTM → unit
1 of h at the two query steps, mean squared error, Adam 0.01, batches of 128) on 20,000 random tasks of
lstm_viz.recall, and scores it on 2,000 new ones with the NumPy cell from its Keras weights. The 2-unit LSTM's
weights, to 4 significant digits as a link writes them, are lstm_viz.recall.LSTM_ARRAYS (printed with
--print-weights); the preset's score is computed from those. The mLSTM of 2 units is lstm_viz.recall.MLSTM,
set by hand. Baselines: answering 0, and answering the mean of the two stored values (which needs no key).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from bench.explorer_browser import calibration_ms
from lstm_viz import cells, recall
from lstm_viz.cells.base import Weights
from lstm_viz.explorer.fields import WEIGHT_LIMIT


def _within_sliders():
    import keras

    class WithinSliders(keras.constraints.Constraint):
        """Every weight kept within the explorer's sliders (±WEIGHT_LIMIT), so a link can carry the trained cell."""

        def __call__(self, w):
            return keras.ops.clip(w, -WEIGHT_LIMIT, WEIGHT_LIMIT)

    return WithinSliders


def train_lstm(units: int, epochs: int, x: np.ndarray, y: np.ndarray) -> tuple[Weights, float]:
    import keras

    keras.utils.set_random_seed(1)
    WithinSliders = _within_sliders()
    inputs = keras.Input((recall.STEPS, recall.FEATURES))
    within = WithinSliders()
    lstm = keras.layers.LSTM(units, return_sequences=True, kernel_constraint=within, recurrent_constraint=within,
                             bias_constraint=within)  # fmt: skip
    h = lstm(inputs)
    first, last = recall.QUERIES
    model = keras.Model(inputs, keras.layers.Lambda(lambda h: h[:, first : last + 1, 0])(h))
    model.compile(keras.optimizers.Adam(0.01), "mse")
    start = time.perf_counter()
    model.fit(x.astype("float32"), y.astype("float32"), batch_size=128, epochs=epochs, verbose=0)
    seconds = time.perf_counter() - start
    kernel, recurrent, bias = (np.asarray(w, dtype=np.float64) for w in model.layers[1].get_weights())
    arrays = {"kernel": kernel, "recurrent_kernel": recurrent, "bias": bias}
    return Weights(cells.kind("lstm"), arrays), seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=60)
    parser.add_argument("--units", type=int, nargs="*", default=[2, 8])
    parser.add_argument("--print-weights", action="store_true")
    args = parser.parse_args()
    calibration = calibration_ms()
    x, y = recall.tasks(20_000, np.random.default_rng(0))
    test_x, test_y = recall.tasks(2_000, np.random.default_rng(1))
    result = {"calibration_numpy_forward_ms": calibration, "tasks_trained": len(x), "tasks_scored": len(test_x)}
    result["mlstm_2_units_rmse"] = recall.rmse(recall.mlstm(), test_x, test_y)
    result["preset_lstm_2_units_rmse"] = recall.rmse(recall.lstm(), test_x, test_y)
    for units in args.units:
        weights, seconds = train_lstm(units, args.epochs, x, y)
        result[f"lstm_{units}_units_rmse"] = recall.rmse(weights, test_x, test_y)
        result[f"lstm_{units}_units_train_s"] = round(seconds, 1)
        if units == 2 and args.print_weights:
            digits = {name: np.vectorize(lambda v: float(f"{v:.4g}"))(a) for name, a in weights.arrays.items()}
            print({name: a.tolist() for name, a in digits.items()})
    result["answer_0_rmse"] = float(np.sqrt(np.mean(test_y**2)))
    result["answer_mean_rmse"] = float(np.sqrt(np.mean((test_y - test_y.mean(axis=1, keepdims=True)) ** 2)))
    result["calibration_numpy_forward_ms_after"] = calibration_ms()
    print(json.dumps({k: float(f"{v:.4g}") if isinstance(v, float) else v for k, v in result.items()}))


if __name__ == "__main__":
    main()
