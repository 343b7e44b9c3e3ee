"""Figures of issues 15 and 30 (cell kinds, and the cells of 2024). Last line: one JSON object.

python bench/cells.py        # about a minute on 2 cores

- Keras parity of every kind Keras has (several units, a non-zero initial state, tanh and relu);
- the 2024 kinds against their reference implementations' transcriptions, and the parallel forms against the loop;
- the NumPy forward of 100 steps × 4 units for every kind (with the calibration figure it is the same as);
- the alphabet's variant 3 with the fast recipe, read by each Keras layer kind;
- the files that name the last kind added (its modules, its texts, its tests — and nothing else, if the design holds).
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from lstm_viz import cells  # noqa: E402
from lstm_viz.cells.base import Weights, forward  # noqa: E402


def keras_parity() -> dict[str, float]:
    import keras

    worst = {}
    for kind in (k for k in cells.KINDS.values() if k.keras_layer):
        largest = 0.0
        for seed, (units, input_dim, steps, activation) in enumerate(
            [(1, 1, 20, "tanh"), (3, 2, 40, "tanh"), (4, 5, 30, "relu"), (16, 8, 50, "tanh")]
        ):
            rng = np.random.default_rng(seed)
            weights = cells.random(kind, units, input_dim, rng, 0.5)
            weights = Weights(kind, weights.arrays, activation)
            layer = getattr(keras.layers, kind.keras_layer)(units, activation=activation, return_sequences=True)
            layer.build((1, steps, input_dim))
            layer.set_weights([w.astype("float32") for w in kind.to_keras(weights)])
            x = rng.normal(size=(steps, input_dim)).astype("float32")
            initial = {s: rng.uniform(-1, 1, units).astype("float32") for s in kind.states}
            state = [initial[s][None] for s in kind.states]
            expected = np.asarray(layer(x[None], initial_state=state if len(state) > 1 else state[0]))[0]
            largest = max(largest, float(np.abs(forward(cells.from_keras(layer), x, initial).h - expected).max()))
        worst[kind.keras_layer] = float(f"{largest:.3g}")
    return worst


def forward_ms() -> dict[str, float]:
    from bench.explorer_browser import median_ms

    x = np.random.default_rng(1).normal(size=(100, 1))
    result = {}
    for key, kind in cells.KINDS.items():
        weights = cells.random(kind, 4, 1, np.random.default_rng(0))
        result[key] = median_ms(functools.partial(forward, weights, x), repeats=30, warm=3)
    return result


def alphabet_by_layer() -> tuple[dict, dict, dict]:
    from lstm_viz.alphabet import LAYERS, AlphabetRun
    from lstm_viz.models.alphabet import train_alphabet
    from lstm_viz.training import Progress

    accuracy, seconds, parameters = {}, {}, {}
    for layer in LAYERS:
        result = train_alphabet(AlphabetRun(3, "fast", 7, 10, layer), Progress(0))
        accuracy[layer], seconds[layer], parameters[layer] = (
            round(result.accuracy, 2),
            round(result.seconds, 1),
            result.parameters,
        )
        print(layer, accuracy[layer], seconds[layer], file=sys.stderr)
    return accuracy, seconds, parameters


def reference_parity() -> dict[str, float]:
    """The 2024 kinds against the separate transcriptions of their reference implementations (tests/reference_cells.py):
    several units, non-zero initial states, with and without pins, float64."""
    from tests import reference_cells
    from tests.test_cells_2024 import NEW, PINS, _case

    worst = {}
    for key in NEW:
        largest = 0.0
        for seed in range(5):
            weights, x, initial = _case(key, seed=seed, steps=50)
            for pins in ({}, PINS[key]):
                ours = forward(weights, x, initial, pins).h
                largest = max(
                    largest, float(np.abs(ours - reference_cells.reference_h(weights, x, initial, pins)).max())
                )
        worst[key] = float(f"{largest:.3g}")
    return worst


def parallel_parity() -> dict[str, float]:
    """Every kind with a parallel form: its h against the loop's (h₀ of either sign, 200 steps)."""
    from tests.test_cells_2024 import _case

    worst = {}
    for key, kind in cells.KINDS.items():
        if kind.parallel is None:
            continue
        largest = 0.0
        for seed in range(5):
            weights, x, initial = _case(key, seed=seed, steps=200)
            loop = forward(weights, x, initial).h
            largest = max(largest, float(np.abs(kind.parallel(weights, x, initial, {}) - loop).max()))
        worst[key] = float(f"{largest:.3g}")
    return worst


def files_naming(key: str) -> list[str]:
    """The tracked files that name a kind (its key, as a word, in any case): where adding it had to touch."""
    names = subprocess.run(["git", "grep", "-l", "-i", "-w", key], cwd=ROOT, capture_output=True, text=True).stdout
    return sorted(name for name in names.split() if not name.startswith("bench/"))


NEW_KINDS = (
    "min_gru",
    "min_lstm",
    "slstm",
    "mlstm",
    "linear_attention",
)  # issue 30's; each should be named only by its modules, texts and tests


def main() -> dict:
    from bench.explorer_browser import calibration_ms

    figures = {"calibration_numpy_forward_ms": calibration_ms(), "kinds": list(cells.KINDS)}
    figures["keras_parity_max_abs_diff"] = keras_parity()
    figures["reference_max_abs_diff"] = reference_parity()
    figures["parallel_vs_recurrent_max_abs_diff"] = parallel_parity()
    figures["forward_ms_100_steps_4_units"] = forward_ms()
    accuracy, seconds, parameters = alphabet_by_layer()
    figures["alphabet_variant3_accuracy"] = accuracy
    figures["alphabet_variant3_seconds"] = seconds
    figures["alphabet_variant3_parameters"] = parameters
    figures["last_kind_added"] = key = list(cells.KINDS)[-1]
    touched = files_naming(key)
    figures["files_touched_to_add_last_kind"] = len(touched)
    figures["files_touched_to_add_last_kind_list"] = touched
    own = ("lstm_viz/cells/", "lstm_viz/locales/", "tests/")
    figures["files_naming_a_new_kind_outside_its_modules_texts_and_tests"] = {
        kind: [name for name in files_naming(kind) if not name.startswith(own)] for kind in NEW_KINDS
    }
    return figures


if __name__ == "__main__":
    print(json.dumps(main()))
