"""Figures of issue 13 (the explorer's time axis in the browser), measured in Debian's Chromium against
`streamlit run app.py`. Last line: one JSON object.

python bench/explorer_browser.py

Times are taken inside the page, where the user's input lands: from the click event's timestamp to the frame after
the step text and the diagram both show the new step (requestAnimationFrame, then a task: after that frame's
paint). Playwright's own round trips (60–100 ms here) would otherwise dominate. A calibration figure (the NumPy
forward of 100 steps × 4 units) is printed beside them, so runs on machines of different speed can be compared.
"""

from __future__ import annotations

import dataclasses
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from lstm_viz import cells  # noqa: E402
from tests.browser import scene  # noqa: E402
from tests.browser.helpers import slider, wait_for_app  # noqa: E402
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, serving  # noqa: E402


def median_ms(call, repeats: int = 50, warm: int = 5) -> float:
    """The median time of ``call()`` in ms, after ``warm`` calls not timed."""
    for _ in range(warm):
        call()
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        call()
        times.append(time.perf_counter() - began)
    return round(1000 * statistics.median(times), 3)


def calibration_ms() -> float:
    """The NumPy LSTM forward of 100 steps × 4 units (median of 50), the machine's speed today: its ``step`` run at
    every step, as every earlier figure was calibrated (not the fused loop, lstm.sweep, that forward now takes)."""
    kind = dataclasses.replace(cells.kind("lstm"), sweep=None)
    weights = cells.Weights(kind, cells.random(cells.kind("lstm"), 4, 1, np.random.default_rng(0)).arrays)
    x = np.random.default_rng(1).normal(size=(100, 1))
    return median_ms(lambda: cells.forward(weights, x))


