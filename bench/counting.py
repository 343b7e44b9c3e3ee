"""The counting half of issue 16 (groundwork; the page is not built yet): aⁿbⁿ learnt by an LSTM and a GRU with the
same budget, trained on n ≤ 10, tested on n up to 100. Last line: one JSON object.

    python bench/counting.py        # about 2 minutes on 2 cores
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from bench.explorer_browser import calibration_ms  # noqa: E402


def main() -> dict:
    from lstm_viz.models.counting import train_counting
    from lstm_viz.neurons import counting
    from lstm_viz.training import Progress

    figures = {
        "calibration_numpy_forward_ms": calibration_ms(),
        "train_max_n": counting.TRAIN_MAX_N,
        "test_max_n": counting.TEST_MAX_N,
        "counting_accuracy_by_n": {},
        "counting_train_seconds": {},
    }
    shown = (1, 5, 10, 11, 12, 13, 15, 20, 30, 50, 75, 100)
    for kind in ("lstm", "gru"):
        result = train_counting(kind, Progress(0))
        by_n = result.accuracy_by_n
        figures["counting_accuracy_by_n"][kind] = {n: round(by_n[n], 1) for n in shown}
        figures["counting_train_seconds"][kind] = round(result.seconds, 1)
        figures[f"{kind}_epochs_done"] = result.epochs_done
        beyond = [value for n, value in by_n.items() if n > counting.TRAIN_MAX_N]
        figures[f"{kind}_mean_accuracy_beyond_training"] = round(sum(beyond) / len(beyond), 1)
        print(kind, figures["counting_accuracy_by_n"][kind], result.seconds, file=sys.stderr, flush=True)
    figures["calibration_numpy_forward_ms_after"] = calibration_ms()
    return figures


if __name__ == "__main__":
    print(json.dumps(main()))
