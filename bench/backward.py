"""Figures of issue 29 (backward through time, and training the explorer's cell). Last line: one JSON object.

python bench/backward.py [--trainers 30] [--explorers 10] [--seconds 30] [--think 1,3] [--only-load] [--apps 2]

1. ``autodiff_max_rel_diff`` per kind: every gradient (input, initial states, weights, every value of every step) of
   a 3-unit cell with a non-zero initial state, against TensorFlow's autodiff (tests/test_backward.py's TensorFlow
   transcriptions, float64). Aim ≤ 1e-6.
2. ``backward_trace_ms`` per kind: BPTT of 100 steps × 4 units (median of 20), beside the forward's.
3. In Chromium: ``backward_step_click_to_view_ms_median`` (a click on Next in backward mode to the frame that shows
   the step before; aim ≤ 50 ms), and ``train_replay_frames_per_second`` (the replay's visible updates; aim ≥ 20).
4. ``train_updates_per_second``: the server's updates per second as the page says it ("Trained N updates in S s"),
   for the pulse task, and ``pulse_task_seconds_to_pass`` with ``b_f`` before and after (from Keras's start).
5. ``explorer_rerun_ms_p95`` of ``explorers`` sessions moving weights while ``trainers`` others press Train again
   and again (the pulse task), over websocket clients (tests/browser/ws_client.py). With ``--apps N`` (N ≥ 2) that
   load goes to N app processes behind nginx (deploy/cluster.py, each app with its own training worker), as a lab
   of thirty is served.
Each timing has ``calibration_numpy_forward_ms`` beside it, before and after.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.explorer_browser import CHROMIUM, CHROMIUM_ARGS, calibration_ms, open_explorer  # noqa: E402
from lstm_viz import cells  # noqa: E402
from lstm_viz.backward import Loss, gradients  # noqa: E402
from lstm_viz.cell_tasks import tasks  # noqa: E402
from lstm_viz.cell_training import Trainer, record  # noqa: E402
from tests.browser.classroom import explorer_user  # noqa: E402
from tests.browser.server import serving  # noqa: E402
from tests.browser.ws_client import Client  # noqa: E402


def autodiff() -> dict:
    from tests.test_backward import Loss as TestLoss
    from tests.test_backward import _case, compare

    worst = {}
    for key in cells.KINDS:
        weights, x, initial = _case(key, 3, 2, 12, 5)
        pins = {cells.kind(key).pinnable[0]: 0.7} if cells.kind(key).pinnable else {}
        worst[key] = max(
            compare(weights, x, initial, {}, TestLoss("squared", "h", 0.25, steps=(3, 7, 11))),
            compare(weights, x, initial, pins, TestLoss("squared", "h", -0.2, steps=(5, 11))),
            compare(weights, x, initial, {}, TestLoss("flow", "h", unit=1)),
        )
    return {"autodiff_max_rel_diff": {k: float(f"{v:.2e}") for k, v in worst.items()}}


def trace_times() -> dict:
    rng = np.random.default_rng(0)
    back, fore = {}, {}
    for key in cells.KINDS:
        weights = cells.random(cells.kind(key), 4, 1, rng, 0.5)
        x = rng.normal(size=(100, 1))
        loss = Loss("squared", "h", 0.5)
        forward_ms, backward_ms = [], []
        for _ in range(20):
            began = time.perf_counter()
            trace = cells.forward(weights, x)
            middle = time.perf_counter()
            gradients(weights, trace, loss)
            forward_ms.append(1000 * (middle - began))
            backward_ms.append(1000 * (time.perf_counter() - middle))
        back[key], fore[key] = round(statistics.median(backward_ms), 2), round(statistics.median(forward_ms), 2)
    return {"backward_trace_ms": back, "forward_trace_ms": fore}


def pulse_task() -> dict:
    task = tasks()["pulse"]
    cell = task.config.cell
    trainer = Trainer(cell.weights(), task.config.inputs(), task.loss, task.settings, cell.initial_state())
    before = float(trainer.weights.block("bias", "f")[0])
    result = record(trainer, task.updates, task.passed, budget=30.0)
    return {
        "pulse_task_passed": result.passed,
        "pulse_task_updates": result.updates,
        "pulse_task_seconds_to_pass": round(result.seconds, 3),
        "pulse_task_b_f_before": before,
        "pulse_task_b_f_after": round(float(trainer.weights.block("bias", "f")[0]), 3),
    }


def in_chromium(base: str) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.browser.helpers import wait_for_app

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        open_explorer(page, base + "/?seq=sine&n=40&grad=squared&y=0.8")
        for _ in range(20):
            page.locator(".lv-scene [data-action=next]").first.click()
            page.wait_for_timeout(60)
        page.wait_for_timeout(200)
        times = page.evaluate("window.__lvTimes")
        steps = [int(t["text"]) for t in times]
        values = sorted(t["ms"] for t in times)
        figures = {
            "backward_step_click_to_view_ms_median": round(statistics.median(values), 1),
            "backward_step_click_to_view_ms_p95": round(values[int(0.95 * (len(values) - 1))], 1),
            "backward_steps_went_back_one_at_a_time": steps == list(range(38, 18, -1)),
        }
        page.get_by_text("Train this cell").click()
        page.locator(".st-key-train_task").get_by_role("combobox").click()
        page.keyboard.type("Plain RNN")
        page.keyboard.press("Enter")
        wait_for_app(page)
        if not page.locator(".st-key-train button").first.is_visible():
            page.get_by_text("Train this cell").click()
        page.locator(".st-key-train button").first.click()
        wait_for_app(page)
        page.locator(".lv-training[data-playing=true]").wait_for()
        frames = page.evaluate(
            """() => new Promise((done) => {
              const node = window.__lvRoot().querySelector('.lv-training');
              const seen = [];
              const observer = new MutationObserver(() => seen.push([Number(node.dataset.frame), performance.now()]));
              observer.observe(node, { attributes: true, attributeFilter: ['data-frame'] });
              setTimeout(() => { observer.disconnect(); done(seen); }, 1500);
            })"""
        )
        distinct = [f for k, f in enumerate(frames) if k == 0 or f[0] != frames[k - 1][0]]
        span = (distinct[-1][1] - distinct[0][1]) / 1000 if len(distinct) > 1 else 0
        figures["train_replay_frames_per_second"] = round((len(distinct) - 1) / span, 1) if span else 0.0
        said = page.get_by_text(re.compile(r"Trained \d+ updates in")).first.inner_text()
        updates, seconds = re.search(r"Trained (\d+) updates in ([\d.]+) s", said).groups()
        figures["train_updates_per_second"] = round(int(updates) / max(float(seconds), 1e-3), 1)
        browser.close()
    return figures


async def trainer_tab(port: int, until: float, rng: random.Random, think: tuple[float, float], cookie: str) -> dict:
    """A student who picks the pulse task and presses Train, watches the replay (its frames at 24 a second), looks
    for a second or three, and presses again (each run starts from where the last one ended)."""
    async with Client(port, cookie=cookie) as tab:
        await tab.open()
        await tab.choose("train_task", 1)
        presses, busy, waits = 0, 0, []
        while time.perf_counter() < until:
            began = time.perf_counter()
            await tab.click("train")
            waits.append(1000 * (time.perf_counter() - began))
            presses += 1
            busy += tab.has_text("The server is training other cells")
            data = json.loads(tab.components.get("explorer_scene", "{}") or "{}")
            frames = len((data.get("training") or {}).get("frames") or [])
            await asyncio.sleep(frames / 24 + rng.uniform(*think))
        return {"presses": presses, "busy": busy, "errors": tab.errors, "waits": waits}


async def under_load(port: int, trainers: int, explorers: int, seconds: float, think: tuple[float, float],
                     cookie_for=lambda: "") -> dict:  # fmt: skip
    until = time.perf_counter() + seconds
    results = await asyncio.gather(
        *(trainer_tab(port, until, random.Random(100 + k), think, cookie_for()) for k in range(trainers)),
        *(explorer_user(port, until, random.Random(k), False, cookie_for()) for k in range(explorers)),
    )
    trained, tabs = results[:trainers], results[trainers:]
    times = sorted(1000 * run.seconds for tab in tabs for run in tab.runs[1:] if not run.timer)
    settled = sorted(1000 * run.seconds for tab in tabs for run in tab.runs[1:] if not run.timer
                     and run.began > until - seconds + 10)  # fmt: skip  # after the opening burst (30 tabs at once)
    waits = sorted(w for t in trained for w in t["waits"])
    return {
        "train_click_to_result_ms_median": round(statistics.median(waits), 1),
        "train_click_to_result_ms_p95": round(waits[int(0.95 * (len(waits) - 1))], 1),
        "explorer_rerun_ms_median": round(statistics.median(times), 1),
        "explorer_rerun_ms_p95": round(times[int(0.95 * (len(times) - 1))], 1),
        "explorer_reruns": len(times),
        "explorer_rerun_ms_p95_after_first_10_s": round(settled[int(0.95 * (len(settled) - 1))], 1)
        if settled
        else None,
        "trainers": trainers,
        "trainer_think_seconds": list(think),
        "train_presses": sum(t["presses"] for t in trained),
        "train_told_busy": sum(t["busy"] for t in trained),
        "errors": sum(len(t["errors"]) for t in trained) + sum(len(tab.errors) for tab in tabs),
    }


def main(args) -> dict:
    figures = {"calibration_numpy_forward_ms": calibration_ms()}
    if not args.only_load:
        figures.update(autodiff())
        figures.update(trace_times())
        figures.update(pulse_task())
    think = tuple(float(v) for v in args.think.split(","))
    if args.apps > 1:
        from deploy import cluster  # the multi-process path only

        with cluster.running(Path(tempfile.mkdtemp()), apps=args.apps, workers=0) as running:
            figures.update(asyncio.run(under_load(running.port, args.trainers, args.explorers, args.seconds, think,
                                                  running.new_cookie)))  # fmt: skip
            figures["apps"], figures["apps_that_served"] = args.apps, running.apps_that_served()
        figures["calibration_numpy_forward_ms_after"] = calibration_ms()
        return figures
    with serving() as server:
        if not args.only_load:
            figures.update(in_chromium(server.url))
        figures.update(asyncio.run(under_load(server.port, args.trainers, args.explorers, args.seconds, think)))
    figures["calibration_numpy_forward_ms_after"] = calibration_ms()
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--trainers", type=int, default=30)
    parser.add_argument("--explorers", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--think", default="1,3", help="a trainer's pause after each replay, seconds: low,high")
    parser.add_argument("--only-load", action="store_true", help="only the 30 trainers and 10 explorers")
    parser.add_argument("--apps", type=int, default=1, help="the load on this many app processes behind nginx")
    print(json.dumps(main(parser.parse_args())))
