"""Figures of issue 34 (layers, not just a cell): the NumPy stack against Keras. Last line: one JSON object.

python bench/stack.py

keras_parity_max_abs_diff per configuration: 2 and 3 stacked layers of each Keras kind (the last one handing on
only its last output), and a Bidirectional pair of layers in each merge_mode; every cell with a non-zero initial
state, random weights, 5 seeds; the largest |NumPy − Keras| over every output of every layer. Also the forward
time of document 001's model in miniature (LSTM(4) → LSTM(4) on 62 rows of 47 pixels) and the calibration figure
(the NumPy forward of 100 steps × 4 units, ms). (The stack's scene in the explorer is not built yet: its
click-to-view and scene size come with it.)
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench.explorer_browser import calibration_ms, median_ms  # noqa: E402
from lstm_viz.stack import forward_stack  # noqa: E402
from tests.test_stack import KERAS_KINDS, build, initial_states, keras_outputs  # noqa: E402

CONFIGURATIONS = {
    **{
        f"stacked_2_{kind}": [(kind, 4, False, "concat", True), (kind, 3, False, "concat", False)]
        for kind in KERAS_KINDS
    },
    **{
        f"stacked_3_{kind}": [
            (kind, 3, False, "concat", True),
            (kind, 5, False, "concat", True),
            (kind, 2, False, "concat", False),
        ]
        for kind in KERAS_KINDS
    },
    **{
        f"bidirectional_{mode}": [("lstm", 3, True, mode, True), ("gru", 2, True, mode, False)]
        for mode in ("concat", "sum", "ave", "mul")
    },
}


def parity(spec, seeds=5) -> float:
    worst = 0.0
    for seed in range(seeds):
        layers = build(spec, 3, seed)
        rng = np.random.default_rng(seed + 100)
        x = rng.normal(size=(16, 3))
        ours, theirs = initial_states(layers, rng)
        trace = forward_stack(layers, x, ours)
        for layer_trace, expected in zip(trace.layers, keras_outputs(layers, x, theirs)):
            worst = max(worst, float(np.abs(layer_trace.output - expected).max()))
    return float(f"{worst:.3g}")


def course_miniature_ms() -> float:
    layers = build([("lstm", 4, False, "concat", True), ("lstm", 4, False, "concat", False)], 47, 0)
    x = np.random.default_rng(1).normal(size=(62, 47))
    return median_ms(lambda: forward_stack(layers, x))


def main() -> None:
    figures = {"calibration_numpy_forward_ms": calibration_ms()}
    figures["keras_parity_max_abs_diff"] = {name: parity(spec) for name, spec in CONFIGURATIONS.items()}
    figures["keras_parity_worst"] = max(figures["keras_parity_max_abs_diff"].values())
    figures["course_miniature_forward_ms"] = course_miniature_ms()
    figures["calibration_numpy_forward_ms_after"] = calibration_ms()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
