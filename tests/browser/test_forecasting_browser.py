"""The forecasting page in a real browser: train the sine quickly and see both curves."""

from playwright.sync_api import Page, expect

from tests.browser.helpers import choose, open_from_sidebar, type_number


def test_train_the_sine_quickly(page: Page, server_url, screenshot):
    open_from_sidebar(page, server_url, "Forecasting")
    choose(page, "fc_recipe", "Our default")
    type_number(page, "fc_epochs", "4")
    page.locator(".st-key-fc_train button").click()
    chart = page.locator(".st-key-forecast_chart")
    expect(chart).to_be_visible(timeout=180_000)
    expect(chart.get_by_text("forecast on its own (autoregressive)")).to_be_visible()
    expect(chart.get_by_text("one step ahead")).to_be_visible()
    expect(page.get_by_text("Autoregressive: RMSE")).to_be_visible()
    expect(page.locator(".lv-scene .lv-diagram")).to_be_visible()
    screenshot(page, "forecasting_trained")
