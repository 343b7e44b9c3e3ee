"""Figures of issue 7 (a classroom on one server). Last line: one JSON object.

python bench/load.py [--sessions 30] [--seconds 30] [--trainings 20]

Starts `streamlit run app.py` as a user would and talks to it over the real websocket with browser-like clients
(tests/browser/ws_client.py: the widget states the frontend sends, fragments rerun on their interval):

1. ``sessions`` explorer tabs at once, each moving a weight or a bias, or reporting the step it stopped at, every
   0.5–1.5 s (a fifth of them are playing, which the browser does on its own: they only report a step now and
   then): the median time from a request to its run's end (reruns after the tabs opened; opening all of them at
   the same moment is reported on its own), and every error.
2. Three tabs train alphabet variants 1, 2 and 3 at the same time (other seeds) while ten explorer tabs keep
   working: each must get its own model (its accuracy, and the letter it predicts for its own kind of input).
3. One tab trains the same page ``trainings`` times (a new seed each time): the server's RSS after each run.
4. Hostile values sent straight over the websocket (no browser clamps them): query strings, text fields and
   number inputs out of range, NaN, inf, huge, very long. Any exception shown or run that fails counts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.explorer_browser import calibration_ms  # noqa: E402
from tests.browser.classroom import explorer_user, train_alphabet, trainer  # noqa: E402
from tests.browser.server import serving  # noqa: E402
from tests.browser.ws_client import Client  # noqa: E402


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def user_ms(tabs: list[Client], until: float = math.inf) -> list[float]:
    """Times of the reruns the users asked for (begun by ``until``), not opening the page."""
    return [1000 * run.seconds for tab in tabs for run in tab.runs[1:] if not run.timer and run.began <= until]


async def explorer_load(port: int, sessions: int, seconds: float) -> dict:
    until = time.perf_counter() + seconds
    tabs = await asyncio.gather(
        *(explorer_user(port, until, random.Random(k), playing=k % 5 == 0) for k in range(sessions))
    )
    times = user_ms(tabs)
    opens = [1000 * tab.runs[0].seconds for tab in tabs]  # every tab opened at the same moment
    timers = [run for tab in tabs for run in tab.runs if run.timer]
    return {
        "runs": len(times),
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(statistics.quantiles(times, n=20)[-1], 1),
        "open_median_ms": round(statistics.median(opens), 1),
        "timer_runs": len(timers),  # none: playback needs no server
        "errors": [error for tab in tabs for error in tab.errors],
    }


async def concurrent_trainings(port: int) -> dict:
    began = time.perf_counter()
    watchers = asyncio.gather(
        *(explorer_user(port, began + 40, random.Random(100 + k), playing=False) for k in range(10))
    )
    results = await asyncio.gather(*(trainer(port, variant, 10 + variant) for variant in (1, 2, 3)))
    done = time.perf_counter()
    tabs = await watchers
    during = user_ms(tabs, until=done)
    ok = all(r["own_model"] and r["accuracy"] == "100.00%" and not r["errors"] for r in results)
    return {
        "ok": ok,
        "runs": results,
        "explorer_median_ms_while_training": round(statistics.median(during), 1),
        "errors": [error for tab in tabs for error in tab.errors] + [e for r in results for e in r["errors"]],
    }


async def repeated_trainings(port: int, pid: int, count: int) -> dict:
    curve, seconds = [round(rss_mb(pid), 1)], []
    async with Client(port, page="alphabet") as tab:
        await tab.open()
        for k in range(count):
            seconds.append(round(await train_alphabet(tab, 3, 1000 + k), 1))
            curve.append(round(rss_mb(pid), 1))
        errors = tab.errors
    return {
        "rss_mb_before_and_after_each": curve,
        "growth_mb_after_first": round(curve[-1] - curve[1], 1),  # the first run also loads TensorFlow
        "seconds": seconds,
        "errors": errors,
    }


HOSTILE_TEXT = [
    "",
    " ",
    "nan",
    "inf, -inf",
    "1e308, -1e308",
    "1e999",
    "0x1F",
    "1,,2",
    "a" * 10_000,
    "1, " * 5000,
    "<script>alert(1)</script>",
    "**bold** $x$ :red[red]",
    "\x00\x01\x02",
    "😀🧠",
    "'; DROP TABLE students; --",
    "../../etc/passwd",
    "%s%s%n",
    "-0",
    "１２３",  # full-width digits
]
HOSTILE_NUMBERS = [1e308, -1e308, 2.0**63, -(2.0**63), 1e9, 0.5, -1, 0]
NOT_FINITE = [math.nan, math.inf, -math.inf]  # only into float inputs: see int_inputs_reject_nan in the note
PAGES = ["", "alphabet", "faces", "forecasting", "why-lstm"]


async def hostile(port: int) -> dict:
    tried, errors = 0, []
    for page in PAGES:  # query strings on every page
        for text in HOSTILE_TEXT[:12]:
            value = quote(text[:2000])
            query = f"seq=custom&custom={value}&t={value}&units={value}&W_f_0={value}&preset={value}&{value}={value}"
            async with Client(port, page=page, query=query) as tab:
                await tab.open()
                tried += 1
                errors += [f"{page}?{query[:60]}: {error}" for error in tab.errors]
    async with Client(port, query="seq=custom") as tab:  # the explorer's own numbers
        await tab.open()
        for text in HOSTILE_TEXT:
            await tab.set("custom", string_value=text)
            tried += 1
        errors += tab.errors
    for page, keys in {
        "forecasting": ["fc_start", "fc_stop", "fc_points", "fc_window", "fc_seed", "fc_epochs", "fc_units_"],
        "why-lstm": ["calc_units", "calc_features", "calc_dense"],
        "alphabet": ["seed", "epochs_1_course"],
    }.items():  # number inputs: values a browser would never send
        async with Client(port, page=page) as tab:
            await tab.open()
            for prefix in keys:  # (a recipe's own inputs end with its name)
                key = next(name for name in tab.widgets if name.startswith(prefix))
                floats = key in ("fc_start", "fc_stop")
                for number in HOSTILE_NUMBERS + (NOT_FINITE if floats else []):
                    await tab.set(key, double_value=number)
                    tried += 1
            errors += [f"{page}: {error}" for error in tab.errors]
    return {"tried": tried, "errors": errors}


def hostile_inputs_tried_by_tests() -> tuple[int, bool]:
    """Run tests/test_hostile_inputs.py (hypothesis through AppTest) and count the inputs it tried."""
    count_file = Path(tempfile.mkdtemp()) / "count.json"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", str(ROOT / "tests" / "test_hostile_inputs.py")],
        cwd=ROOT,
        env={**os.environ, "LSTM_VIZ_HOSTILE_COUNT": str(count_file)},
        capture_output=True,
        text=True,
    )
    counts = json.loads(count_file.read_text()) if count_file.exists() else {}
    print("hostile inputs by the tests:", counts, result.stdout.strip().splitlines()[-1:], flush=True)
    return sum(counts.values()), result.returncode == 0


async def main(args) -> dict:
    calibration = calibration_ms()
    log = Path(tempfile.mkdtemp()) / "server.log"
    with serving(log=log) as server:
        port = server.port
        async with Client(port) as warm:  # the first run imports the page's modules
            await warm.open()
        load = await explorer_load(port, args.sessions, args.seconds)
        print("explorer load:", json.dumps(load)[:400], flush=True)
        training = await concurrent_trainings(port)
        print("concurrent trainings:", json.dumps(training), flush=True)
        memory = await repeated_trainings(port, server.process.pid, args.trainings)
        print("repeated trainings:", json.dumps(memory), flush=True)
        attack = await hostile(port)
        print("hostile:", json.dumps(attack)[:2000], flush=True)
    tracebacks = log.read_text().count("Traceback")
    by_tests, tests_passed = hostile_inputs_tried_by_tests()
    errors = load["errors"] + training["errors"] + memory["errors"] + attack["errors"]
    return {
        "calibration_numpy_forward_ms": calibration,
        "sessions": args.sessions,
        "explorer_runs_under_load": load["runs"],
        "explorer_rerun_ms_median_under_load": load["median_ms"],
        "explorer_rerun_ms_p95_under_load": load["p95_ms"],
        "explorer_open_ms_median_all_tabs_at_once": load["open_median_ms"],
        "server_runs_from_playback_timers": load["timer_runs"],
        "concurrent_trainings_ok": training["ok"],
        "explorer_rerun_ms_median_while_3_train": training["explorer_median_ms_while_training"],
        "rss_mb_curve_20_trainings": memory["rss_mb_before_and_after_each"],
        "rss_growth_mb_20_trainings": memory["growth_mb_after_first"],
        "hostile_inputs_tried_over_websocket": attack["tried"],
        "hostile_inputs_tried_by_tests": by_tests,
        "hostile_input_tests_passed": tests_passed,
        "server_log_tracebacks": tracebacks,
        "errors": len(errors) + tracebacks + (not tests_passed),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--trainings", type=int, default=20)
    print(json.dumps(asyncio.run(main(parser.parse_args()))))
