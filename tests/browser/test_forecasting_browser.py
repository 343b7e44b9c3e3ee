"""The forecasting page in a real browser: train the sine quickly and see both curves."""

from playwright.sync_api import Page, expect

from tests.browser.helpers import wait_for_app


def test_train_the_sine_quickly(page: Page, server_url, screenshot):
    page.goto(server_url)
    wait_for_app(page)
    page.get_by_role("link", name="Forecasting").click()
    wait_for_app(page)
    page.locator(".st-key-fc_recipe").get_by_text("Our default").click()
    wait_for_app(page)
    epochs = page.locator(".st-key-fc_epochs input")
    epochs.fill("4")
    epochs.press("Enter")
    wait_for_app(page)
    page.locator(".st-key-fc_train button").click()
    chart = page.locator(".st-key-forecast_chart")
    expect(chart).to_be_visible(timeout=180_000)
    expect(chart.get_by_text("forecast on its own (autoregressive)")).to_be_visible()
    expect(chart.get_by_text("one step ahead")).to_be_visible()
    expect(page.get_by_text("On its own: RMSE")).to_be_visible()
    screenshot(page, "forecasting_trained")
