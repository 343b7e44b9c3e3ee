"""Figures of the cell explorer (issue: the foundation and the cell explorer). Last line: one JSON object.

python bench/cell.py
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from bench import cells as cells_bench  # noqa: E402
from bench.explorer_browser import calibration_ms  # noqa: E402
from lstm_viz import cells  # noqa: E402


def explorer_imports_tensorflow() -> bool:
    """Run the explorer through AppTest in a fresh process and look at sys.modules."""
    script = (
        "import json, sys; from streamlit.testing.v1 import AppTest;"
        f"at = AppTest.from_file({str(ROOT / 'app.py')!r}, default_timeout=60); at.run();"
        "assert not at.exception;"
        "print(json.dumps('tensorflow' in sys.modules or 'keras' in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def explorer_rerun_ms(repeats: int = 30) -> float:
    """Median server-side time of one rerun after a bias slider moves (AppTest)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.segmented_control(key="part").set_value("f").run()
    durations = []
    for k in range(repeats):
        at.slider(key="b_f_0").set_value(round(-3 + 6 * (k % 7) / 6, 1))
        began = time.perf_counter()
        at.run()
        durations.append(time.perf_counter() - began)
        assert not at.exception
    return 1000 * statistics.median(durations)


def keras_parity_and_speed() -> dict:
    import keras

    kind = cells.kind("lstm")
    worst = max(cells_bench.keras_parity().values())
    # one sequence of 50 steps, 32 units: NumPy forward vs model.predict, same weights, interleaved
    weights = cells.random(kind, 32, 1, np.random.default_rng(99), 0.3)
    model = keras.Sequential([keras.Input((50, 1)), keras.layers.LSTM(32, return_sequences=True)])
    model.layers[0].set_weights([w.astype("float32") for w in kind.to_keras(weights)])
    x = np.random.default_rng(98).normal(size=(50, 1)).astype("float32")
    for _ in range(3):  # warm up both
        keras_out = model.predict(x[None], verbose=0)[0]
        numpy_out = cells.forward(weights, x).h
    # alternate blocks (steady state, not one cold call): 20 forwards, then 3 predicts, 9 rounds
    numpy_times, keras_times = [], []
    for _ in range(9):
        time.sleep(0.2)  # let TensorFlow's thread pool stop spinning after predict before timing NumPy
        began = time.perf_counter()
        for _ in range(20):
            cells.forward(weights, x)
        numpy_times.append((time.perf_counter() - began) / 20)
        began = time.perf_counter()
        for _ in range(3):
            model.predict(x[None], verbose=0)
        keras_times.append((time.perf_counter() - began) / 3)
    return {
        "keras_parity_max_abs_diff": float(f"{max(worst, float(np.abs(numpy_out - keras_out).max())):.3g}"),
        "numpy_forward_ms": round(1000 * statistics.median(numpy_times), 3),
        "keras_predict_ms": round(1000 * statistics.median(keras_times), 2),
        "forward_speedup_vs_keras_predict": round(statistics.median(keras_times) / statistics.median(numpy_times), 1),
    }


def cold_start_s() -> float:
    """From launching `streamlit run app.py` to the explorer's cell diagram visible in headless chromium."""
    from playwright.sync_api import sync_playwright

    from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, free_port, start_server

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        port = free_port()
        began = time.perf_counter()
        server = start_server(port, Path(tempfile.mkdtemp()) / "streamlit.log")
        try:
            deadline = time.monotonic() + 60
            while True:  # the page is asked for as soon as the port answers, as a user would reload
                try:
                    page.goto(f"http://127.0.0.1:{port}/", timeout=2000)
                    break
                except Exception:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)
            page.locator(".lv-scene .lv-diagram").first.wait_for(state="visible", timeout=60_000)
            elapsed = time.perf_counter() - began
        finally:
            server.terminate()
            server.wait(timeout=20)
            browser.close()
    return round(elapsed, 2)


def main() -> None:
    figures = {"calibration_numpy_forward_ms": calibration_ms()}
    figures["explorer_imports_tensorflow"] = explorer_imports_tensorflow()
    figures["explorer_rerun_ms_median"] = round(explorer_rerun_ms(), 1)
    figures["cold_start_s"] = cold_start_s()
    figures.update(keras_parity_and_speed())
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
