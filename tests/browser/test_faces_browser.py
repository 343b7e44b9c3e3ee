"""The faces page in a real browser: a quick-demo training, then the confusion matrix."""

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import choose, open_from_sidebar, type_number


def test_quick_demo_then_confusion_matrix(page: Page, server_url, screenshot):
    open_from_sidebar(page, server_url, "Faces (LFW)")
    expect(page.get_by_text(re.compile(r"^\d+ images of \d+ people, 62×47 pixels"))).to_be_visible(timeout=60_000)
    page.get_by_role("tab", name="Train and judge").click()
    choose(page, "faces_recipe", "Quick demo")
    type_number(page, "faces_epochs_demo", "1")
    page.locator(".st-key-faces_train button").click()
    expect(page.get_by_text("Test accuracy", exact=True)).to_be_visible(timeout=240_000)
    expect(page.locator(".st-key-faces_confusion .js-plotly-plot")).to_be_visible()
    expect(page.get_by_text("Document 001's accuracy")).to_be_visible()
    screenshot(page, "faces_trained")
