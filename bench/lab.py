"""Figures of issue 27 (a lab of thirty). Last line: one JSON object.

python bench/lab.py [--trainers 30] [--explorers 10] [--skip-distributed | --only-distributed]  # ~15 min on 2 cores

Starts `streamlit run app.py` as a user would (runs kept in a temporary LSTM_VIZ_RUNS folder) and talks to it with
the browser-like websocket clients of bench/load.py (tests/browser/ws_client.py):

- solo_run_s: one tab trains the alphabet's variant 5 with the fast recipe, alone.
- the lab: ``trainers`` tabs press Train at the same moment (variant 5, fast recipe, a seed each) while
  ``explorers`` tabs keep moving weights in the explorer. first/median/last_result_s: from the press to the tab
  showing its result; queued_position_shown: whether every tab that had to wait was told its place in line;
  explorer_rerun_ms_median/p95: the explorer tabs' reruns while the lab trained; peak_rss_mb: the server and every
  process it started; errors: exceptions shown or runs that failed.
- runs_after_restart: three runs trained, the server stopped and started again on the same runs folder: how many
  of the three the alphabet page shows without training again.
- distributed: the same lab through the engine path (deploy/cluster.py: Redis, two RQ workers, two app processes
  behind nginx with sticky sessions), with upload_or_media_errors from pages that upload through the proxy.
- calibration_numpy_forward_ms before and after (the machine's speed today).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.explorer_browser import calibration_ms  # noqa: E402
from tests.browser.server import free_port, start_server, wait_healthy  # noqa: E402
from tests.browser.ws_client import Client  # noqa: E402

VARIANT = 5
RESULT = "Accuracy on"  # the alphabet page's result line
IN_LINE = ("in line", "в очереди")


def tree_rss_mb(pid: int) -> float:
    """The resident memory of a process and all its descendants (MB)."""
    total, children = 0.0, {pid}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if int(fields.get("PPid", "0").strip() or 0) == pid:
            children.add(int(status.parent.name))
    for child in children:
        try:
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            pass
    return total


class PeakRss:
    """Samples the RSS of a process tree every half second in a thread, keeping the peak."""

    def __init__(self, pids: list[int]) -> None:
        self.pids, self.peak, self._stop = pids, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self.peak = max(self.peak, sum(tree_rss_mb(pid) for pid in self.pids))

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


async def train(port: int, seed: int, variant: int = VARIANT, cookie: str = "", timeout: float = 1800) -> dict:
    """A tab that presses Train (fast recipe, this seed) and waits, as a browser does, for the result."""
    async with Client(port, page="alphabet", cookie=cookie) as tab:
        await tab.open()
        await tab.choose("variant", variant - 1)
        await tab.choose("recipe", 1)
        await tab.set("seed", double_value=seed)
        began = time.perf_counter()
        await tab.click("train")
        told, last_rerun = False, time.perf_counter()
        while not tab.has_text(RESULT):
            now = time.perf_counter()
            if now - began > timeout:
                tab.errors.append(f"seed {seed}: no result in {timeout} s")
                break
            told = told or any(mark in text for text in tab.texts for mark in IN_LINE)
            await asyncio.sleep(0.5)  # the progress fragment reruns itself (its run_every) and then the page
            if now - last_rerun > 20:  # a safety net: ask again now and then, as a reload would
                await tab.rerun()
                last_rerun = now
        return {"seed": seed, "seconds": time.perf_counter() - began, "told": told, "errors": tab.errors}


async def lab(port: int, trainers: int, explorers: int, cookie_for=None) -> dict:
    began = time.perf_counter()
    stop = [False]

    async def explorer(k: int) -> Client:
        cookie = cookie_for() if cookie_for else ""
        async with Client(port, cookie=cookie) as tab:
            await tab.open()
            rng = random.Random(500 + k)
            while not stop[0]:
                await asyncio.sleep(rng.uniform(0.5, 1.5))
                await tab.slide("W_i_0_0", round(rng.uniform(-10, 10), 1))
            return tab

    watchers = [asyncio.create_task(explorer(k)) for k in range(explorers)]
    results = await asyncio.gather(
        *(train(port, 100 + k, cookie=cookie_for() if cookie_for else "") for k in range(trainers))
    )
    stop[0] = True
    tabs = await asyncio.gather(*watchers)
    times = sorted(r["seconds"] for r in results)
    reruns = [1000 * run.seconds for tab in tabs for run in tab.runs[1:] if not run.timer]
    waited = [r for r in results if r["seconds"] > times[0] * 1.5]  # those that could not start at once
    return {
        "first_result_s": round(times[0], 1),
        "median_result_s": round(statistics.median(times), 1),
        "last_result_s": round(times[-1], 1),
        "lab_seconds": round(time.perf_counter() - began, 1),
        "queued_position_shown": all(r["told"] for r in waited) if waited else None,
        "tabs_told_their_place": sum(r["told"] for r in results),
        "explorer_reruns": len(reruns),
        "explorer_rerun_ms_median": round(statistics.median(reruns), 1) if reruns else None,
        "explorer_rerun_ms_p95": round(statistics.quantiles(reruns, n=20)[-1], 1) if len(reruns) > 1 else None,
        "errors": [e for r in results for e in r["errors"]] + [e for tab in tabs for e in tab.errors],
    }


async def shows_without_training(port: int, variant: int, seed: int) -> bool:
    async with Client(port, page="alphabet") as tab:
        await tab.open()
        await tab.choose("variant", variant - 1)
        await tab.choose("recipe", 1)
        await tab.set("seed", double_value=seed)
        return tab.has_text(RESULT)


def one_server(args, runs: Path) -> dict:
    figures: dict = {}
    port = free_port()
    env = {"LSTM_VIZ_RUNS": str(runs)}
    server = start_server(port, runs.parent / "streamlit.log", env)
    try:
        wait_healthy(port)
        solo = asyncio.run(train(port, 1))
        figures["solo_run_s"] = round(solo["seconds"], 1)
        with PeakRss([server.pid]) as rss:
            figures.update(asyncio.run(lab(port, args.trainers, args.explorers)))
        figures["peak_rss_mb"] = round(rss.peak)
        for variant in (1, 2, 3):  # three runs to find again after a restart
            asyncio.run(train(port, 7, variant=variant))
    finally:
        server.terminate()
        server.wait(timeout=30)
    server = start_server(port, runs.parent / "streamlit-2.log", env)
    try:
        wait_healthy(port)
        found = [asyncio.run(shows_without_training(port, variant, 7)) for variant in (1, 2, 3)]
        figures["runs_after_restart"] = sum(found)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return figures


def distributed(args, folder: Path) -> dict:
    """The lab through deploy/cluster.py (Redis, 2 RQ workers, 2 app processes behind nginx)."""
    from deploy import cluster  # the engine path only

    with cluster.running(folder, apps=2, workers=2) as running:
        with PeakRss(running.pids()) as rss:
            figures = asyncio.run(lab(running.port, args.trainers, args.explorers, cookie_for=running.new_cookie))
        figures["peak_rss_mb"] = round(rss.peak)
        figures["upload_or_media_errors"] = running.upload_errors(count=10)
        figures["apps_that_served"] = running.apps_that_served()
    return figures


def main() -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trainers", type=int, default=30)
    parser.add_argument("--explorers", type=int, default=10)
    parser.add_argument("--skip-distributed", action="store_true")
    parser.add_argument("--only-distributed", action="store_true", help="the engine path's lab alone")
    args = parser.parse_args()
    slots = os.environ.get("LSTM_VIZ_SLOTS", os.cpu_count())
    figures: dict = {"calibration_numpy_forward_ms": calibration_ms(), "trainers": args.trainers,
                     "explorers": args.explorers, "slots": slots}  # fmt: skip
    folder = Path(tempfile.mkdtemp(prefix="lstm-viz-lab-"))
    (folder / "runs").mkdir()
    if not args.only_distributed:
        figures.update(one_server(args, folder / "runs"))
    if not args.skip_distributed:
        try:
            figures["distributed"] = distributed(args, folder / "cluster")
        except Exception as error:  # reported, not hidden
            figures["distributed"] = {"error": f"{type(error).__name__}: {error}"}
    figures["calibration_numpy_forward_ms_after"] = calibration_ms()
    return figures


if __name__ == "__main__":
    print(json.dumps(main()))
