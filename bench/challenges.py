"""Figures of issue 17 (challenges and lectures). Last line: one JSON object.

python bench/challenges.py        # about a minute

- check_ms_median / _p95: one criterion check after a slider move (the NumPy forward of the challenge's cell and
  every condition on its trace), over random moves of every challenge's sliders;
- challenge_rerun_ms_median: the whole page's server rerun after a slider move (AppTest), for scale;
- scenes_loaded_ok / scenes_total: every scene of every shipped lecture presented in AppTest, stepping with Next;
- calibration_numpy_forward_ms: the machine's speed today (the explorer's NumPy forward, 100 steps × 4 units).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from bench.explorer_browser import calibration_ms  # noqa: E402
from lstm_viz import lectures  # noqa: E402
from lstm_viz.challenges import CHALLENGES  # noqa: E402
from lstm_viz.challenges.base import LIMIT, STEP  # noqa: E402


def check_times(moves: int = 60) -> dict:
    rng = np.random.default_rng(0)
    times, per_challenge = [], {}
    for challenge in CHALLENGES:
        mine = []
        for _ in range(moves):
            values = list(challenge.solution_values())
            if values:
                k = int(rng.integers(len(values)))
                values[k] = float(np.clip(values[k] + STEP * int(rng.integers(-5, 6)), -LIMIT, LIMIT))
            began = time.perf_counter()
            challenge.grade(tuple(values), challenge.solution_pins)
            mine.append(1000 * (time.perf_counter() - began))
        per_challenge[challenge.key] = round(statistics.median(mine), 3)
        times += mine
    times.sort()
    return {
        "check_ms_median": round(statistics.median(times), 3),
        "check_ms_p95": round(times[int(0.95 * (len(times) - 1))], 3),
        "check_ms_by_challenge": per_challenge,
    }


def page_rerun_ms(repeats: int = 20) -> float:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app_main.py"), default_timeout=60)
    at.switch_page("pages/challenges.py")
    at.query_params["ch"] = "keep_pulse"
    at.run()
    durations = []
    for k in range(repeats):
        at.select_slider(key="ch_keep_pulse_b_f").set_value(round(k * 0.3, 1))
        began = time.perf_counter()
        at.run()
        durations.append(1000 * (time.perf_counter() - began))
        assert not at.exception
    return round(statistics.median(durations), 1)


def scenes_loaded() -> tuple[int, int, list[str]]:
    from streamlit.testing.v1 import AppTest

    ok, total, failures = 0, 0, []
    for name in lectures.available():
        lecture = lectures.load(name)
        at = AppTest.from_file(str(ROOT / "app_main.py"), default_timeout=120)
        at.query_params["lecture"] = name
        at.run()
        for number, scene in enumerate(lecture.scenes, 1):
            total += 1
            shown = [m.value for m in at.markdown]
            if not at.exception and f"{number} / {len(lecture.scenes)}" in shown:
                ok += 1
            else:
                failures.append(f"{name} #{number}")
            if number < len(lecture.scenes):
                at.button(key="lecture_next").click()
                at.switch_page(f"pages/{scene.page}.py").run()  # the page on screen, as a browser keeps it
    return ok, total, failures


def main() -> dict:
    figures = {"calibration_numpy_forward_ms": calibration_ms(), "challenges": len(CHALLENGES)}
    figures.update(check_times())
    figures["challenge_rerun_ms_median"] = page_rerun_ms()
    ok, total, failures = scenes_loaded()
    figures.update({"scenes_loaded_ok": ok, "scenes_total": total, "scenes_failed": failures})
    figures["calibration_numpy_forward_ms_after"] = calibration_ms()
    return figures


if __name__ == "__main__":
    print(json.dumps(main()))
