"""Figures of issue 31 (real layers, fast): a trained-size layer in the explorer, in Debian's Chromium against
`streamlit run app.py`. Last line: one JSON object.

python bench/big_layers.py

Two layers, each stored as a view (its link is ``view=<id>``): an LSTM of 128 units reading 100 features over 200
steps (the neurons page's character model on a passage), and a 1,024-unit layer on 1,000 steps of 8 features (the
largest the Your model page takes). For each: the server's part in Python (open, a weight change: the page's
own functions), the scene's size and what it holds, the widgets drawn; then in the browser: from navigation to
the diagram (open; and the same layer uploaded on Your model and opened by its button, in the app), from a
slider's key press to the new numbers (change), from a Next click to the new step's
frame (step), the link's length, and whether the link reopens the exact view in a new browser and after the
server restarts. The calibration figure (the NumPy forward of 100 steps × 4 units, ms) is printed before and after.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from bench.explorer_browser import calibration_ms  # noqa: E402
from tests.browser import scene  # noqa: E402
from tests.browser.helpers import slider, wait_for_app  # noqa: E402
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, serving  # noqa: E402

WIDGETS = ("[data-testid^=stSlider], [data-testid=stSelectbox], [data-testid=stNumberInput], "
           "[data-testid=stTextInput], [data-testid=stToggle]")  # fmt: skip
LAYERS = {"128x100x200": (128, 100, 200), "1024x8x200": (1024, 8, 200)}  # (Your model hands the explorer 200 steps)
CHANGE = """() => { window.__lvChange = null; const root = window.__lvRoot();
    const before = root.querySelector('.lv-summary').textContent;
    const began = performance.now();
    const watch = () => { const now = window.__lvRoot().querySelector('.lv-summary');
      if (now && now.textContent !== before) {
        requestAnimationFrame(() => setTimeout(() => { window.__lvChange = performance.now() - began; }, 0));
      } else { requestAnimationFrame(watch); } };
    requestAnimationFrame(watch); }"""


def layer(units: int, features: int, steps: int):
    """A layer with a trained layer's spread of weights (scaled so its gates move), on a random input."""
    from lstm_viz import cells
    from lstm_viz.explorer.handoff import trained_layer

    rng = np.random.default_rng(units)
    weights = cells.random(cells.kind("lstm"), units, features, rng, scale=1.0 / np.sqrt(max(features, units)) * 3)
    x = rng.normal(size=(steps, features))
    return trained_layer(weights, x, ("handoff.whole_layer", {}), unit=0)


def server_side(handoff) -> dict:
    """The page's own Python for this layer: the trace, the scene, the link (open); then after one weight change."""
    from lstm_viz import scene as scene_module
    from lstm_viz.explorer import link
    from lstm_viz.explorer.config import run
    from lstm_viz.explorer.fields import WEIGHT_LIMIT
    from lstm_viz.i18n import Texts

    texts = Texts("en")

    def once(config) -> tuple[float, int]:
        began = time.perf_counter()
        traces = run(config)
        cell = config.cell
        shown = [scene_module.Cell(cell.weights(config.input_dim), traces[0], "layer", cell.unit)]
        text = scene_module.dumps(scene_module.payload(shown, texts, keys=True))
        link.to_query(config)
        return 1000 * (time.perf_counter() - began), len(text.encode())

    config = handoff.config
    opened, size = once(config)
    changes = []
    for k in range(7):
        bias = list(config.cell.arrays["bias"])
        bias[0] = float(np.clip(bias[0] + 0.1 * (k + 1), -WEIGHT_LIMIT, WEIGHT_LIMIT))
        changed = replace(config.cell, arrays={**config.cell.arrays, "bias": tuple(bias)})
        changes.append(once(config.with_cell(0, changed))[0])
    return {"python_open_ms": round(opened, 1), "python_change_ms_median": round(statistics.median(changes), 1),
            "scene_kb": round(size / 1024, 1)}  # fmt: skip


def view_text(page) -> str:
    """What the view shows: the step, the summary line and the equations' numbers."""
    return page.evaluate(
        "() => { const r = window.__lvRoot(); return [r.querySelector('.lv-scene').dataset.t,"
        " r.querySelector('.lv-summary').textContent, r.querySelector('.lv-equations')?.textContent].join('|'); }"
    )


