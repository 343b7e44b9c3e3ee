"""The "Why LSTM" page in a real browser: the forget-bias slider moves the LSTM's curve."""

from playwright.sync_api import Page, expect

from tests.browser.helpers import open_from_sidebar, slider, slider_value, wait_for_app


def test_forget_bias_slider_moves_the_curve(page: Page, server_url, screenshot):
    open_from_sidebar(page, server_url, "Why LSTM")
    expect(page.get_by_role("heading", name="Why LSTM?")).to_be_visible()
    lstm_metric = page.get_by_test_id("stMetric").filter(has_text="LSTM, from t = 1 to T")
    before = lstm_metric.get_by_test_id("stMetricValue").inner_text()
    handle = slider(page, "forget_bias")
    handle.focus()
    handle.press("End")  # the largest forget bias: f ≈ 1
    assert slider_value(page, "forget_bias") == 10.0
    value = lstm_metric.get_by_test_id("stMetricValue")
    expect(value).not_to_have_text(before, timeout=20_000)  # the rerun may start a moment after the key press
    wait_for_app(page)
    after = value.inner_text()
    assert float(after) > float(before)
    expect(page.locator(".st-key-gradient_curves .js-plotly-plot")).to_be_visible()
    screenshot(page, "why_lstm_gradients")
