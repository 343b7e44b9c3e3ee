"""The faces page in a real browser: a quick-demo training, then the confusion matrix."""

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import wait_for_app


def test_quick_demo_then_confusion_matrix(page: Page, server_url, screenshot):
    page.goto(server_url)
    wait_for_app(page)
    page.get_by_role("link", name="Faces (LFW)").click()
    wait_for_app(page)
    expect(page.get_by_text(re.compile(r"^\d+ images of \d+ people, 62×47 pixels"))).to_be_visible(timeout=60_000)
    page.get_by_role("tab", name="Train and judge").click()
    page.locator(".st-key-faces_recipe").get_by_text("Quick demo").click()
    wait_for_app(page)
    epochs = page.locator(".st-key-faces_epochs_demo input")
    epochs.fill("1")
    epochs.press("Enter")
    wait_for_app(page)
    page.locator(".st-key-faces_train button").click()
    expect(page.get_by_text("Test accuracy", exact=True)).to_be_visible(timeout=240_000)
    expect(page.locator(".st-key-faces_confusion .js-plotly-plot")).to_be_visible()
    expect(page.get_by_text("Document 001's accuracy")).to_be_visible()
    screenshot(page, "faces_trained")
