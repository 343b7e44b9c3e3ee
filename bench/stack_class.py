"""Issue 34 with a class at once: ``sessions`` Layers tabs over the real websocket (tests/browser/ws_client.py), each
changing its stack (the seed, a layer's size, return_sequences) every 0.5–1.5 s for ``seconds``. Last line: one JSON
object: the median and p95 time from a change to its run's end, the errors shown, and the calibration.

python bench/stack_class.py [--sessions 30] [--seconds 30]
"""

import argparse
import asyncio
import json
import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.explorer_browser import calibration_ms  # noqa: E402
from tests.browser.server import serving  # noqa: E402
from tests.browser.ws_client import Client  # noqa: E402


async def student(port: int, seconds: float, rng: random.Random, times: list, errors: list) -> None:
    async with Client(port, "layers") as tab:
        await tab.open()
        loop = asyncio.get_running_loop()
        end = loop.time() + seconds
        while loop.time() < end:
            await asyncio.sleep(rng.uniform(0.5, 1.5))
            change = rng.randrange(3)
            if change == 0:
                times.append(await tab.set("stack_seed", int_value=rng.randrange(1, 500)))
            elif change == 1:
                units = float(rng.randrange(1, 5))  # (a slider: the frontend sends a list of doubles)
                times.append(await tab.set("stack_units_1", double_array_value={"data": [units]}))
            else:
                times.append(await tab.set("stack_rs_2", bool_value=rng.random() < 0.5))
        errors.extend(tab.errors)


async def main(sessions: int, seconds: float) -> dict:
    with serving() as served:
        times: list[float] = []
        errors: list[str] = []
        rng = random.Random(0)
        tabs = [student(served.port, seconds, random.Random(rng.random()), times, errors) for _ in range(sessions)]
        await asyncio.gather(*tabs)
    ordered = sorted(times)
    return {
        "sessions": sessions,
        "changes": len(times),
        "change_to_run_end_ms_median": round(1000 * statistics.median(ordered), 1),
        "change_to_run_end_ms_p95": round(1000 * ordered[int(0.95 * (len(ordered) - 1))], 1),
        "errors": len(errors),
        "first_errors": sorted(set(errors))[:3],
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args()
    figures = {"calibration_numpy_forward_ms": calibration_ms()}
    figures.update(asyncio.run(main(args.sessions, args.seconds)))
    figures["calibration_numpy_forward_ms_after"] = calibration_ms()
    print(json.dumps(figures))
