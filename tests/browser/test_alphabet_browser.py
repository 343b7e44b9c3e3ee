"""The alphabet page in a real browser: train variant 3 with the fast recipe, see the accuracy and the table."""

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import choose, open_from_sidebar


def test_train_variant_3_fast(page: Page, server_url, screenshot):
    open_from_sidebar(page, server_url, "Alphabet")
    choose(page, "variant", "3. Three letters as three time steps")
    choose(page, "recipe", "Fast recipe")
    page.locator(".st-key-train button").click()
    expect(page.get_by_test_id("stProgress")).to_be_visible(timeout=30_000)
    accuracy = page.get_by_test_id("stMetric").filter(has_text=re.compile("^Accuracy"))
    expect(accuracy).to_be_visible(timeout=120_000)
    expect(accuracy.get_by_test_id("stMetricValue")).to_have_text("100.00%")
    expect(page.get_by_text("Document 003 (LSTM, course recipe)")).to_be_visible()
    expect(page.get_by_test_id("stDataFrame").nth(1)).to_be_visible()
    page.get_by_role("tab", name="Look inside the layer").click()
    expect(page.locator(".lv-scene .lv-diagram")).to_be_visible()
    screenshot(page, "alphabet_trained")
