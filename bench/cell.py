"""Figures of the cell explorer (the foundation; issue 18's cold start and offline requests). Last line: one JSON
object.

- cold_start_s: from a started server (health answering) to the explorer's cell diagram visible in a fresh headless
  chromium, the server's first session; split into its parts on the browser's clock (HTML, Streamlit's bundle,
  websocket open, first message, diagram), and again for a second fresh browser (Python warm);
- failed_requests_offline: requests that left the machine, failed or got 4xx/5xx while every page opened with the
  network cut (aim 0); Streamlit's own local base-path 404s (streamlit#7074) are counted apart.

python bench/cell.py
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from bench import cells as cells_bench  # noqa: E402
from bench.explorer_browser import calibration_ms  # noqa: E402
from lstm_viz import cells  # noqa: E402
from tests.browser.helpers import wait_for_app  # noqa: E402


def explorer_imports_tensorflow() -> bool:
    """Run the explorer through AppTest in a fresh process and look at sys.modules."""
    script = (
        "import json, sys; from streamlit.testing.v1 import AppTest;"
        f"at = AppTest.from_file({str(ROOT / 'app_main.py')!r}, default_timeout=60); at.run();"
        "assert not at.exception;"
        "print(json.dumps('tensorflow' in sys.modules or 'keras' in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def explorer_rerun_ms(repeats: int = 30) -> float:
    """Median server-side time of one rerun after a bias slider moves (AppTest)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app_main.py"), default_timeout=60)
    at.run()
    at.segmented_control(key="part").set_value("f").run()
    durations = []
    for k in range(repeats):
        at.select_slider(key="b_f_0").set_value(round(-3 + 6 * (k % 7) / 6, 1))
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


PROBE = (Path(__file__).parent / "js" / "cold_start_probe.js").read_text(encoding="utf-8")


def page_parts(page) -> dict:
    """Where a page load's time went, on the browser's clock (ms from navigation start): the HTML, Streamlit's
    bundle (its scripts and styles), the websocket open (the app booted), the first message (the server ran the
    script) and the diagram; with the bytes and count of what was fetched and whether plotly.js was among it."""
    timing = page.evaluate(
        """() => {
        const nav = performance.getEntriesByType("navigation")[0];
        const resources = performance.getEntriesByType("resource");
        const bundle = resources.filter(r => /\\.(js|css)(\\?|$)/.test(r.name) && r.initiatorType !== "fetch");
        return {
          html: nav.responseEnd,
          bundle: Math.max(0, ...bundle.map(r => r.responseEnd)),
          marks: window.__lvColdStart,
          kilobytes: resources.reduce((sum, r) => sum + (r.encodedBodySize || 0), nav.encodedBodySize || 0) / 1024,
          requests: resources.length + 1,
          plotly: resources.some(r => /plotly/i.test(r.name)),
          fonts: resources.filter(r => /\\.(woff2?|ttf)(\\?|$)/.test(r.name)).length,
        };
    }"""
    )
    marks = timing.pop("marks")
    return {
        "html_ms": round(timing["html"]),
        "bundle_loaded_ms": round(timing["bundle"]),
        "websocket_open_ms": round(marks["wsOpen"]),
        "first_message_ms": round(marks["wsFirstMessage"]),
        "diagram_visible_ms": round(marks["diagram"]),
        "transferred_kb": round(timing["kilobytes"]),
        "requests": timing["requests"],
        "font_files": timing["fonts"],
        "plotly_js_loaded": timing["plotly"],
    }


def cold_start() -> dict:
    """From a started server (its health endpoint answering) to the explorer's cell diagram visible in a fresh
    headless chromium: the server's first session (Python imports the app cold), then a second fresh browser on the
    same server (the browser cold, Python warm); the time to launch the server beside them."""
    from playwright.sync_api import sync_playwright

    from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, free_port, start_server

    figures = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        port = free_port()
        launched = time.perf_counter()
        server = start_server(port, Path(tempfile.mkdtemp()) / "streamlit.log")
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError("the server did not start")
                time.sleep(0.02)
            figures["server_launch_s"] = round(time.perf_counter() - launched, 2)
            for name in ("first_session", "second_browser"):
                context = browser.new_context(viewport={"width": 1500, "height": 1000})
                page = context.new_page()
                page.add_init_script(PROBE)
                began = time.perf_counter()
                page.goto(f"http://127.0.0.1:{port}/")
                page.locator(".lv-scene .lv-diagram").first.wait_for(state="visible", timeout=60_000)
                seconds = time.perf_counter() - began
                page.wait_for_function("window.__lvColdStart.diagram !== null")
                figures[name] = {"seconds": round(seconds, 2), **page_parts(page)}
                context.close()
        finally:
            server.terminate()
            server.wait(timeout=20)
            browser.close()
    figures["cold_start_s"] = figures["first_session"]["seconds"]
    figures["cold_start_with_server_launch_s"] = round(figures["server_launch_s"] + figures["cold_start_s"], 2)
    return figures


def failed_requests_offline() -> dict:
    """Every page opened with the network cut (only the app's own server reachable): requests that went elsewhere
    (aborted, as an offline lecture hall would), that failed, or that the server answered with 4xx/5xx."""
    from playwright.sync_api import sync_playwright

    from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, serving
    from ui.navigation import PAGES

    failed = []
    with serving() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1500, "height": 1000})
        local = server.url

        def route(request_route):
            url = request_route.request.url
            if url.startswith((local, "data:", "blob:", "about:")):
                request_route.continue_()
            else:
                failed.append(("left the machine", url))
                request_route.abort("internetdisconnected")

        context.route("**/*", route)
        page = context.new_page()
        page.on("requestfailed", lambda r: r.url.startswith(local) and failed.append(("failed", r.url)))
        page.on("response", lambda r: r.status >= 400 and failed.append((str(r.status), r.url)))
        for _, _, _, path in PAGES:
            page.goto(f"{local}/{path or ''}")
            wait_for_app(page, 60_000)
            page.wait_for_timeout(1500)
        browser.close()
    # Streamlit's own base-path probe: a page opened at /<page> first asks /<page>/_stcore/health and host-config,
    # gets a local 404 in milliseconds, then asks /_stcore/… (streamlit/streamlit#7074, open). Counted apart:
    # nothing waits on a network for them.
    probe = [(why, url) for why, url in failed if why == "404" and url.endswith(("/_stcore/health", "/host-config"))]
    other = [entry for entry in failed if entry not in probe]
    return {
        "failed_requests_offline": len(other),
        "failed_requests": other[:20],
        "requests_that_left_the_machine": sum(why == "left the machine" for why, _ in failed),
        "streamlit_base_path_probe_404s": len(probe),
        "pages_opened": len(PAGES),
    }


def main() -> None:
    figures = {"calibration_numpy_forward_ms": calibration_ms()}
    figures["explorer_imports_tensorflow"] = explorer_imports_tensorflow()
    figures["explorer_rerun_ms_median"] = round(explorer_rerun_ms(), 1)
    figures.update(cold_start())
    figures.update(failed_requests_offline())
    figures.update(keras_parity_and_speed())
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
