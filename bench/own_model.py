"""Figures of issue 19 (your own model). Last line: one JSON object.

python bench/own_model.py        # about two minutes

- parity_max_abs_diff over a grid of uploaded models (1–3 recurrent layers, bidirectional, d and u from 1 to 256):
  every recurrent layer (each direction) on what it sees in the model, NumPy against Keras;
- load_to_explorer_ms for a 10 MB model: from the uploaded bytes to the explorer's scene data (checks, safe load,
  the earlier layers, the NumPy run and parity, the handoff, the explorer's trace and payload), median of 3;
- hostile_files_refused / hostile_files_tried (tests/own_model_files.py): each with its own message;
- rss_growth_mb_after_50_uploads: the process's RSS after 50 uploads and loads of different models, against after 5.
"""

from __future__ import annotations

import gc
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

from bench.explorer_browser import calibration_ms  # noqa: E402
from lstm_viz import scene  # noqa: E402
from lstm_viz.explorer.config import run as explorer_run  # noqa: E402
from lstm_viz.explorer.handoff import trained_layer  # noqa: E402
from lstm_viz.i18n import Texts  # noqa: E402
from lstm_viz.own_model import OwnModelError  # noqa: E402
from lstm_viz.own_model.model import layer_input, load, run  # noqa: E402
from tests import own_model_files as files  # noqa: E402

GRID = [  # (layer kinds, units, input features, bidirectional layers)
    (["LSTM"], [1], 1, set()),
    (["GRU"], [1], 1, set()),
    (["SimpleRNN"], [256], 1, set()),
    (["LSTM"], [256], 256, set()),
    (["GRU"], [128], 256, {0}),
    (["LSTM", "GRU"], [32, 16], 8, {0}),
    (["GRU", "LSTM", "SimpleRNN"], [64, 32, 8], 3, {1}),
    (["LSTM", "LSTM", "LSTM"], [16, 16, 16], 40, {0, 1, 2}),
    (["SimpleRNN", "GRU"], [200, 100], 64, set()),
]


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS"))
    return int(line.split()[1]) / 1024


def parity() -> tuple[float, int]:
    worst, layers = 0.0, 0
    for seed, (kinds, units, features, bidirectional) in enumerate(GRID):
        loaded = load(files.saved(files.stack(kinds, units, features, bidirectional, seed=seed)))
        x = np.random.default_rng(seed).normal(size=(25, features))
        for choice in loaded.choices:
            _, _, diff = run(loaded, choice, layer_input(loaded, choice, x))
            worst, layers = max(worst, diff), layers + 1
        print(kinds, units, features, f"{worst:.2g}", file=sys.stderr)
    return worst, layers


def load_to_explorer_ms() -> tuple[float, float]:
    model = files.stack(["LSTM", "LSTM"], [512, 320], 256, seed=9)  # 2.1 M + 1.1 M parameters
    data = files.saved(model)
    tr = Texts("en")
    times = []
    for _ in range(3):
        began = time.perf_counter()
        loaded = load(data)
        choice = loaded.choices[0]
        x = np.random.default_rng(0).normal(size=(50, 256))
        weights, trace, _ = run(loaded, choice, layer_input(loaded, choice, x))
        handoff = trained_layer(weights, trace.x, ("own.handoff", {"name": choice.name}), 0)
        config = handoff.config
        cells = [scene.Cell(config.cell.weights(config.input_dim), t, "LSTM", config.cell.unit)
                 for t in explorer_run(config)]  # fmt: skip
        scene.payload(cells, tr)
        times.append(1000 * (time.perf_counter() - began))
    return round(statistics.median(times), 1), round(len(data) / 1e6, 1)


def hostile() -> tuple[int, int, dict]:
    refused, outcome = 0, {}
    for name, (make, key) in files.HOSTILE.items():
        try:
            load(make())
            outcome[name] = "loaded"
        except OwnModelError as error:
            outcome[name] = error.key
            refused += error.key == key
    for name, make in (
        ("use_bias=False (supported)", files.without_bias),
        ("GRU reset_after=False", files.gru_reset_before),
    ):
        loaded = load(make())
        try:
            run(loaded, loaded.choices[0], np.ones((4, 2)))
            outcome[name] = "supported"
        except OwnModelError as error:
            outcome[name] = error.key
    return refused, len(files.HOSTILE), outcome


def rss_growth(uploads: int = 50) -> tuple[float, list[float]]:
    kinds = ["LSTM", "GRU", "SimpleRNN"]
    blobs = [files.saved(files.stack([kinds[k % 3]], [32 + k % 7], 4, {0} if k % 2 else set(), seed=k))
             for k in range(10)]  # fmt: skip
    curve = []
    for k in range(uploads):
        loaded = load(blobs[k % len(blobs)])  # as a session holds one upload at a time
        run(loaded, loaded.choices[0], np.ones((20, 4)))
        del loaded
        gc.collect()
        if k % 5 == 4:
            curve.append(round(rss_mb(), 1))
    return round(curve[-1] - curve[0], 1), curve


def main() -> dict:
    figures = {"calibration_numpy_forward_ms": calibration_ms()}
    growth, curve = rss_growth()  # first, before the other figures' models come and go
    figures.update({"rss_growth_mb_after_50_uploads": growth, "rss_mb_every_5_uploads": curve})
    worst, layers = parity()
    figures.update({"parity_max_abs_diff": float(f"{worst:.3g}"), "parity_layers_checked": layers,
                    "parity_models": len(GRID)})  # fmt: skip
    ms, megabytes = load_to_explorer_ms()
    figures.update({"load_to_explorer_ms": ms, "load_to_explorer_model_mb": megabytes})
    refused, tried, outcome = hostile()
    figures.update({"hostile_files_refused": refused, "hostile_files_tried": tried, "hostile_outcomes": outcome})
    figures["calibration_numpy_forward_ms_after"] = calibration_ms()
    return figures


if __name__ == "__main__":
    print(json.dumps(main()))