def in_browser(browser, base: str, view: str, steps: int) -> dict:
    """Open (the server warm: a student or a lecturer has the app open, and another page hands the layer over), step,
    change a bias, and read the link."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(base)  # the app open already (the server's first session imports the app: bench/cell.py's cold start)
    wait_for_app(page)
    page.locator(".lv-scene .lv-diagram").first.wait_for(state="visible", timeout=60_000)

    def opened(address: str) -> float:
        began = time.perf_counter()
        page.goto(address)
        page.locator(".lv-scene .lv-diagram").first.wait_for(state="visible", timeout=60_000)
        took = 1000 * (time.perf_counter() - began)
        wait_for_app(page)
        return took

    toy = statistics.median(opened(f"{base}/?seq=sine&n=40&t={k}") for k in range(1, 4))  # Streamlit's own load
    opens = [opened(f"{base}/?view={view}&t={k}") for k in (1, 2, 3)]
    scene.install(page)
    widgets = page.evaluate(f"() => document.querySelectorAll('{WIDGETS}').length")
    nodes = page.evaluate("() => window.__lvRoot().querySelectorAll('*').length")
    for _ in range(20):
        scene.click(page, "next")
        page.wait_for_timeout(60)
    page.wait_for_timeout(300)
    times = page.evaluate("window.__lvTimes")
    steps_right = all(t["text"] == t["diagram"] == t["expected"] for t in times) and len(times) == 20
    changes = []
    handle = slider(page, "b_i_0")
    for _ in range(6):
        wait_for_app(page)
        page.wait_for_timeout(300)
        handle.focus()
        page.evaluate(CHANGE)
        handle.press("ArrowRight")
        page.wait_for_function("window.__lvChange !== null", timeout=60_000)
        changes.append(page.evaluate("window.__lvChange"))
    wait_for_app(page)
    page.wait_for_timeout(1500)  # the step report, then the link
    address = page.url
    shown = view_text(page)
    context.close()
    return {
        "open_ms": round(statistics.median(opens)),  # a full page load of the link, to the diagram drawn
        "toy_open_ms": round(toy),  # the same for the 1-unit explorer (what any link's page load costs here)
        "change_ms_median": round(statistics.median(changes), 1),
        "step_click_to_view_ms_median": round(statistics.median(t["ms"] for t in times), 1),
        "steps_shown_right": steps_right,
        "widgets_drawn": widgets,
        "scene_nodes": nodes,
        "link_chars": len(address.split("?", 1)[1]),
        "address": address,
        "shown": shown,
    }


def handed_over(browser, base: str) -> dict:
    """What a student does on Your model: a 128-unit LSTM over 100 features uploaded, and its layer opened by the
    page's button. From the click to the explorer's diagram of that layer (in the app: no page load), median of 3."""
    from tests import own_model_files as files

    data = files.saved(files.stack(["LSTM"], [128], 100, dense=0))
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    times, titles = [], []
    for _ in range(3):
        page.goto(f"{base}/your-model?lang=en")
        wait_for_app(page)
        page.locator(".st-key-own_upload input[type=file]").set_input_files(
            {"name": "mine.keras", "mimeType": "application/octet-stream", "buffer": data}
        )
        wait_for_app(page, 120_000)
        button = page.locator(".st-key-own_open button")
        button.wait_for(state="visible", timeout=60_000)
        began = time.perf_counter()
        button.click()
        page.locator(".lv-scene .lv-diagram").first.wait_for(state="visible", timeout=60_000)
        times.append(1000 * (time.perf_counter() - began))
        wait_for_app(page, 60_000)
        scene.install(page)
        titles.append(page.evaluate("() => window.__lvRoot().querySelector('.lv-scene').textContent.slice(0, 80)"))
    context.close()
    return {"handoff_click_to_view_ms_median": round(statistics.median(times)), "handoff_ms": [round(t) for t in times],
            "handoff_title": titles[-1]}  # fmt: skip


def reopens(browser, address: str, shown: str) -> bool:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    page.goto(address)
    wait_for_app(page)
    page.locator(".lv-scene .lv-diagram").first.wait_for(state="visible", timeout=60_000)
    scene.install(page)
    page.wait_for_timeout(500)
    same = view_text(page) == shown
    context.close()
    return same


def main(names: list[str]) -> None:
    from lstm_viz.explorer import link

    global LAYERS
    LAYERS = {name: LAYERS[name] for name in names or LAYERS}
    figures: dict = {"calibration_numpy_forward_ms": calibration_ms()}
    runs = tempfile.mkdtemp(prefix="lstm_viz_views_")
    os.environ["LSTM_VIZ_RUNS"] = runs
    env = {"LSTM_VIZ_RUNS": runs}
    views = {}
    for name, (units, features, steps) in LAYERS.items():
        handoff = layer(units, features, steps)
        figures[name] = server_side(handoff)
        views[name] = link.to_query(handoff.config)["view"]
    addresses = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        with serving(env=env) as served:
            for name, (_, _, steps) in LAYERS.items():
                result = in_browser(browser, served.url, views[name], steps)
                addresses[name] = (result.pop("address"), result.pop("shown"))
                figures[name].update(result)
                figures[name]["link_reopens_exact_view"] = reopens(browser, *addresses[name])
                print(name, figures[name], file=sys.stderr, flush=True)
            if "128x100x200" in LAYERS:
                figures["128x100x200"].update(handed_over(browser, served.url))
        with serving(env=env) as served:  # a new server process: the views come from disk
            for name in LAYERS:
                address, shown = addresses[name]
                moved = served.url + "/?" + address.split("?", 1)[1]
                figures[name]["link_reopens_after_restart"] = reopens(browser, moved, shown)
        browser.close()
    for name in LAYERS:
        figures[f"open_{name}_ms"] = figures[name]["open_ms"]
        figures[f"change_{name}_ms_median"] = figures[name]["change_ms_median"]
        figures[f"scene_kb_{name}"] = figures[name]["scene_kb"]
    if "128x100x200" in LAYERS:
        figures["handoff_128x100_ms"] = figures["128x100x200"]["handoff_click_to_view_ms_median"]
    figures["calibration_numpy_forward_ms_after"] = calibration_ms()
    print(json.dumps(figures))


if __name__ == "__main__":
    main(sys.argv[1:])
