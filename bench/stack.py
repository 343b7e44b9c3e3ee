"""Figures of issue 34 (layers, not just a cell): the NumPy stack against Keras. Last line: one JSON object.

python bench/stack.py

keras_parity_max_abs_diff per configuration: 2 and 3 stacked layers of each Keras kind (the last one handing on
only its last output), and a Bidirectional pair of layers in each merge_mode; every cell with a non-zero initial
state, random weights, 5 seeds; the largest |NumPy − Keras| over every output of every layer. Also the forward
time of document 001's model in miniature (LSTM(4) → LSTM(4) on 62 rows of 47 pixels) and the calibration figure
(the NumPy forward of 100 steps × 4 units, ms).

In Chromium, on the Layers page (``streamlit run app.py`` as a user starts it): a 3-layer stack (LSTM(2) →
Bidirectional LSTM(2) → LSTM(3) → Dense(3), 30 steps): ``step_click_to_view_ms_median`` (Next clicked, until the
step text and the diagram show the new step: the frame after), and a grid cell clicked until its layer's diagram shows
that step (``grid_click_to_view_ms_median``); ``scene_kb``: the scene's JSON for the course's miniature (the page's
first screen) and for that 3-layer stack.
"""

import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bench.explorer_browser import calibration_ms, median_ms  # noqa: E402
from lstm_viz.i18n import Texts  # noqa: E402
from lstm_viz.layers import config as stack_config  # noqa: E402
from lstm_viz.layers import link, presets  # noqa: E402
from lstm_viz.scene import dumps  # noqa: E402
from lstm_viz.scene import stack as stack_scene  # noqa: E402
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


THREE = "L=3&u1=2&bi2=on&u2=2&u3=3&rs3=off&head=3&seq=sine&n=30"


def scene_kb(config) -> float:
    return round(len(dumps(stack_scene.payload(stack_config.run(config), Texts("en"))).encode()) / 1024, 1)


def grid_clicks(page, count: int = 20) -> list[float]:
    """A grid cell clicked (another layer each time, another step), until its diagram shows that step."""
    times = []
    for k in range(count):
        cell, t = k % 4, (7 * k + 3) % 30
        local = 29 - t if cell == 2 else t  # (cell 2: layer 2's backward cell, at its own step)
        page.evaluate(
            """([cell, t, local]) => { window.__lvGrid = null; const r = window.__lvRoot();
                const node = r.querySelector(`.lv-stack-node[data-cell="${cell}"][data-t="${t}"]`);
                const began = performance.now();
                node.dispatchEvent(new MouseEvent('click', { bubbles: true }));
                const watch = () => { const d = window.__lvRoot().querySelector('.lv-diagram');
                  if (d && Number(d.dataset.t) === local) {
                    requestAnimationFrame(() => setTimeout(() => { window.__lvGrid = performance.now() - began; }, 0));
                  } else { requestAnimationFrame(watch); } };
                watch(); }""",
            [cell, t, local],
        )
        page.wait_for_function("window.__lvGrid !== null", timeout=10_000)
        times.append(page.evaluate("window.__lvGrid"))
    return times


def browser_figures() -> dict:
    from playwright.sync_api import sync_playwright

    from tests.browser import scene
    from tests.browser.helpers import wait_for_app
    from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, serving

    with serving() as served, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(f"http://127.0.0.1:{served.port}/layers?{THREE}")
        wait_for_app(page)
        page.locator(".lv-stack-grid").wait_for(state="visible")
        scene.install(page)
        for _ in range(20):
            scene.click(page, "next")
            page.wait_for_timeout(60)
        page.wait_for_timeout(200)
        times = page.evaluate("window.__lvTimes")
        grid = grid_clicks(page)
        browser.close()
    values = sorted(t["ms"] for t in times)
    return {
        "step_click_to_view_ms_median": round(statistics.median(values), 1),
        "step_click_to_view_ms_p95": round(values[int(0.95 * (len(values) - 1))], 1),
        "step_click_shows_step_in_text_and_diagram": len(times) == 20
        and all(t["text"] == t["diagram"] == t["expected"] for t in times),
        "grid_click_to_view_ms_median": round(statistics.median(grid), 1),
    }


def main() -> None:
    figures = {"calibration_numpy_forward_ms": calibration_ms()}
    figures.update(browser_figures())
    three, _, _ = link.from_query(link.parse_query(THREE))
    figures["scene_kb"] = {"course_miniature": scene_kb(presets.PRESETS["course"]),
                           "three_layers_30_steps": scene_kb(three)}  # fmt: skip
    figures["keras_parity_max_abs_diff"] = {name: parity(spec) for name, spec in CONFIGURATIONS.items()}
    figures["keras_parity_worst"] = max(figures["keras_parity_max_abs_diff"].values())
    figures["course_miniature_forward_ms"] = course_miniature_ms()
    figures["calibration_numpy_forward_ms_after"] = calibration_ms()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
