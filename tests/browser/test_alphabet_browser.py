"""The alphabet page in a real browser: train variant 3 with the fast recipe, see the accuracy and the table."""

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import wait_for_app


def test_train_variant_3_fast(page: Page, server_url, screenshot):
    page.goto(server_url)
    wait_for_app(page)
    page.get_by_role("link", name="Alphabet").click()
    wait_for_app(page)
    page.locator(".st-key-variant").get_by_text("3. Three letters as three time steps").click()
    wait_for_app(page)
    page.locator(".st-key-recipe").get_by_text("Fast recipe").click()
    wait_for_app(page)
    page.locator(".st-key-train button").click()
    expect(page.get_by_test_id("stProgress")).to_be_visible(timeout=30_000)
    accuracy = page.get_by_test_id("stMetric").filter(has_text=re.compile("^Accuracy"))
    expect(accuracy).to_be_visible(timeout=120_000)
    expect(accuracy.get_by_test_id("stMetricValue")).to_have_text("100.00%")
    expect(page.get_by_text("Document 003 (course recipe)")).to_be_visible()
    expect(page.get_by_test_id("stDataFrame").nth(1)).to_be_visible()
    screenshot(page, "alphabet_trained")
