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


def test_the_2024_cells_join_the_gradient_chart_in_russian(page: Page, server_url, screenshot):
    open_from_sidebar(page, server_url, "Why LSTM")
    page.locator(".st-key-lang").get_by_text("Русский").click()
    wait_for_app(page)
    page.locator(".st-key-grad_preset_long_memory button").click()
    wait_for_app(page)
    page.locator(".st-key-grad_new_kinds").get_by_text("Добавить ячейки 2024 года").click()
    wait_for_app(page)
    legend = page.locator(".st-key-gradient_curves .legend")
    for name in ("sLSTM (2024)", "minLSTM (2024)", "mLSTM (2024)", "линейное внимание"):
        expect(legend).to_contain_text(name)
    expect(page.get_by_text("Ячейки 2024 года", exact=False).first).to_be_visible()
    page.locator(".st-key-gradient_curves").scroll_into_view_if_needed()
    screenshot(page, "why_lstm_gradients_2024_ru", full_page=False)
