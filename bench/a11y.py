"""Figures of issue 25 (no dead keys; accessibility), measured in Debian's Chromium against `streamlit run app.py`.
Last line: one JSON object.

python bench/a11y.py            # ~5 min

- axe_violations_by_impact: axe-core (packaged by axe-playwright-python, read from disk) on every page, in English
  and Russian, normal and lecture mode, at 1280×720: {page: {mode: {minor, moderate, serious, critical}}}, with
  the totals beside it. `presentation-role-conflict` (Streamlit's own sidebar button) is counted apart.
- keys_after_change_ok: for each of the 4 changes that redraw the scene (a weight, the kind, the steps, the
  language), each of ←, →, PageDown and Space pressed after the change: does the step on screen, the diagram and
  the link's t agree on the step the key asked for? 16 checks.
- challenges_passed_by_keyboard: three challenges reached with Tab and solved with keys, no pointer event.
- svg_text_min_contrast: the lowest contrast ratio of any text in the scene's SVG (diagram, bars, charts) over
  five scenes (axe does not look inside SVG).
- live_region_updates_per_step: the live region's sentences per step over 10 steps by key (aim exactly 1).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.explorer_browser import calibration_ms  # noqa: E402
from lstm_viz.faces import DATA_HOME_VARIABLE  # noqa: E402
from lstm_viz.scene.contrast import ratio  # noqa: E402
from tests.browser import a11y, keyboard  # noqa: E402
from tests.browser.changes import CHANGES, agree, open_at  # noqa: E402
from tests.browser.helpers import wait_for_app  # noqa: E402
from tests.browser.server import CHROMIUM, CHROMIUM_ARGS, serving  # noqa: E402
from tests.browser.test_a11y_browser import MODES, PAGES, UNFIXABLE, svg_text_colours  # noqa: E402

KEYS = {"ArrowLeft": -1, "ArrowRight": 1, "PageDown": 1, "Space": None}  # Space plays: any later step will do
SVG_LINKS = ("?seq=pulse&n=20&t=3", "?kind=gru&t=3", "?kind=peephole&pf=1&t=3", "?kind=coupled&lecture=1&t=3",
             "?Bkind=rnn&kind=lstm&t=3")  # fmt: skip


def axe(browser, base: str) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    counts: dict = {}
    totals = {"minor": 0, "moderate": 0, "serious": 0, "critical": 0}
    unfixable = 0
    for name in PAGES:
        for mode, query in MODES.items():
            page.goto(f"{base}/{name}?{query}")
            wait_for_app(page, timeout=60_000)
            page.wait_for_timeout(600)
            found = a11y.violations(page)
            unfixable += sum(1 for v in found if v["id"] in UNFIXABLE)
            impact = a11y.by_impact([v for v in found if v["id"] not in UNFIXABLE])
            counts.setdefault(name or "explorer", {})[mode] = impact
            for level, number in impact.items():
                totals[level] += number
    context.close()
    return {"axe_violations_by_impact": counts, "axe_violations_total": totals,
            "axe_streamlit_sidebar_button_violations": unfixable}  # fmt: skip


def key_after_change(page, base: str, change: str, key: str) -> bool:
    try:
        open_at(page, base + "/?seq=sine&n=20&t=3")
        CHANGES[change](page)
        agree(page, 3)
        page.locator("h1").first.click()
        page.keyboard.press(key)
        if KEYS[key] is None:
            page.wait_for_timeout(800)
            page.keyboard.press("Space")  # pause, then the step shown must be past 3 and agree everywhere
            page.wait_for_timeout(200)
            shown = int(page.locator(".lv-step-text").first.get_attribute("data-t"))
            if shown <= 3:
                return False
            agree(page, shown, timeout=5_000)
        else:
            agree(page, 3 + KEYS[key], timeout=5_000)
    except Exception:  # (an assertion or a time-out: the keys did not do what they should)
        return False
    return True


def keys_after_change(browser, base: str) -> dict:
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    results = {f"{change}:{key}": key_after_change(page, base, change, key) for change in CHANGES for key in KEYS}
    page.close()
    return {"keys_after_change_ok": sum(results.values()), "keys_after_change_checks": len(results),
            "keys_after_change_failed": [name for name, ok in results.items() if not ok]}  # fmt: skip


def challenges(browser, base: str) -> dict:
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    passed, presses, pointer = [], 0, 0
    for key in keyboard.SOLUTIONS:
        keyboard.solve(page, base, key)
        try:
            page.get_by_text("Passed!").wait_for(timeout=20_000)
            passed.append(key)
        except Exception:  # (a time-out: not passed)
            pass
        pointer += keyboard.pointer_events(page)
        presses += sum(times for _, _, times in keyboard.SOLUTIONS[key])
    page.close()
    return {"challenges_passed_by_keyboard": len(passed), "challenges_tried_by_keyboard": len(keyboard.SOLUTIONS),
            "challenge_key_presses_besides_tab": presses, "challenge_pointer_events": pointer}  # fmt: skip


def svg_contrast(browser, base: str) -> dict:
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    lowest, count = 99.0, 0
    for link in SVG_LINKS:
        page.goto(base + "/" + link)
        wait_for_app(page, timeout=60_000)
        page.wait_for_timeout(600)
        for text in svg_text_colours(page):
            lowest = min(lowest, ratio(text["fill"], text["background"]))
            count += 1
    page.close()
    return {"svg_text_min_contrast": round(lowest, 2), "svg_texts_checked": count}


def live_region(browser, base: str) -> dict:
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    page.goto(base + "/?seq=pulse&n=20")
    wait_for_app(page)
    live = page.locator(".lv-live")
    before = int(live.get_attribute("data-updates"))
    page.locator("h1").first.click()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(60)
    page.wait_for_timeout(300)
    after = int(live.get_attribute("data-updates"))
    page.close()
    return {"live_region_updates_per_step": round((after - before) / 10, 2)}


def main() -> dict:
    figures = {"calibration_numpy_forward_ms": calibration_ms()}
    folder = Path(tempfile.mkdtemp())
    with serving({DATA_HOME_VARIABLE: str(folder)}, folder / "streamlit.log") as server:  # faces: "no data"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for part in (keys_after_change, challenges, svg_contrast, live_region, axe):
                figures.update(part(browser, server.url))
            browser.close()
    figures["calibration_numpy_forward_ms_after"] = calibration_ms()
    return figures


if __name__ == "__main__":
    print(json.dumps(main()))
