"""The alphabet page in a real browser: train variant 3 with the fast recipe, see the accuracy and the table."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import SCREENSHOTS
from tests.browser.helpers import choose, open_from_sidebar, wait_for_app
from tests.browser.lecture_checks import in_view, lecture_mode, russian_number_problems, truncated_labels

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_train_variant_3_fast(page: Page, server_url, screenshot):
    open_from_sidebar(page, server_url, "Alphabet")
    choose(page, "variant", "3. Three letters as three time steps")
    choose(page, "recipe", "Fast recipe")
    page.locator(".st-key-train button").click()
    expect(page.get_by_test_id("stProgress")).to_be_visible(timeout=30_000)
    accuracy = page.get_by_test_id("stMetric").filter(has_text=re.compile("^Accuracy"))
    expect(accuracy).to_be_visible(timeout=120_000)
    expect(accuracy.get_by_test_id("stMetricValue")).to_have_text("100.00%")
    expect(page.get_by_text("Document 003", exact=True)).to_be_visible()
    assert "variant=3" in page.url and "recipe=fast" in page.url and "epochs=10" in page.url  # the settings' link
    expect(page.get_by_test_id("stDataFrame").nth(1)).to_be_visible()
    page.get_by_role("tab", name="Look inside the layer").click()
    expect(page.locator(".lv-scene .lv-diagram")).to_be_visible()
    screenshot(page, "alphabet_trained")


LECTURE = {"width": 1280, "height": 720}  # a projector
TRAINED = "alphabet?variant=3&layer=LSTM&recipe=fast&seed=7&epochs=10"  # the run test_train_variant_3_fast trained


def _wait_in_view(page: Page, locator, seconds: float = 10.0) -> None:
    import time

    deadline = time.monotonic() + seconds
    while not in_view(page, locator):
        assert time.monotonic() < deadline, f"Stop is not in sight after a reload: {locator.bounding_box()}"
        page.wait_for_timeout(200)


def test_a_reload_mid_run_finds_the_run_and_stop_stays_in_sight(page: Page, server_url):
    """Issue 35, items 1 and 3: in lecture mode at 1280×720 in Russian, Train; Stop is in sight; F5 brings back the
    run's progress and Stop (the settings are in the link); Stop ends it."""
    page.set_viewport_size(LECTURE)
    lecture_mode(page, server_url, "alphabet?variant=3&layer=GRU&recipe=course&seed=11&epochs=500", "ru")
    wait_for_app(page)
    page.locator(".st-key-train button").click()
    expect(page.get_by_test_id("stProgress")).to_be_visible(timeout=30_000)
    stop = page.locator(".st-key-alphabet_job_stop button").first  # (a fragment may briefly hold two)
    expect(stop).to_be_visible()
    assert in_view(page, stop), stop.bounding_box()
    page.reload()
    wait_for_app(page)
    expect(page.get_by_test_id("stProgress")).to_be_visible(timeout=30_000)
    expect(stop).to_be_visible()
    # a reloaded page opens at its top (the settings above the panel): it brings the run's Stop into sight itself
    _wait_in_view(page, stop)
    assert "variant=3" in page.url and "layer=GRU" in page.url and "recipe=course" in page.url
    stop.click()
    expect(page.get_by_test_id("stMetric").first).to_be_visible(timeout=60_000)  # what it learned so far


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_trained_page_in_lecture_mode(page: Page, server_url, lang):
    """Issue 35, items 2, 6, 12: every metric label whole, every Russian number written the Russian way; the docs'
    screenshots. Reads the run test_train_variant_3_fast trained (trained here if it runs alone)."""
    page.set_viewport_size(LECTURE)
    lecture_mode(page, server_url, TRAINED, lang)
    wait_for_app(page)
    metric = page.get_by_test_id("stMetric").first
    if not metric.is_visible():
        page.locator(".st-key-train button").click()
    expect(metric).to_be_visible(timeout=120_000)
    page.get_by_role("tab", name="Вероятности" if lang == "ru" else "Probabilities").click()
    expect(page.locator(".st-key-alphabet_heatmap .js-plotly-plot")).to_be_visible()
    assert truncated_labels(page) == []
    if lang == "ru":
        expect(page.get_by_test_id("stMetricLabel").filter(has_text="Документ 003")).to_be_visible()
        assert russian_number_problems(page) == []
    page.get_by_role("tab", name="Заглянуть внутрь слоя" if lang == "ru" else "Look inside the layer").click()
    expect(page.locator(".lv-scene .lv-diagram")).to_be_visible()
    if lang == "ru":
        assert russian_number_problems(page) == []
    page.screenshot(path=str(SCREENSHOTS / f"alphabet_inside_lecture_{lang}.png"))
    page.get_by_role("tab", name="Все примеры" if lang == "ru" else "Every pattern").click()
    page.wait_for_timeout(300)
    page.screenshot(path=str(DOCS / f"alphabet-lecture.{lang}.png"))
