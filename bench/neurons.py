"""Figures of "What neurons learn" (issue 16). Last line: one JSON object.

    python bench/neurons.py        # about 4 minutes on 2 cores

- the default character model on the standard library's Python: training seconds, held-out bits per character
  (and the unigram baseline of the same held-out text);
- the best unit per text feature and its r, over 10,000 held-out characters, for the default recipe and seed;
- the counting models (LSTM, GRU; same budget): accuracy per n (trained on n ≤ 10, tested to 100) and seconds;
- the text view's first paint for a 2,000-character passage in Debian's Chromium (median of 7 loads).
A calibration figure (the NumPy forward of 100 steps × 4 units, ms) is printed before and after.
"""

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from bench.explorer_browser import calibration_ms  # noqa: E402

SHOWN_N = (1, 5, 10, 11, 12, 15, 20, 30, 40, 50, 75, 100)


def char_model(figures: dict):
    from lstm_viz.models.charlm import train_chars
    from lstm_viz.neurons import corpus, reading
    from lstm_viz.neurons.recipes import CharRecipe
    from lstm_viz.training import Progress

    recipe = CharRecipe()
    result = train_chars(corpus.standard_library().text, "stdlib", recipe, Progress(0))
    figures["char_recipe"] = {"units": recipe.units, "sequence_length": recipe.sequence_length, "epochs": recipe.epochs}
    figures["char_model_train_seconds"] = round(result.seconds, 1)
    figures["char_model_heldout_bits_per_char"] = round(result.heldout_bits, 3)
    figures["char_model_unigram_bits_per_char"] = round(result.unigram_bits, 3)
    figures["char_model_bits_by_epoch"] = [round(row["val_loss_bits"], 3) for row in result.history]
    print("char model", result.seconds, result.heldout_bits, file=sys.stderr, flush=True)
    text = result.held_out[: reading.TABLE_TEXT]
    table = reading.unit_table(reading.states_of(result.weights, result.charset, text), text)
    figures["best_unit_abs_r"] = {
        row.feature: {"unit": row.unit + 1, "of": row.quantity, "r": round(row.r, 3), "abs_r": round(abs(row.r), 3)}
        for row in table.rows
    }
    figures["features_with_abs_r_over_0_7"] = sum(abs(row.r) >= 0.7 for row in table.rows)
    figures["sample_after_last_epoch"] = result.samples[-1][1][:160]
    return result


def counting_models(figures: dict) -> None:
    from lstm_viz.models.counting import train_counting
    from lstm_viz.neurons import counting
    from lstm_viz.neurons.recipes import CountingRecipe, CountingRun
    from lstm_viz.training import Progress

    recipe = CountingRecipe()
    figures.update(train_max_n=counting.TRAIN_MAX_N, test_max_n=counting.TEST_MAX_N, counting_units=recipe.units)
    figures["counting_accuracy_by_n"], figures["counting_train_seconds"], figures["counting_right_up_to_n"] = {}, {}, {}
    for kind in ("lstm", "gru"):
        result = train_counting(CountingRun(kind, counting.TRAIN_MAX_N, 0, recipe), Progress(0))
        figures["counting_accuracy_by_n"][kind] = {n: round(result.accuracy_by_n[n], 1) for n in SHOWN_N}
        figures["counting_train_seconds"][kind] = round(result.seconds, 1)
        figures["counting_right_up_to_n"][kind] = result.generalises_to
        print(kind, result.generalises_to, result.seconds, file=sys.stderr, flush=True)


def text_view_ms(result) -> float:
    from playwright.sync_api import sync_playwright

    from lstm_viz import textview
    from lstm_viz.i18n import Texts
    from lstm_viz.neurons import reading
    from tests.browser.server import CHROMIUM, CHROMIUM_ARGS

    text = result.held_out[: reading.PASSAGE]
    values = reading.values_of(reading.trace_of(result.weights, result.charset, text))
    data = textview.payload(values, text, 0, Texts("en"))
    script = textview.renderer().replace("export default mount;", "")
    probe = (ROOT / "bench" / "js" / "textview_probe.js").read_text(encoding="utf-8")
    page_html = (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{textview.stylesheet()}</style></head><body>"
        f"<div id='tv-root'></div><script type='application/json' id='tv-data'>{json.dumps(data)}</script>"
        f"<script type='module'>{script}\n{probe}</script></body></html>"
    )
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        path = Path(folder) / "textview.html"
        path.write_text(page_html, encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        times = []
        for _ in range(7):
            page.goto(path.as_uri())
            page.wait_for_function("window.__textviewMs !== undefined")
            assert page.evaluate("window.__textviewSpans") == len(text)
            times.append(page.evaluate("window.__textviewMs"))
        browser.close()
    return round(statistics.median(times), 1)


def main() -> dict:
    figures = {"calibration_numpy_forward_ms": calibration_ms()}
    result = char_model(figures)
    figures["text_view_render_ms"] = text_view_ms(result)
    figures["text_view_characters"] = 2000
    counting_models(figures)
    figures["calibration_numpy_forward_ms_after"] = calibration_ms()
    return figures


if __name__ == "__main__":
    print(json.dumps(main(), ensure_ascii=False))