def open_explorer(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.locator(".lv-scene .lv-diagram").first.wait_for(state="visible")
    scene.install(page)


def next_clicks(page, base: str) -> dict:
    open_explorer(page, base + "/?seq=sine&n=40")
    for _ in range(20):
        scene.click(page, "next")
        page.wait_for_timeout(60)
    page.wait_for_timeout(200)
    times = page.evaluate("window.__lvTimes")
    both = all(t["text"] == t["diagram"] == t["expected"] for t in times)
    values = sorted(t["ms"] for t in times)
    return {
        "next_click_to_view_ms_median": round(statistics.median(values), 1),
        "next_click_to_view_ms_p95": round(values[int(0.95 * (len(values) - 1))], 1),
        "next_click_shows_step_in_text_and_diagram": both and len(times) == 20,
    }


def playback(page, base: str, sent: list) -> dict:
    open_explorer(page, base + "/?seq=sine&n=100")
    page.locator(".lv-speed").select_option("8")
    page.wait_for_timeout(1500)  # let the URL report of the speed change settle
    page.evaluate("window.__lvSteps = []")
    before = len(sent)
    scene.click(page, "play")
    page.wait_for_timeout(5000)
    during = len(sent) - before
    scene.click(page, "pause")
    paused = scene.step_shown(page)
    steps = page.evaluate("window.__lvSteps")
    page.wait_for_timeout(2000)
    shown = [step for step, _ in steps]
    seconds = (steps[-1][1] - steps[0][1]) / 1000 if len(steps) > 1 else 0
    return {
        "playback_steps_shown_in_order": shown == list(range(shown[0], shown[0] + len(shown))) and shown[0] == 1,
        "playback_steps_shown": len(shown),
        "playback_rate_ratio": round((len(steps) - 1) / seconds / 8, 3) if seconds else 0,
        "pause_exact": scene.step_shown(page) == paused,
        "server_reruns_during_playback": during,
    }


def weight_change(page, base: str) -> dict:
    open_explorer(page, base + "/?seq=sine&n=40&t=5")  # at t = 0 the input is 0: W_i would change nothing shown
    handle = slider(page, "W_i_0_0")
    times = []
    for _ in range(8):
        handle.focus()
        page.evaluate(
            """() => { window.__lvChange = null; const root = window.__lvRoot();
                const before = root.querySelector('.lv-summary').textContent;
                const began = performance.now();
                const watch = () => { const now = window.__lvRoot().querySelector('.lv-summary');
                  if (now && now.textContent !== before) {
                    requestAnimationFrame(() => setTimeout(() => {
                      window.__lvChange = performance.now() - began; }, 0));
                  } else { requestAnimationFrame(watch); } };
                requestAnimationFrame(watch); }"""
        )
        handle.press("ArrowRight")
        page.wait_for_function("window.__lvChange !== null", timeout=30_000)
        times.append(page.evaluate("window.__lvChange"))
        wait_for_app(page)
        page.wait_for_timeout(300)
    return {"weight_change_to_view_ms_median": round(statistics.median(times), 1)}


def lecture_fits(browser, base: str) -> dict:
    fits = {}
    for width, height in ((1280, 720), (1920, 1080)):
        for lang in ("en", "ru"):
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            page.goto(base + f"/?lecture=1&lang={lang}")
            wait_for_app(page)
            page.locator(".lv-scene .lv-diagram").first.wait_for(state="visible")
            page.wait_for_timeout(500)
            diagram = page.locator(".lv-diagram").first.bounding_box()
            bars = page.locator(".lv-bars").first.bounding_box()
            ok = diagram["y"] + diagram["height"] <= height and bars["y"] + bars["height"] <= height
            for button in page.locator(".lv-button").all():
                box = button.bounding_box()
                ok = ok and box["y"] + box["height"] <= height and box["x"] + box["width"] <= width
                whole = button.evaluate("b => b.scrollWidth <= b.clientWidth + 1")
                ok = ok and bool(button.get_attribute("title")) and whole
            fits[f"{width}x{height}_{lang}"] = ok
            context.close()
    return {"lecture_mode_fits_1280x720": fits["1280x720_en"] and fits["1280x720_ru"], "lecture_mode_fits": fits}


def offline_scene(page, browser, base: str) -> dict:
    open_explorer(page, base + "/?seq=sine&n=40")
    scene.click(page, "next")
    page.wait_for_url(re.compile(r"[?&]t=1\b"), timeout=15_000)  # the step has reached the server
    with page.expect_download() as download:
        page.locator(".st-key-download_scene button").first.click()
    path = Path(tempfile.mkdtemp()) / "scene.html"
    download.value.save_as(path)
    context = browser.new_context()
    context.set_offline(True)
    view = context.new_page()
    requests = []
    view.on("request", lambda request: requests.append(request.url))
    view.goto(path.as_uri())
    view.locator(".lv-step-text").wait_for()
    before = view.locator(".lv-step-text").get_attribute("data-t")
    view.locator(".lv-next").click()
    after = view.locator(".lv-step-text").get_attribute("data-t")
    context.close()
    return {
        "offline_scene_kb": round(path.stat().st_size / 1024, 1),
        "offline_scene_plays": before == "1" and after == "2",
        "offline_scene_network_requests": len([url for url in requests if not url.startswith(("file:", "blob:"))]),
    }


def main() -> dict:
    figures = {"calibration_numpy_forward_ms": calibration_ms()}
    with serving() as server, sync_playwright() as playwright:
        base = server.url
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        sent: list[float] = []
        page.on("websocket", lambda socket: socket.on("framesent", lambda _: sent.append(time.monotonic())))
        figures.update(next_clicks(page, base))
        figures.update(playback(page, base, sent))
        figures.update(weight_change(page, base))
        figures.update(lecture_fits(browser, base))
        figures.update(offline_scene(page, browser, base))
        browser.close()
    figures["calibration_numpy_forward_ms_after"] = calibration_ms()
    return figures


if __name__ == "__main__":
    print(json.dumps(main()))
