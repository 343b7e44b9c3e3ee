"""The faces lab in a real browser: a short quick demo trained on the Faces page, then its curves with the
early-stopping marks (the best epoch, the weights restored) beside the document's illustrative schedule."""

import re

from playwright.sync_api import Page, expect

from tests.browser.helpers import choose, open_from_sidebar, type_number, wait_for_app


def test_the_curves_of_a_run_with_their_early_stopping_marks(page: Page, server_url, screenshot):
    open_from_sidebar(page, server_url, "Faces (LFW)")
    page.get_by_role("tab", name="Train and judge").click()
    choose(page, "faces_recipe", "Quick demo")
    type_number(page, "faces_epochs_demo", "3")
    page.locator(".st-key-faces_train button").click()
    expect(page.get_by_text("Test accuracy", exact=True)).to_be_visible(timeout=300_000)

    open_from_sidebar(page, server_url, "Faces lab")
    expect(page.get_by_role("combobox", name="The run to read")).to_have_value(re.compile(r"^Quick demo \(seed 0\)"))
    page.get_by_role("tab", name="Epochs and early stopping").click()
    wait_for_app(page)
    curves = page.locator(".st-key-lab_curves .js-plotly-plot")
    expect(curves).to_be_visible(timeout=30_000)
    expect(curves).to_contain_text(re.compile(r"best: epoch \d"))  # the marks are drawn on the chart, not only told
    expect(page.get_by_text(re.compile(r"one epoch is \d+ updates"))).to_be_visible()
    expect(page.get_by_text(re.compile(r"The run went through its 3 epochs"))).to_be_visible()
    expect(page.locator(".st-key-lab_document_schedule .js-plotly-plot")).to_be_visible()
    curves.scroll_into_view_if_needed()
    screenshot(page, "faces_lab_curves")
